import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { InputLimitError, InputReadError } from '../input/errors';
import { readTextFile } from '../input/read';
import { parseYaml, type YamlLimits } from '../input/yaml';
import { semanticIssues as checks } from './checks';
import { ConfigError, ConfigIssue, renderValue } from './errors';
import { toConfigIssues } from './issues';
import { mergeOutputs, outputsSchema } from './outputs';
import { EnvironmentSpec, environmentFileSchema } from './schema';

/** A validated environment: the file's settings (outputs merged, defaults filled) and its name. */
export type Environment = EnvironmentSpec & {
  /** Environment name: the file name without `.yaml`; also the `dist/<name>/` folder. */
  readonly name: string;
};

export interface LoadOptions {
  /** Folder holding `<env>.yaml` and `<env>.outputs.json`. @default "config" under the working directory */
  readonly configDir?: string;
  /**
   * Merge an outputs file that a bootstrap destroy marked (`destroyedAt`) instead of refusing it. Only the
   * bootstrap itself sets this (it finds resources by tags); a synth must not use deleted OCIDs. @default false
   */
  readonly acceptDestroyedOutputs?: boolean;
}

const ENV_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Bounds on reading an environment file and its outputs (the example is ~6 KB with no alias): a config file is
 * trusted more than guard input, but a typo'd path (`/dev/zero`, a FIFO) or a pasted alias bomb must still end in
 * a ConfigError within seconds, not in a hang or a 4 GB heap.
 */
export const CONFIG_INPUT_LIMITS = {
  /** Bytes of `<env>.yaml` or `<env>.outputs.json`. */
  maxBytes: 1024 * 1024,
  /** Time to read one file (only a FIFO or device can be slow). */
  timeLimitMs: 10_000,
  /** YAML bounds: nodes with aliases expanded, nesting, aliases, one document. */
  yaml: { maxNodes: 100_000, maxDepth: 64, maxAliases: 1000, maxDocuments: 1 } satisfies YamlLimits,
} as const;

function configDirOf(options: LoadOptions): string {
  return path.resolve(options.configDir ?? 'config');
}

function display(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}

/** Environment names found in the config folder, sorted. */
export function listEnvironments(options: LoadOptions = {}): string[] {
  const dir = configDirOf(options);
  if (!fs.existsSync(dir)) throw new ConfigError([{ file: display(dir), path: '', message: 'config folder not found; create it with at least one <env>.yaml (copy config/example.yaml)' }]);
  if (!fs.statSync(dir).isDirectory()) throw new ConfigError([{ file: display(dir), path: '', message: 'is a file, not a config folder; point to the folder holding <env>.yaml' }]);
  return fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -'.yaml'.length)).sort();
}

/** A file's text within {@link CONFIG_INPUT_LIMITS}; a bad path, bad UTF-8 or a limit becomes a ConfigError. */
function readText(file: string): string {
  try {
    return readTextFile(file, { maxBytes: CONFIG_INPUT_LIMITS.maxBytes, deadline: Date.now() + CONFIG_INPUT_LIMITS.timeLimitMs, timeLimitMs: CONFIG_INPUT_LIMITS.timeLimitMs });
  } catch (e) {
    if (e instanceof InputReadError || e instanceof InputLimitError) throw new ConfigError([{ file: display(file), path: '', message: e.reason }]);
    throw e;
  }
}

function readYaml(file: string): unknown {
  const text = readText(file);
  let documents: unknown[];
  try {
    documents = parseYaml(text, { file, limits: CONFIG_INPUT_LIMITS.yaml }).documents;
  } catch (e) {
    if (e instanceof InputLimitError) throw new ConfigError([{ file: display(file), path: '', message: e.reason }]);
    if (e instanceof yaml.YAMLException) {
      throw new ConfigError([{ file: display(file), path: '', line: (e.mark?.line ?? 0) + 1, message: `YAML syntax error: ${e.reason}; fix the syntax at this line` }]);
    }
    throw e;
  }
  if (documents.length > 1) throw new ConfigError([{ file: display(file), path: '', message: `holds ${documents.length} YAML documents; an environment is one document (remove the --- separators)` }]);
  return documents[0];
}

function readOutputs(file: string, acceptDestroyed: boolean | undefined): ReturnType<typeof outputsSchema.parse> | undefined {
  if (!fs.existsSync(file)) return undefined;
  const text = readText(file);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ConfigError([{ file: display(file), path: '', message: `not valid JSON (${(e as Error).message}); delete it and re-run the bootstrap apply` }]);
  }
  const parsed = outputsSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(toConfigIssues(display(file), parsed.error, raw));
  if (parsed.data.destroyedAt !== undefined && acceptDestroyed !== true) {
    throw new ConfigError([{
      file: display(file),
      path: 'destroyedAt',
      value: renderValue(parsed.data.destroyedAt),
      message: 'the resources these outputs name were destroyed (npm run bootstrap -- destroy); run the bootstrap apply again, or delete this file to use only the environment file',
    }]);
  }
  return parsed.data;
}

/**
 * Loads `config/<name>.yaml`, merges `config/<name>.outputs.json` over it when present, validates
 * the result strictly and fills defaults. Throws a ConfigError listing every problem.
 */
export function loadEnvironment(name: string, options: LoadOptions = {}): Environment {
  const dir = configDirOf(options);
  const file = path.join(dir, `${name}.yaml`);
  if (!ENV_NAME.test(name)) {
    throw new ConfigError([{ file: display(file), path: '', value: renderValue(name), message: 'environment name must be a DNS label (lower-case letters, digits, "-"); rename the file' }]);
  }
  if (!fs.existsSync(file)) {
    const known = fs.existsSync(dir) ? listEnvironments(options) : [];
    throw new ConfigError([{ file: display(file), path: '', message: `no such environment; known: ${known.join(', ') || 'none'} (create ${display(file)}, e.g. from config/example.yaml)` }]);
  }
  const raw = readYaml(file);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError([{ file: display(file), path: '', message: 'must be a YAML mapping of settings (see config/example.yaml)' }]);
  }
  const outputs = readOutputs(path.join(dir, `${name}.outputs.json`), options.acceptDestroyedOutputs);
  const merged = outputs === undefined ? raw : mergeOutputs(raw, outputs);
  const parsed = environmentFileSchema.safeParse(merged);
  if (!parsed.success) throw new ConfigError(toConfigIssues(display(file), parsed.error, merged));
  const problems: ConfigIssue[] = checks(parsed.data).map((i) => ({ file: display(file), path: i.path, value: renderValue(i.value), message: i.message }));
  if (problems.length > 0) throw new ConfigError(problems);
  return { ...parsed.data, name };
}

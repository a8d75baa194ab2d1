/**
 * Reads YAML files and directories into objects with their source (file, document index), reporting every
 * unreadable file or document as an input problem instead of failing the whole run.
 *
 * The guard runs on YAML from anyone (CI input), so every kind of work is bounded: bytes read per file and per run
 * (also from FIFOs and devices), documents and files per run, nodes per document and per run with aliases
 * expanded, nesting, aliases, and time. Hitting a bound is an input problem naming the file and the limit.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FAILSAFE_SCHEMA, Schema, boolYaml11Tag, floatYaml11Tag, intYaml11Tag, mergeTag, nullYaml11Tag } from 'js-yaml';
import { formatBytes } from '../input/bytes';
import { InputLimitError, InputReadError } from '../input/errors';
import { readTextFile } from '../input/read';
import { DEFAULT_YAML_LIMITS, parseYaml } from '../input/yaml';
import type { InputProblem, SourceRef } from './types';

/**
 * Scalars resolved as kubectl's YAML 1.1 parser does (`yes`/`on` are booleans, `0644` is octal) so the guard sees
 * the values the API server will see; timestamps stay strings, as sigs.k8s.io/yaml leaves them.
 */
export const KUBERNETES_YAML_SCHEMA = new Schema([...FAILSAFE_SCHEMA.tags, nullYaml11Tag, boolYaml11Tag, intYaml11Tag, floatYaml11Tag, mergeTag]);

const MIB = 1024 * 1024;

/** Options of {@link loadPaths} and {@link loadText}: the bounds of one run. */
export interface LoadOptions {
  /** Files larger than this are refused (not parsed). @default 32 MiB */
  readonly maxFileBytes?: number;
  /** Bytes read over the whole run. @default 64 MiB */
  readonly maxTotalBytes?: number;
  /** Documents larger than this are refused. @default 4 MiB */
  readonly maxDocumentBytes?: number;
  /** Documents (`---`-separated, comment-only ones included) over the whole run. @default 10,000 */
  readonly maxDocuments?: number;
  /** Files found by walking directories, over the whole run. @default 10,000 */
  readonly maxFiles?: number;
  /** Aliases allowed per document. @default 1000 */
  readonly maxAliases?: number;
  /** YAML nodes of one document with its aliases expanded (alias bombs). @default 1,000,000 */
  readonly maxNodes?: number;
  /** YAML nodes of all documents of the run, aliases expanded: bounds the memory and work of the checks. @default 2,000,000 */
  readonly maxTotalNodes?: number;
  /** Nesting of collections, aliases expanded. @default 100 */
  readonly maxDepth?: number;
  /** Time for reading and parsing everything, in milliseconds. @default 30,000 */
  readonly timeLimitMs?: number;
}

/** The defaults of {@link LoadOptions}. */
export const DEFAULT_LOAD_LIMITS: Required<LoadOptions> = {
  maxFileBytes: 32 * MIB,
  maxTotalBytes: 64 * MIB,
  maxDocumentBytes: 4 * MIB,
  maxDocuments: 10_000,
  maxFiles: 10_000,
  maxAliases: DEFAULT_YAML_LIMITS.maxAliases,
  maxNodes: DEFAULT_YAML_LIMITS.maxNodes,
  maxTotalNodes: 2_000_000,
  maxDepth: DEFAULT_YAML_LIMITS.maxDepth,
  timeLimitMs: 30_000,
};

export interface LoadedDocuments {
  /** Parsed documents (anything a YAML document can be; the guard checks the shape). */
  readonly documents: unknown[];
  /** Source of each document, index-aligned with `documents`. */
  readonly sources: SourceRef[];
  readonly problems: InputProblem[];
}

const count = (n: number): string => n.toLocaleString('en-US');

/** Thrown inside a run when a bound of the whole run is reached: nothing after it is read. */
class RunLimitReached extends Error {
  constructor(readonly problem: InputProblem) {
    super(problem.message);
  }
}

/** What one run has used so far, against its limits. */
class Budget {
  readonly limits: Required<LoadOptions>;
  readonly deadline: number;
  private bytes = 0;
  private documents = 0;
  private nodes = 0;

  constructor(options: LoadOptions) {
    const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as LoadOptions;
    this.limits = { ...DEFAULT_LOAD_LIMITS, ...given };
    this.deadline = Date.now() + this.limits.timeLimitMs;
  }

  /** Milliseconds left; throws when none are. */
  remainingMs(file: string): number {
    const left = this.deadline - Date.now();
    if (left <= 0) throw new RunLimitReached({ file, message: `reading stopped here: the input took more than ${this.limits.timeLimitMs / 1000} s to read and parse (the time limit); guard fewer files at once` });
    return left;
  }

  /** Bytes a file may still have. */
  bytesLeft(): number {
    return Math.min(this.limits.maxFileBytes, this.limits.maxTotalBytes - this.bytes);
  }

  spendBytes(file: string, n: number): void {
    this.bytes += n;
    if (this.bytes > this.limits.maxTotalBytes) throw new RunLimitReached({ file, message: `reading stopped here: the input is more than ${formatBytes(this.limits.maxTotalBytes)} in all (the limit per run); guard fewer files at once` });
  }

  spendDocuments(file: string, n: number): void {
    this.documents += n;
    if (this.documents > this.limits.maxDocuments) throw new RunLimitReached({ file, message: `reading stopped here: the input holds more than ${count(this.limits.maxDocuments)} YAML documents (the limit per run); guard fewer files at once` });
  }

  spendNodes(file: string, index: number, n: number): void {
    this.nodes += n;
    if (this.nodes > this.limits.maxTotalNodes) throw new RunLimitReached({ file, index, message: `reading stopped here: the documents hold more than ${count(this.limits.maxTotalNodes)} YAML nodes in all, aliases expanded (the limit per run); guard fewer files at once` });
  }
}

/**
 * Helm values files sit beside manifests in GitOps folders (ours: `dist/<env>/helm-values/`) but are not
 * Kubernetes objects. A directory walk skips them by the usual names; a file named on the command line is
 * always read.
 */
export function isHelmValuesFile(file: string): boolean {
  const name = path.basename(file).toLowerCase();
  return path.basename(path.dirname(file)) === 'helm-values' || /^values(-[^/]*)?\.ya?ml$/.test(name) || /\.values\.ya?ml$/.test(name);
}

/** `.yaml` and `.yml` files under a directory, sorted, recursively (symlinked directories are not followed). */
function walk(dir: string, out: string[], problems: InputProblem[], maxFiles: number): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    problems.push({ file: dir, message: `cannot be listed (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` });
    return;
  }
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out, problems, maxFiles);
    else if (entry.isFile() && /\.ya?ml$/i.test(entry.name) && !isHelmValuesFile(full)) out.push(full);
    if (out.length > maxFiles) throw new RunLimitReached({ file: dir, message: `reading stopped here: the directories hold more than ${count(maxFiles)} YAML files (the limit per run); guard fewer at once` });
  }
}

/**
 * Splits a multi-document YAML stream at `---` / `...` lines, stopping once it has more than `maxChunks` pieces
 * (comment-only ones included). Block scalars are indented, so a marker at column 0 always ends a document.
 */
function splitBounded(text: string, maxChunks: number): { docs: string[]; truncated: boolean } {
  const chunks: string[] = [];
  let current: string[] = [];
  let truncated = false;
  for (let start = 0; start <= text.length;) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    const line = text.slice(start, end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end);
    start = end + 1;
    if (/^---(?:\s|$)/.test(line)) {
      chunks.push(current.join('\n'));
      const rest = line.slice(3).trim();
      current = rest === '' ? [] : [rest];
    } else if (/^\.\.\.\s*$/.test(line)) {
      chunks.push(current.join('\n'));
      current = [];
    } else {
      current.push(line);
    }
    if (chunks.length > maxChunks) { truncated = true; current = []; break; }
  }
  chunks.push(current.join('\n'));
  // Documents holding only comments, directives or blanks are not documents for kubectl either.
  const docs = chunks.filter((d) => d.split('\n').some((l) => l.trim() !== '' && !l.trimStart().startsWith('#') && !l.startsWith('%')));
  return { docs, truncated };
}

/**
 * Splits a multi-document YAML stream at `---` / `...` lines. Block scalars are indented, so a marker at
 * column 0 always ends a document.
 */
export function splitDocuments(text: string): string[] {
  return splitBounded(text, Infinity).docs;
}

function reasonOf(err: unknown): string {
  return err instanceof Error ? err.message.split('\n')[0] ?? '' : String(err);
}

/** Parses one file's text into `out`, charging `budget`. */
function loadInto(text: string, file: string, budget: Budget, out: LoadedDocuments): void {
  const { limits } = budget;
  if (text.includes('\u0000')) {
    out.problems.push({ file, message: 'is not a text file (it contains NUL bytes); pass YAML manifests only' });
    return;
  }
  const { docs, truncated } = splitBounded(text, limits.maxDocuments);
  budget.spendDocuments(file, truncated ? limits.maxDocuments + 1 : docs.length);
  for (let index = 0; index < docs.length; index++) {
    const doc = docs[index] as string;
    budget.remainingMs(file);
    const size = Buffer.byteLength(doc);
    if (size > limits.maxDocumentBytes) {
      out.problems.push({ file, index, message: `document ${index} is ${formatBytes(size)}, above the ${formatBytes(limits.maxDocumentBytes)} limit per document; split it` });
      continue;
    }
    try {
      const parsed = parseYaml(doc, { file, schema: KUBERNETES_YAML_SCHEMA, limits: { maxAliases: limits.maxAliases, maxNodes: limits.maxNodes, maxDepth: limits.maxDepth } });
      budget.spendNodes(file, index, parsed.nodes);
      if (parsed.documents.length > 1) {
        out.problems.push({ file, index, message: `document ${index} is not valid YAML: it holds several documents; separate them with a --- line` });
        continue;
      }
      const value = parsed.documents[0];
      if (value === null || value === undefined) continue;
      out.documents.push(value);
      out.sources.push({ file, index });
    } catch (err) {
      if (err instanceof RunLimitReached) throw err;
      if (err instanceof InputLimitError) out.problems.push({ file, index, message: `document ${index} ${err.reason}` });
      else out.problems.push({ file, index, message: `document ${index} is not valid YAML: ${reasonOf(err)}` });
    }
  }
}

function emptyResult(): LoadedDocuments {
  return { documents: [], sources: [], problems: [] };
}

/** Parses one file's text; `file` is used in sources and messages. */
export function loadText(text: string, file: string, options: LoadOptions = {}): LoadedDocuments {
  const out = emptyResult();
  const budget = new Budget(options);
  try {
    budget.spendBytes(file, Buffer.byteLength(text));
    loadInto(text, file, budget, out);
  } catch (err) {
    if (!(err instanceof RunLimitReached)) throw err;
    out.problems.push(err.problem);
  }
  return out;
}

/** The files a path stands for: itself, or the YAML files under it. */
function filesOf(p: string, problems: InputProblem[], found: string[], maxFiles: number): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(p);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    problems.push({ file: p, message: code === 'ENOTDIR' ? 'does not exist (a folder in its path is a file)' : 'does not exist or cannot be read' });
    return;
  }
  if (!stat.isDirectory()) {
    found.push(p);
    return;
  }
  const before = found.length;
  walk(p, found, problems, maxFiles);
  if (found.length === before) problems.push({ file: p, message: 'holds no .yaml or .yml file' });
}

/**
 * Loads files and directories (recursively, `.yaml`/`.yml`); a file named explicitly is read whatever its extension
 * (FIFOs and devices too, within the byte and time limits).
 */
export function loadPaths(paths: readonly string[], options: LoadOptions = {}): LoadedDocuments {
  const out = emptyResult();
  const budget = new Budget(options);
  try {
    const files: string[] = [];
    for (const p of paths) filesOf(p, out.problems, files, budget.limits.maxFiles);
    for (const file of files) {
      const allowed = budget.bytesLeft();
      let text: string;
      try {
        budget.remainingMs(file);
        text = readTextFile(file, { maxBytes: allowed, deadline: budget.deadline, timeLimitMs: budget.limits.timeLimitMs });
      } catch (err) {
        if (err instanceof InputLimitError && err.limit === 'bytes' && allowed < budget.limits.maxFileBytes) budget.spendBytes(file, allowed + 1);
        if (err instanceof InputReadError || err instanceof InputLimitError) {
          out.problems.push({ file, message: err.reason });
          continue;
        }
        throw err;
      }
      budget.spendBytes(file, Buffer.byteLength(text));
      loadInto(text, file, budget, out);
    }
  } catch (err) {
    if (!(err instanceof RunLimitReached)) throw err;
    out.problems.push(err.problem);
  }
  return out;
}

/**
 * Reads YAML files and directories into objects with their source (file, document index), reporting every
 * unreadable file or document as an input problem instead of failing the whole run.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FAILSAFE_SCHEMA, Schema, boolYaml11Tag, floatYaml11Tag, intYaml11Tag, load, mergeTag, nullYaml11Tag } from 'js-yaml';
import type { InputProblem, SourceRef } from './types';

/**
 * Scalars resolved as kubectl's YAML 1.1 parser does (`yes`/`on` are booleans, `0644` is octal) so the guard sees
 * the values the API server will see; timestamps stay strings, as sigs.k8s.io/yaml leaves them.
 */
export const KUBERNETES_YAML_SCHEMA = new Schema([...FAILSAFE_SCHEMA.tags, nullYaml11Tag, boolYaml11Tag, intYaml11Tag, floatYaml11Tag, mergeTag]);

/** Options of {@link loadPaths}. */
export interface LoadOptions {
  /** Files larger than this are refused (not parsed). @default 32 MiB */
  readonly maxFileBytes?: number;
  /** Documents larger than this are refused. @default 4 MiB */
  readonly maxDocumentBytes?: number;
  /** Aliases allowed per document (guards against alias bombs). @default 1000 */
  readonly maxAliases?: number;
}

export interface LoadedDocuments {
  /** Parsed documents (anything a YAML document can be; the guard checks the shape). */
  readonly documents: unknown[];
  /** Source of each document, index-aligned with `documents`. */
  readonly sources: SourceRef[];
  readonly problems: InputProblem[];
}

const MIB = 1024 * 1024;

/** `1.5 MiB`, `12.0 KiB`, `512 B`. */
function bytes(n: number): string {
  if (n >= MIB) return `${(n / MIB).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}

/** `.yaml` and `.yml` files under a directory, sorted, recursively (symlinked directories are not followed). */
/**
 * Helm values files sit beside manifests in GitOps folders (ours: `dist/<env>/helm-values/`) but are not
 * Kubernetes objects. A directory walk skips them by the usual names; a file named on the command line is
 * always read.
 */
export function isHelmValuesFile(file: string): boolean {
  const name = path.basename(file).toLowerCase();
  return path.basename(path.dirname(file)) === 'helm-values' || /^values(-[^/]*)?\.ya?ml$/.test(name) || /\.values\.ya?ml$/.test(name);
}

function walk(dir: string, out: string[]): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (entry.isFile() && /\.ya?ml$/i.test(entry.name) && !isHelmValuesFile(full)) out.push(full);
  }
}

/**
 * Splits a multi-document YAML stream at `---` / `...` lines. Block scalars are indented, so a marker at
 * column 0 always ends a document.
 */
export function splitDocuments(text: string): string[] {
  const docs: string[] = [];
  let current: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (/^---(?:\s|$)/.test(line)) {
      docs.push(current.join('\n'));
      const rest = line.slice(3).trim();
      current = rest === '' ? [] : [rest];
    } else if (/^\.\.\.\s*$/.test(line)) {
      docs.push(current.join('\n'));
      current = [];
    } else {
      current.push(line);
    }
  }
  docs.push(current.join('\n'));
  // Documents holding only comments, directives or blanks are not documents for kubectl either.
  return docs.filter((d) => d.split('\n').some((l) => l.trim() !== '' && !l.trimStart().startsWith('#') && !l.startsWith('%')));
}

/** Parses one file's text; `file` is used in sources and messages. */
export function loadText(text: string, file: string, options: LoadOptions = {}): LoadedDocuments {
  const documents: unknown[] = [];
  const sources: SourceRef[] = [];
  const problems: InputProblem[] = [];
  const maxDoc = options.maxDocumentBytes ?? 4 * MIB;
  if (text.includes('\u0000')) {
    return { documents, sources, problems: [{ file, message: 'is not a text file (it contains NUL bytes); pass YAML manifests only' }] };
  }
  splitDocuments(text).forEach((doc, index) => {
    if (Buffer.byteLength(doc) > maxDoc) {
      problems.push({ file, index, message: `document ${index} is ${bytes(Buffer.byteLength(doc))}, above the ${bytes(maxDoc)} limit per document; split it` });
      return;
    }
    try {
      const value = load(doc, { schema: KUBERNETES_YAML_SCHEMA, filename: file, maxAliases: options.maxAliases ?? 1000 });
      if (value === null || value === undefined) return;
      documents.push(value);
      sources.push({ file, index });
    } catch (err) {
      const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
      problems.push({ file, index, message: `document ${index} is not valid YAML: ${reason}` });
    }
  });
  return { documents, sources, problems };
}

/** Loads files and directories (recursively, `.yaml`/`.yml`); a file named explicitly is read whatever its extension. */
export function loadPaths(paths: readonly string[], options: LoadOptions = {}): LoadedDocuments {
  const documents: unknown[] = [];
  const sources: SourceRef[] = [];
  const problems: InputProblem[] = [];
  const maxFile = options.maxFileBytes ?? 32 * MIB;
  const files: string[] = [];
  for (const p of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch {
      problems.push({ file: p, message: 'does not exist or cannot be read' });
      continue;
    }
    if (stat.isDirectory()) {
      const found: string[] = [];
      walk(p, found);
      if (found.length === 0) problems.push({ file: p, message: 'holds no .yaml or .yml file' });
      files.push(...found);
    } else {
      files.push(p);
    }
  }
  for (const file of files) {
    const size = fs.statSync(file).size;
    if (size > maxFile) {
      problems.push({ file, message: `is ${bytes(size)}, above the ${bytes(maxFile)} limit; split it into smaller files` });
      continue;
    }
    const loaded = loadText(fs.readFileSync(file, 'utf8'), file, options);
    documents.push(...loaded.documents);
    sources.push(...loaded.sources);
    problems.push(...loaded.problems);
  }
  return { documents, sources, problems };
}

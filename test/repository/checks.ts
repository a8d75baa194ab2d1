/**
 * Checks that the repository stands on its own: nothing points outside it, every cited `docs/<file>.md §N` exists,
 * the licence is the one package.json declares, and `engines.node` is honest about the installed packages.
 * Pure functions over file contents (plus a file walker), so each check is unit-tested on small inputs and then run
 * on the real tree by test/repository.test.ts. Every problem names the file, the offending text and the fix.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import semver from 'semver';

/** Directories never walked: installed, generated, built or VCS data. */
const SKIPPED_DIRS = new Set(['.git', 'node_modules', 'dist', 'build', '.tools', 'coverage', '.cdk8s.out', '.oci-test']);
/** File kinds that hold code or prose. */
const TEXT_FILE = /\.(ts|js|cjs|mjs|md|json|ya?ml)$/;
/** Upstream or generated text kept unmodified: scanned for outside paths, but its citations are not ours. */
const NOT_AUTHORED = /^(vendor|imports|crds|schemas)\/|(^|\/)package-lock\.json$/;

export interface TextFile {
  /** Path relative to the repository root, with `/`. */
  readonly path: string;
  readonly text: string;
}

/** Every code and doc file of the tree under `root`, skipping {@link SKIPPED_DIRS} (at any depth). */
export function repositoryFiles(root: string): TextFile[] {
  const out: TextFile[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = dir === '' ? entry.name : `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith('.dist-staging-')) walk(rel);
      } else if (entry.isFile() && TEXT_FILE.test(entry.name)) {
        out.push({ path: rel, text: fs.readFileSync(path.join(root, rel), 'utf8') });
      }
    }
  };
  walk('');
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

/** Whether a file's citations are the project's own (not vendored, generated or lockfile text). */
export function isAuthored(file: TextFile): boolean {
  return !NOT_AUTHORED.test(file.path);
}

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

function excerpt(text: string, index: number, length: number): string {
  return text.slice(index, index + length).replace(/\s+/g, ' ').trim();
}

/** Text that points outside the repository, with the fix for each. */
const OUTSIDE: ReadonlyArray<{ pattern: RegExp; fix: string }> = [
  { pattern: /\/work\/[\w./-]*/g, fix: 'an absolute path of one machine: cite the file inside the repository (e.g. docs/<file>.md) instead' },
  { pattern: /(?:\.\.\/)*shared\/notes\/?[\w.-]*/g, fix: 'notes outside the repository: cite docs/<file>.md, which holds the same facts' },
  { pattern: /\.\.\/shared\b[\w./-]*/g, fix: 'a path outside the repository: cite or vendor the file inside it' },
  { pattern: /`?shared`? notes\b/gi, fix: 'notes outside the repository: cite docs/<file>.md' },
];

/** Every place a file points outside the repository (absolute machine paths, notes kept elsewhere). */
export function outsideReferences(file: TextFile): string[] {
  const found: Array<{ start: number; end: number; message: string }> = [];
  for (const { pattern, fix } of OUTSIDE) {
    for (const m of file.text.matchAll(pattern)) {
      const start = m.index ?? 0;
      const end = start + m[0].length;
      // One report per place: a machine path that ends in the notes folder is one reference, not two.
      if (found.some((f) => start < f.end && f.start < end)) continue;
      found.push({ start, end, message: `${file.path}:${lineOf(file.text, start)}: "${m[0]}" points outside the repository; fix: ${fix}` });
    }
  }
  return found.sort((x, y) => x.start - y.start).map((f) => f.message);
}

/** Relative links of a markdown file (`[text](target)`) that leave the repository or name a missing file. */
export function brokenMarkdownLinks(file: TextFile, exists: (repoPath: string) => boolean): string[] {
  if (!file.path.endsWith('.md')) return [];
  const out: string[] = [];
  for (const m of file.text.matchAll(/\]\(([^)\s]+)\)/g)) {
    const target = (m[1] ?? '').split('#')[0] ?? '';
    if (target === '' || /^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // anchors, URLs, mailto:
    const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(file.path), target));
    const where = `${file.path}:${lineOf(file.text, m.index ?? 0)}`;
    if (resolved.startsWith('../') || path.posix.isAbsolute(target)) {
      out.push(`${where}: link "${m[1]}" leaves the repository; fix: link a file inside it`);
    } else if (!exists(resolved)) {
      out.push(`${where}: link "${m[1]}" names ${resolved}, which does not exist; fix: correct the link or add the file`);
    }
  }
  return out;
}

/** A numbered section of a doc: `## 2. Title` or `### 2.1 Title`, with the text up to the next section. */
export interface DocSection {
  readonly number: string;
  readonly text: string;
}

/** The numbered sections of a markdown doc, keyed by number ("2", "2.1"); a section's text includes its subsections. */
export function docSections(markdown: string): Map<string, DocSection> {
  const headings = [...markdown.matchAll(/^(#{2,6})[ \t]+(\d+(?:\.\d+)*)\.?[ \t]/gm)]
    .map((m) => ({ level: (m[1] ?? '').length, number: m[2] ?? '', start: m.index ?? 0 }));
  const all = [...markdown.matchAll(/^(#{1,6})[ \t]/gm)].map((m) => ({ level: (m[1] ?? '').length, start: m.index ?? 0 }));
  const sections = new Map<string, DocSection>();
  for (const h of headings) {
    const next = all.find((o) => o.start > h.start && o.level <= h.level);
    sections.set(h.number, { number: h.number, text: markdown.slice(h.start, next?.start ?? markdown.length) });
  }
  return sections;
}

/** One citation of sections: `docs/virtual-nodes.md §2, "Updates"`, `oci-sdk.md (§3-5, 8)`, or a bare `§6.2` in a doc. */
export interface SectionCitation {
  /** File that cites. */
  readonly from: string;
  readonly line: number;
  /** Doc file name cited (`virtual-nodes.md`); undefined for a doc citing its own sections. */
  readonly doc: string | undefined;
  /** Whether the doc was written with its `docs/` folder. */
  readonly withFolder: boolean;
  readonly sections: readonly string[];
  /** Rule ids cited with the first section (`§1, R05-R16`). */
  readonly ids: readonly string[];
  /** A quoted word cited with the first section (`§2, "Updates"`), which that section must contain. */
  readonly label: string | undefined;
  /** The citation as written. */
  readonly text: string;
}

const SECTION = String.raw`\d+(?:\.\d+)*(?:-\d+)?`;
const SECTION_LIST = new RegExp(String.raw`^§[ \t]?(${SECTION}(?:,[ \t]*§?[ \t]?${SECTION}(?![\w-]))*)`);
/** Between a file name and its `§`: a closing quote or bracket, a line break with a comment leader, an opening bracket. */
const NAME_TO_SECTION = /^[`'"]?\)?[ \t]*(?:\r?\n[ \t]*(?:\*|\/\/|#)?[ \t]*)?\(?(?=§)/;

function expand(item: string): string[] {
  const range = /^(\d+)-(\d+)$/.exec(item);
  if (range === null) return [item];
  const [from, to] = [Number(range[1]), Number(range[2])];
  return from <= to && to - from < 100 ? Array.from({ length: to - from + 1 }, (_, i) => String(from + i)) : [item];
}

function expandIds(first: string, last: string | undefined): string[] {
  if (last === undefined) return [first];
  const a = /^([A-Z]+)(\d+)$/.exec(first);
  const b = /^([A-Z]+)(\d+)$/.exec(last);
  if (a === null || b === null || a[1] !== b[1]) return [first, last];
  const width = (a[2] ?? '').length;
  const ids: string[] = [];
  for (let n = Number(a[2]); n <= Number(b[2]) && ids.length < 200; n++) ids.push(`${a[1]}${String(n).padStart(width, '0')}`);
  return ids;
}

/** Parses `§...` at `index` of `text`: the section list, then an optional `, R05-R16` or `, "Label"`. */
function parseSections(text: string, index: number): { sections: string[]; ids: string[]; label: string | undefined; end: number } | undefined {
  const rest = text.slice(index);
  const list = SECTION_LIST.exec(rest);
  if (list === null) return undefined;
  const sections = (list[1] ?? '').split(',').map((s) => s.replace(/[§\s]/g, '')).flatMap(expand);
  const after = rest.slice(list[0].length);
  const ids = /^,[ \t]*([A-Z]+\d+)(?:-([A-Z]+\d+))?\b/.exec(after);
  const label = /^,[ \t]*"([^"\n]+)"/.exec(after);
  return {
    sections,
    ids: ids === null ? [] : expandIds(ids[1] ?? '', ids[2]),
    label: label?.[1],
    end: index + list[0].length + (ids?.[0].length ?? label?.[0].length ?? 0),
  };
}

/**
 * Every section citation in a file: `<name>.md §N` (with or without `docs/`), and in a doc of `docs/` also its bare
 * `§N`, which cite the doc itself.
 */
export function sectionCitations(file: TextFile): SectionCitation[] {
  const out: SectionCitation[] = [];
  /** Spans of named citations, whose later `§` (as in `§6, §10`) are not the doc's own. */
  const consumed: Array<[number, number]> = [];
  for (const m of file.text.matchAll(/(?<![\w./-])(docs\/)?([a-z0-9][a-z0-9-]*\.md)/g)) {
    const afterName = (m.index ?? 0) + m[0].length;
    const sep = NAME_TO_SECTION.exec(file.text.slice(afterName));
    if (sep === null) continue;
    const at = afterName + sep[0].length;
    const parsed = parseSections(file.text, at);
    if (parsed === undefined) continue;
    consumed.push([at, parsed.end]);
    out.push({
      from: file.path, line: lineOf(file.text, m.index ?? 0), doc: m[2], withFolder: m[1] !== undefined,
      sections: parsed.sections, ids: parsed.ids, label: parsed.label, text: excerpt(file.text, m.index ?? 0, parsed.end - (m.index ?? 0)),
    });
  }
  if (file.path.startsWith('docs/')) {
    for (const m of file.text.matchAll(/§/g)) {
      const at = m.index ?? 0;
      if (consumed.some(([from, to]) => at >= from && at < to)) continue;
      const parsed = parseSections(file.text, at);
      if (parsed === undefined) continue;
      consumed.push([at, parsed.end]);
      out.push({
        from: file.path, line: lineOf(file.text, at), doc: undefined, withFolder: true,
        sections: parsed.sections, ids: parsed.ids, label: parsed.label, text: excerpt(file.text, at, parsed.end - at),
      });
    }
  }
  return out;
}

/** Problems with one citation, given the docs of `docs/` by file name. */
export function citationProblems(c: SectionCitation, docs: ReadonlyMap<string, string>): string[] {
  const where = `${c.from}:${c.line}`;
  const docName = c.doc ?? path.posix.basename(c.from);
  const markdown = docs.get(docName);
  if (markdown === undefined) {
    return [`${where}: "${c.text}" cites ${docName}, but docs/${docName} does not exist; fix: cite a doc of docs/ (or add the doc with that section)`];
  }
  const out: string[] = [];
  if (!c.withFolder && !c.from.startsWith('docs/')) {
    out.push(`${where}: "${c.text}" names the doc without its folder; fix: write docs/${docName}`);
  }
  const sections = docSections(markdown);
  for (const n of c.sections) {
    if (!sections.has(n)) out.push(`${where}: "${c.text}" cites §${n}, which docs/${docName} does not have; fix: cite an existing section or add "## ${n}." to docs/${docName}`);
  }
  const first = sections.get(c.sections[0] ?? '');
  if (first !== undefined) {
    for (const id of c.ids) {
      if (!new RegExp(String.raw`\b${id}\b`).test(first.text)) out.push(`${where}: "${c.text}" cites ${id} in §${first.number} of docs/${docName}, which does not define it; fix: add the row or correct the id`);
    }
    if (c.label !== undefined && !first.text.includes(c.label)) {
      out.push(`${where}: "${c.text}" cites "${c.label}" in §${first.number} of docs/${docName}, which does not mention it; fix: correct the citation or the doc`);
    }
  }
  return out;
}

/** `docs/<name>.md` mentioned in a file (not as part of a longer path) whose file is missing. */
export function missingDocs(file: TextFile, docs: ReadonlyMap<string, string>): string[] {
  const out: string[] = [];
  for (const m of file.text.matchAll(/(?<![\w./-])docs\/([A-Za-z0-9_.-]+\.md)/g)) {
    const name = m[1] ?? '';
    if (!docs.has(name)) out.push(`${file.path}:${lineOf(file.text, m.index ?? 0)}: "${m[0]}" does not exist; fix: add docs/${name} or cite an existing doc`);
  }
  return out;
}

/** SHA-256 of the Apache License 2.0 text as https://www.apache.org/licenses/LICENSE-2.0.txt serves it. */
export const APACHE_2_0_SHA256 = 'cfc7749b96f63bd31c3c42b5c471bf756814053e847c10f3eb003417bc523d30';

/** Problems with the LICENSE file against the licence package.json declares. */
export function licenseProblems(licenseText: string | undefined, declared: unknown): string[] {
  if (declared !== 'Apache-2.0') {
    return [`package.json: "license" is ${JSON.stringify(declared)}; fix: declare "Apache-2.0", the licence of LICENSE (or replace both together)`];
  }
  if (licenseText === undefined) {
    return ['LICENSE: missing while package.json declares "Apache-2.0"; fix: add the unmodified text of https://www.apache.org/licenses/LICENSE-2.0.txt as LICENSE'];
  }
  const sha = createHash('sha256').update(licenseText).digest('hex');
  if (sha !== APACHE_2_0_SHA256) {
    const start = excerpt(licenseText, 0, 60);
    return [`LICENSE: "${start}..." is not the unmodified Apache License 2.0 text (sha256 ${sha.slice(0, 12)}…, expected ${APACHE_2_0_SHA256.slice(0, 12)}…); fix: replace it with https://www.apache.org/licenses/LICENSE-2.0.txt`];
  }
  return [];
}

/** An installed package's declared Node range. */
export interface InstalledEngines {
  readonly name: string;
  readonly version: string;
  /** Folder relative to the repository root. */
  readonly path: string;
  readonly node: string;
}

/** Every package installed under the given `node_modules` folders (nested and scoped ones too) that declares `engines.node`. */
export function installedEngines(root: string, folders: readonly string[]): InstalledEngines[] {
  const out: InstalledEngines[] = [];
  const walk = (dir: string): void => {
    const abs = path.join(root, dir);
    if (!fs.existsSync(abs)) return;
    for (const entry of fs.readdirSync(abs, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
      const rel = `${dir}/${entry.name}`;
      if (entry.name.startsWith('@')) {
        walk(rel);
        continue;
      }
      const manifest = path.join(root, rel, 'package.json');
      if (fs.existsSync(manifest)) {
        const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: unknown; version?: unknown; engines?: { node?: unknown } };
        if (typeof pkg.engines?.node === 'string') {
          out.push({ name: String(pkg.name), version: String(pkg.version), path: rel, node: pkg.engines.node });
        }
      }
      walk(`${rel}/node_modules`);
    }
  };
  for (const folder of folders) walk(folder);
  return out;
}

/** A Node version our range admits and theirs does not, to show in a message. */
function exampleOutside(ours: string, theirs: string): string | undefined {
  const min = semver.minVersion(ours);
  if (min === null) return undefined;
  const candidates = [min.version];
  for (let major = min.major; major <= min.major + 30; major++) candidates.push(`${major}.0.0`, `${major}.999.999`);
  return candidates.find((v) => semver.satisfies(v, ours) && !semver.satisfies(v, theirs));
}

/**
 * Problems with our `engines.node` against the installed packages: its minimum must satisfy every package, and
 * every version it admits must be one each package accepts (else a supported-looking Node breaks an install).
 */
export function enginesProblems(ours: unknown, packages: readonly InstalledEngines[]): string[] {
  if (typeof ours !== 'string' || semver.validRange(ours) === null) {
    return [`package.json: engines.node is ${JSON.stringify(ours)}, not a semver range; fix: declare the range every dependency accepts, e.g. ">=20.16.0"`];
  }
  const min = semver.minVersion(ours);
  const out: string[] = [];
  for (const p of packages) {
    const where = `${p.path}/package.json (${p.name}@${p.version})`;
    if (semver.validRange(p.node) === null) {
      out.push(`${where}: engines.node "${p.node}" is not a semver range; fix: pin another version of ${p.name} (npm overrides)`);
    } else if (min !== null && !semver.satisfies(min, p.node)) {
      out.push(`${where}: needs Node "${p.node}", but our engines.node "${ours}" starts at ${min.version}; fix: raise engines.node in package.json, or pin a version of ${p.name} that supports ${min.version} (npm overrides)`);
    } else if (!semver.subset(ours, p.node)) {
      const example = exampleOutside(ours, p.node);
      out.push(`${where}: accepts Node "${p.node}", but our engines.node "${ours}" also admits ${example ?? 'versions outside it'}; fix: narrow engines.node in package.json to what it accepts`);
    }
  }
  return out;
}

/** `.nvmrc` must name a Node our engines admit. */
export function nvmrcProblems(nvmrc: string | undefined, ours: unknown): string[] {
  if (nvmrc === undefined) return ['.nvmrc: missing; fix: add it with the Node major the project runs on (e.g. 20)'];
  const wanted = nvmrc.trim().replace(/^v/, '');
  if (typeof ours !== 'string' || semver.validRange(wanted) === null || !semver.intersects(wanted, ours)) {
    return [`.nvmrc: "${nvmrc.trim()}" is not a Node version engines.node ${JSON.stringify(ours)} admits; fix: make the two agree`];
  }
  return [];
}

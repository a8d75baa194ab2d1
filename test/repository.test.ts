/**
 * The repository stands on its own (issue 15): nothing in it points outside it, every cited `docs/<file>.md §N`
 * exists with what the citation names, LICENSE is the licence package.json declares, and `engines.node` is honest
 * about every installed package. In-process and read-only: a walk of the tree and of node_modules, no child process.
 * Each checker is first shown to fail on small inputs, then run on the real tree.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  APACHE_2_0_SHA256, type InstalledEngines, type TextFile, brokenMarkdownLinks, citationProblems, docSections, enginesProblems,
  installedEngines, isAuthored, licenseProblems, missingDocs, nvmrcProblems, outsideReferences, repositoryFiles, sectionCitations,
} from './repository/checks';

const ROOT = path.join(__dirname, '..');
/** These two quote the very patterns they look for. */
const SELF = new Set(['test/repository.test.ts', 'test/repository/checks.ts']);

const file = (p: string, text: string): TextFile => ({ path: p, text });
const DOC = [
  '# Doc', '', 'Intro (§2).', '', '## 1. First', '', '| R05 | a |', '| R06 | b |', '', '## 2. Second', '',
  '| Updates | no refresh |', '', '### 2.1 Sub', '', 'text', '', '## 3. Third', '',
].join('\n');
const DOCS = new Map([['virtual-nodes.md', DOC]]);
const problemsOf = (f: TextFile): string[] => sectionCitations(f).flatMap((c) => citationProblems(c, DOCS));

describe('checkers, on small inputs', () => {
  test('outsideReferences flags machine paths and notes kept outside, naming the file, the text and the fix', () => {
    // Written with `\/` so that a plain grep of the repository for those paths finds no test input.
    const found = outsideReferences(file('lib/x.ts', '// see \/work\/shared\/notes\/virtual-nodes.md\n// and ..\/shared\/crds\/a.yaml\n(`shared` notes: x)'));
    expect(found).toHaveLength(3);
    expect(found[0]).toMatch(/^lib\/x\.ts:1: "\/work\/shared\/notes\/virtual-nodes\.md" points outside the repository; fix: /);
    expect(found.join('\n')).toContain('lib/x.ts:2: "..\/shared\/crds\/a.yaml"');
    expect(found[2]).toBe('lib/x.ts:3: "`shared` notes" points outside the repository; fix: notes outside the repository: cite docs/<file>.md');
    expect(outsideReferences(file('lib/x.ts', '// docs/virtual-nodes.md §2; shared with the app; sharedRegistry()'))).toEqual([]);
  });

  test('brokenMarkdownLinks flags links that leave the repository or name a missing file', () => {
    const exists = (p: string): boolean => p === 'docs/oci-sdk.md' || p === 'README.md';
    const md = file('docs/a.md', '[ok](oci-sdk.md) [up](../README.md) [out](../../x.md) [gone](nope.md#s) [web](https://x/y.md) [here](#a)');
    const found = brokenMarkdownLinks(md, exists);
    expect(found).toEqual([
      'docs/a.md:1: link "../../x.md" leaves the repository; fix: link a file inside it',
      'docs/a.md:1: link "nope.md#s" names docs/nope.md, which does not exist; fix: correct the link or add the file',
    ]);
    expect(brokenMarkdownLinks(file('lib/a.ts', '[x](../../y)'), exists)).toEqual([]);
  });

  test('docSections numbers sections and keeps subsections inside their parent', () => {
    const s = docSections(DOC);
    expect([...s.keys()]).toEqual(['1', '2', '2.1', '3']);
    expect(s.get('2')?.text).toContain('### 2.1 Sub');
    expect(s.get('2')?.text).not.toContain('## 3.');
    expect(s.get('2.1')?.text).not.toContain('Updates');
  });

  test('sectionCitations reads the forms the code uses', () => {
    const forms = [
      'a (docs/virtual-nodes.md §2, "Updates") b',
      '(`docs/virtual-nodes.md` §2.1) and docs/virtual-nodes.md §1, §3',
      ' * serve no HTTP (docs/virtual-nodes.md\n * §2; Oracle, "Comparing")',
      'Reference: `docs/virtual-nodes.md`\n(§1-3, 2.1); more',
      '(docs/virtual-nodes.md §1, R05-R06).',
    ].join('\n');
    const cites = sectionCitations(file('lib/x.ts', forms));
    expect(cites.map((c) => [c.sections, c.ids, c.label])).toEqual([
      [['2'], [], 'Updates'],
      [['2.1'], [], undefined],
      [['1', '3'], [], undefined],
      [['2'], [], undefined],
      [['1', '2', '3', '2.1'], [], undefined],
      [['1'], ['R05', 'R06'], undefined],
    ]);
    expect(cites.flatMap((c) => citationProblems(c, DOCS))).toEqual([]);
  });

  test('a missing section, rule id, label or doc fails with the citing file and the fix', () => {
    expect(problemsOf(file('lib/x.ts', '// docs/virtual-nodes.md §9.2'))).toEqual([
      'lib/x.ts:1: "docs/virtual-nodes.md §9.2" cites §9.2, which docs/virtual-nodes.md does not have; fix: cite an existing section or add "## 9.2." to docs/virtual-nodes.md',
    ]);
    expect(problemsOf(file('lib/x.ts', 'x\n(docs/virtual-nodes.md §1, R05-R07)'))).toEqual([
      'lib/x.ts:2: "docs/virtual-nodes.md §1, R05-R07" cites R07 in §1 of docs/virtual-nodes.md, which does not define it; fix: add the row or correct the id',
    ]);
    expect(problemsOf(file('lib/x.ts', 'docs/virtual-nodes.md §2.1, "Updates"'))[0]).toContain('cites "Updates" in §2.1 of docs/virtual-nodes.md, which does not mention it');
    expect(problemsOf(file('lib/x.ts', 'oci-sdk.md §15'))[0]).toBe(
      'lib/x.ts:1: "oci-sdk.md §15" cites oci-sdk.md, but docs/oci-sdk.md does not exist; fix: cite a doc of docs/ (or add the doc with that section)');
  });

  test('outside docs/ a citation names the folder; a doc cites its own sections bare', () => {
    expect(problemsOf(file('lib/x.ts', 'virtual-nodes.md §2'))).toEqual([
      'lib/x.ts:1: "virtual-nodes.md §2" names the doc without its folder; fix: write docs/virtual-nodes.md',
    ]);
    expect(problemsOf(file('docs/virtual-nodes.md', DOC))).toEqual([]);
    expect(problemsOf(file('docs/virtual-nodes.md', `${DOC}\nSee (§4, §2).`))).toEqual([
      'docs/virtual-nodes.md:20: "§4, §2" cites §4, which docs/virtual-nodes.md does not have; fix: cite an existing section or add "## 4." to docs/virtual-nodes.md',
    ]);
  });

  test('missingDocs flags docs/<file>.md that does not exist, not upstream paths ending in docs/<file>.md', () => {
    const text = 'docs/virtual-nodes.md, docs/nope.md, owner/repo/docs/other.md, `docs/user-guide/helm.md`';
    expect(missingDocs(file('README.md', text), DOCS)).toEqual(['README.md:1: "docs/nope.md" does not exist; fix: add docs/nope.md or cite an existing doc']);
  });

  test('licenseProblems accepts only the unmodified Apache-2.0 text under an Apache-2.0 declaration', () => {
    const apache = fs.readFileSync(path.join(ROOT, 'LICENSE'), 'utf8');
    expect(licenseProblems(apache, 'Apache-2.0')).toEqual([]);
    expect(licenseProblems(undefined, 'Apache-2.0')[0]).toMatch(/^LICENSE: missing .* fix: add the unmodified text/);
    expect(licenseProblems(apache.replace('2004', '2005'), 'Apache-2.0')[0]).toMatch(/^LICENSE: ".*" is not the unmodified Apache License 2.0 text .*fix: replace it/);
    expect(licenseProblems('MIT License\n', 'Apache-2.0')[0]).toContain('"MIT License..."');
    expect(licenseProblems(apache, 'MIT')[0]).toBe('package.json: "license" is "MIT"; fix: declare "Apache-2.0", the licence of LICENSE (or replace both together)');
    expect(APACHE_2_0_SHA256).toHaveLength(64);
  });

  test('enginesProblems: our minimum must satisfy every package, and every version we admit must be one it accepts', () => {
    const pkg = (name: string, node: string): InstalledEngines => ({ name, version: '1.0.0', path: `node_modules/${name}`, node });
    const tree = [pkg('cookie', '>=22'), pkg('jest', '^18.14.0 || ^20.0.0 || ^22.0.0 || >=24.0.0'), pkg('jsii', '>= 20.16.0'), pkg('old', '>=0.8')];
    expect(enginesProblems('>=20', tree)).toEqual([
      'node_modules/cookie/package.json (cookie@1.0.0): needs Node ">=22", but our engines.node ">=20" starts at 20.0.0; fix: raise engines.node in package.json, or pin a version of cookie that supports 20.0.0 (npm overrides)',
      'node_modules/jest/package.json (jest@1.0.0): accepts Node "^18.14.0 || ^20.0.0 || ^22.0.0 || >=24.0.0", but our engines.node ">=20" also admits 21.0.0; fix: narrow engines.node in package.json to what it accepts',
      'node_modules/jsii/package.json (jsii@1.0.0): needs Node ">= 20.16.0", but our engines.node ">=20" starts at 20.0.0; fix: raise engines.node in package.json, or pin a version of jsii that supports 20.0.0 (npm overrides)',
    ]);
    const honest = '^20.16.0 || ^22.0.0 || >=24.0.0';
    expect(enginesProblems(honest, tree.filter((p) => p.name !== 'cookie'))).toEqual([]);
    expect(enginesProblems('>=20.16.0', tree.filter((p) => p.name === 'jsii'))).toEqual([]);
    expect(enginesProblems('twenty', tree)[0]).toMatch(/^package\.json: engines\.node is "twenty", not a semver range/);
    expect(enginesProblems(undefined, [])).toHaveLength(1);
  });

  test('nvmrcProblems: .nvmrc exists and names a Node the engines admit', () => {
    expect(nvmrcProblems('20\n', '^20.16.0 || >=22')).toEqual([]);
    expect(nvmrcProblems('v22.3.0', '^20.16.0 || >=22')).toEqual([]);
    expect(nvmrcProblems(undefined, '>=20')[0]).toMatch(/^\.nvmrc: missing; fix: /);
    expect(nvmrcProblems('18', '^20.16.0 || >=22')[0]).toMatch(/^\.nvmrc: "18" is not a Node version engines\.node .* admits; fix: /);
  });
});

describe('this repository', () => {
  const files = repositoryFiles(ROOT).filter((f) => !SELF.has(f.path));
  const authored = files.filter(isAuthored);
  const docs = new Map(files.filter((f) => /^docs\/[^/]+\.md$/.test(f.path)).map((f) => [path.posix.basename(f.path), f.text]));
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { license?: unknown; engines?: { node?: unknown } };
  const read = (p: string): string | undefined => (fs.existsSync(path.join(ROOT, p)) ? fs.readFileSync(path.join(ROOT, p), 'utf8') : undefined);

  test('the walk sees the code, the docs and the vendored files, and skips node_modules and dist', () => {
    const paths = files.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['README.md', 'package.json', 'lib/index.ts', 'docs/README.md', 'lib/fake-oci/README.md', 'vendor/charts/README.md']));
    expect(paths.some((p) => p.startsWith('node_modules/') || p.startsWith('dist/') || p.includes('/node_modules/'))).toBe(false);
    expect([...docs.keys()]).toEqual(expect.arrayContaining(['virtual-nodes.md', 'oci-sdk.md', 'eso-argocd.md', 'security-reliability.md', 'load-balancer-annotations.md', 'README.md']));
  });

  test('nothing points outside the repository', () => {
    expect(files.flatMap(outsideReferences)).toEqual([]);
  });

  test('markdown links stay inside the repository and name files that exist', () => {
    const exists = (p: string): boolean => fs.existsSync(path.join(ROOT, p));
    expect(authored.flatMap((f) => brokenMarkdownLinks(f, exists))).toEqual([]);
  });

  test('every cited docs/<file>.md exists', () => {
    expect(authored.flatMap((f) => missingDocs(f, docs))).toEqual([]);
  });

  test('every cited section exists in its doc, with the rule ids and words the citation names', () => {
    const citations = authored.flatMap(sectionCitations);
    // The citations the code relies on are found (a parser that found none would pass vacuously).
    expect(citations.filter((c) => c.doc !== undefined).length).toBeGreaterThan(40);
    expect(citations.some((c) => c.doc === 'security-reliability.md' && c.ids.includes('R16'))).toBe(true);
    expect(citations.some((c) => c.doc === 'virtual-nodes.md' && c.label === 'Updates')).toBe(true);
    expect(citations.flatMap((c) => citationProblems(c, docs))).toEqual([]);
  });

  test('LICENSE is the Apache-2.0 text package.json declares', () => {
    expect(licenseProblems(read('LICENSE'), pkg.license)).toEqual([]);
  });

  test('engines.node is satisfied by, and only admits versions of, every installed package; .nvmrc agrees', () => {
    const installed = installedEngines(ROOT, ['node_modules', 'app/node_modules']);
    expect(installed.length).toBeGreaterThan(100);
    expect(enginesProblems(pkg.engines?.node, installed)).toEqual([]);
    expect(nvmrcProblems(read('.nvmrc'), pkg.engines?.node)).toEqual([]);
  });
});

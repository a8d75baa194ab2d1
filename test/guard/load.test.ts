/** The YAML loader: multi-document files, directories, bad input with file and document index. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadPaths, loadText, splitDocuments } from '../../lib/guard/load';

let dir: string;
beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guard-load-')); });
afterEach(() => { fs.rmSync(dir, { recursive: true, force: true }); });

describe('splitDocuments', () => {
  it('splits at --- and ... lines and drops comment-only documents', () => {
    expect(splitDocuments('# header\n---\na: 1\n--- # second\nb: |\n  ---\n  x\n...\n---\n# nothing\n')).toEqual(['a: 1', '# second\nb: |\n  ---\n  x']);
  });
});

describe('loadText', () => {
  it('parses YAML 1.1 scalars the way kubectl does, keeping timestamps as strings', () => {
    const { documents } = loadText('a: yes\nb: 0644\nc: 2024-01-02\nd: on\n', 'x.yaml');
    expect(documents).toEqual([{ a: true, b: 420, c: '2024-01-02', d: true }]);
  });

  it('resolves anchors and merge keys, and rejects duplicate keys as kubectl does', () => {
    expect(loadText('base: &b {a: 1}\nobj:\n  <<: *b\n  c: 2\n', 'x.yaml').documents).toEqual([{ base: { a: 1 }, obj: { a: 1, c: 2 } }]);
    expect(loadText('a: 1\na: 2\n', 'dup.yaml').problems[0]?.message).toMatch(/^document 0 is not valid YAML: .*duplicate/i);
  });

  it('reports the index of a broken document and keeps the others', () => {
    const { documents, sources, problems } = loadText('kind: A\n---\nkind: [unclosed\n---\nkind: C\n', 'm.yaml');
    expect(documents).toEqual([{ kind: 'A' }, { kind: 'C' }]);
    expect(sources).toEqual([{ file: 'm.yaml', index: 0 }, { file: 'm.yaml', index: 2 }]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'm.yaml', index: 1 });
    expect(problems[0]?.message).toMatch(/^document 1 is not valid YAML: /);
  });

  it('refuses binary input, oversized documents and alias bombs', () => {
    expect(loadText('\u0000\u0001', 'bin.yaml').problems[0]?.message).toContain('not a text file');
    expect(loadText(`a: "${'x'.repeat(2000)}"\n`, 'big.yaml', { maxDocumentBytes: 1000 }).problems[0]?.message).toContain('above the');
    const bomb = ['a: &a [x, x]', 'b: &b [*a, *a]', 'c: &c [*b, *b]', 'd: [*c, *c]'].join('\n');
    expect(loadText(bomb, 'bomb.yaml', { maxAliases: 3 }).problems[0]?.message).toContain('document 0 is not valid YAML');
  });
});

describe('loadPaths', () => {
  it('walks directories recursively for .yaml/.yml in sorted order and reads named files of any extension', () => {
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.writeFileSync(path.join(dir, 'b.yml'), 'kind: B\n');
    fs.writeFileSync(path.join(dir, 'sub', 'a.yaml'), 'kind: A\n---\nkind: A2\n');
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'not: read\n');
    fs.writeFileSync(path.join(dir, 'extra.manifest'), 'kind: E\n');
    const { documents, sources, problems } = loadPaths([dir, path.join(dir, 'extra.manifest')]);
    expect(problems).toEqual([]);
    expect(documents).toEqual([{ kind: 'B' }, { kind: 'A' }, { kind: 'A2' }, { kind: 'E' }]);
    expect(sources.map((s) => `${path.relative(dir, s.file)}#${s.index}`)).toEqual(['b.yml#0', 'sub/a.yaml#0', 'sub/a.yaml#1', 'extra.manifest#0']);
  });

  it('reports missing paths, empty directories and files above the size limit', () => {
    fs.mkdirSync(path.join(dir, 'empty'));
    fs.writeFileSync(path.join(dir, 'big.yaml'), `a: "${'x'.repeat(5000)}"\n`);
    const { problems } = loadPaths([path.join(dir, 'missing'), path.join(dir, 'empty'), path.join(dir, 'big.yaml')], { maxFileBytes: 1000 });
    expect(problems.map((p) => `${path.relative(dir, p.file ?? '')}: ${p.message}`)).toEqual([
      'missing: does not exist or cannot be read',
      'empty: holds no .yaml or .yml file',
      'big.yaml: is 4.9 KiB, above the 1000 B limit; split it into smaller files',
    ]);
  });
});

describe('Helm values files in a directory walk', () => {
  test('are skipped when walking a folder, read when named explicitly', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guard-values-'));
    fs.mkdirSync(path.join(dir, 'helm-values'));
    fs.writeFileSync(path.join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: b}\n');
    for (const f of ['helm-values/eso.yaml', 'values.yaml', 'values-prod.yml', 'eso.values.yaml']) fs.writeFileSync(path.join(dir, f), 'replicaCount: 2\n');
    const walked = loadPaths([dir]);
    expect(walked.problems).toEqual([]);
    expect(walked.documents).toHaveLength(1);
    const named = loadPaths([path.join(dir, 'values.yaml')]);
    expect(named.documents).toEqual([{ replicaCount: 2 }]); // read, and then reported by the engine as not an object
  });
});

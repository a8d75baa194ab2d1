/** The YAML loader: multi-document files, directories, bad input with file and document index (FIFOs: load-fifo.test.ts). */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadPaths, loadText, splitDocuments } from '../../lib/guard/load';
import { scratchDir } from '../helpers';

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

  it('refuses binary input, oversized documents and too many aliases', () => {
    expect(loadText('\u0000\u0001', 'bin.yaml').problems[0]?.message).toContain('not a text file');
    expect(loadText(`a: "${'x'.repeat(2000)}"\n`, 'big.yaml', { maxDocumentBytes: 1000 }).problems[0]?.message).toContain('above the');
    const bomb = ['a: &a [x, x]', 'b: &b [*a, *a]', 'c: &c [*b, *b]', 'd: [*c, *c]'].join('\n');
    expect(loadText(bomb, 'bomb.yaml', { maxAliases: 3 }).problems).toEqual([{ file: 'bomb.yaml', index: 0, message: 'document 0 has more than 3 aliases (line 3); write the values out' }]);
  });
});

describe('bounded work (each limit is an input problem naming the file and the limit)', () => {
  /** Nine levels of nine aliases: 81 aliases, 9^9 = 387,420,489 leaves once expanded. */
  const bomb = ['kind: ConfigMap', 'a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]', ...Array.from({ length: 8 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(', ')}]`)].join('\n');

  it('measures alias expansion, not only the alias count: a bomb far under 1000 aliases is refused before it is built', () => {
    expect(loadText(bomb, 'bomb.yaml').problems).toEqual([{ file: 'bomb.yaml', index: 0, message: 'document 0 expands to more than 1,000,000 YAML nodes (line 8; an alias bomb?); remove the aliases or split the document' }]);
    // Anchors and merge keys of normal size are fine; the limit counts expanded nodes, keys included.
    // 27 nodes: the root, keys a, b, c and <<, the mapping c, and the 7 nodes of &a three times.
    expect(loadText('a: &a {x: 1, y: [1, 2]}\nb: *a\nc: {<<: *a}\n', 'ok.yaml', { maxNodes: 27 }).problems).toEqual([]);
    expect(loadText('a: &a {x: 1, y: [1, 2]}\nb: *a\nc: {<<: *a}\n', 'ok.yaml', { maxNodes: 26 }).problems[0]?.message).toMatch(/^document 0 expands to more than 26 YAML nodes \(line 3;/);
  });

  it('refuses an alias inside the collection it names (js-yaml would build an endless cycle)', () => {
    expect(loadText('metadata: &m {name: x, labels: {self: *m}}\n', 'cycle.yaml').problems[0]?.message)
      .toBe('document 0 alias *m refers to a collection that contains it (line 1), an endless structure; remove the alias');
  });

  it('limits nesting, counting the levels an alias brings', () => {
    expect(loadText(`a: ${'['.repeat(150)}${']'.repeat(150)}\n`, 'deep.yaml').problems[0]?.message).toBe('document 0 nests deeper than 100 levels (line 1); flatten it');
    const viaAlias = `a: &a ${'['.repeat(60)}1${']'.repeat(60)}\nb: ${'['.repeat(60)}*a${']'.repeat(60)}\n`;
    expect(loadText(viaAlias, 'deep.yaml').problems[0]?.message).toBe('document 0 nests deeper than 100 levels once aliases are expanded (line 2); flatten it');
  });

  it('limits the documents of a run without splitting the rest of a flood (150,000 tiny documents)', () => {
    const { documents, problems } = loadText('---\na: 1\n'.repeat(150_000), 'flood.yaml');
    expect(problems).toEqual([{ file: 'flood.yaml', message: 'reading stopped here: the input holds more than 10,000 YAML documents (the limit per run); guard fewer files at once' }]);
    expect(documents).toEqual([]);
  });

  it('limits the nodes of a whole run and the bytes of a whole run', () => {
    const docs = Array.from({ length: 5 }, () => `a: [${Array(9).fill('1').join(', ')}]`).join('\n---\n');
    const nodes = loadText(docs, 'n.yaml', { maxTotalNodes: 30 });
    expect(nodes.documents).toHaveLength(2);
    expect(nodes.problems).toEqual([{ file: 'n.yaml', index: 2, message: 'reading stopped here: the documents hold more than 30 YAML nodes in all, aliases expanded (the limit per run); guard fewer files at once' }]);
    for (const name of ['a.yaml', 'b.yaml', 'c.yaml']) fs.writeFileSync(path.join(dir, name), `kind: ${'x'.repeat(600)}\n`);
    const bytes = loadPaths([dir], { maxTotalBytes: 1500 });
    expect(bytes.documents).toHaveLength(2);
    expect(bytes.problems).toEqual([{ file: path.join(dir, 'c.yaml'), message: 'reading stopped here: the input is more than 1.5 KiB in all (the limit per run); guard fewer files at once' }]);
  });

  it('refuses invalid UTF-8 instead of reading it as U+FFFD, naming the byte and the line', () => {
    const file = path.join(dir, 'latin1.yaml');
    fs.writeFileSync(file, Buffer.concat([Buffer.from('kind: ConfigMap\ndata: {a: "'), Buffer.from([0xe9]), Buffer.from('t\u00e9"}\n')]));
    expect(loadPaths([file]).problems).toEqual([{ file, message: 'is not valid UTF-8 (byte 0xe9 at offset 27, line 2); save it as UTF-8' }]);
    // An encoded surrogate (CESU-8) and an overlong '/' are invalid too.
    for (const bad of [[0xed, 0xa0, 0x80], [0xc0, 0xaf]]) {
      fs.writeFileSync(file, Buffer.concat([Buffer.from('a: '), Buffer.from(bad)]));
      expect(loadPaths([file]).problems[0]?.message).toMatch(/^is not valid UTF-8 \(byte 0x(ed|c0) at offset 3, line 1\)/);
    }
  });

  it('reads /dev/zero only up to the size limit', () => {
    expect(loadPaths(['/dev/zero'], { maxFileBytes: 1024 * 1024 }).problems).toEqual([{ file: '/dev/zero', message: 'is more than 1.0 MiB, above the 1.0 MiB limit; split it into smaller files' }]);
  });

  it('turns bad paths into sentences instead of EISDIR/ENOTDIR stack traces', () => {
    const file = path.join(dir, 'a.yaml');
    fs.writeFileSync(file, 'kind: A\n');
    expect(loadPaths([path.join(file, 'b.yaml')]).problems).toEqual([{ file: path.join(file, 'b.yaml'), message: 'does not exist (a folder in its path is a file)' }]);
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
    const dir = scratchDir('guard-values-');
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

/**
 * Generated hostile YAML for the fuzz tests of the guard and the config loader: alias bombs, self-referencing
 * aliases, deep nesting, document floods, names of Object.prototype members, invalid UTF-8 and mutated real
 * objects. Seeded, so a failure names a case that can be replayed exactly.
 */

/** mulberry32: a tiny seeded PRNG (public domain), enough to make cases reproducible. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rng = () => number;

const int = (rng: Rng, lo: number, hi: number): number => lo + Math.floor(rng() * (hi - lo + 1));
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;

/** Names that find something on a plain object's prototype chain when used as a lookup key. */
export const BUILT_IN_NAMES = [
  '__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf',
  'propertyIsEnumerable', 'toLocaleString', '__defineGetter__', '__lookupGetter__', 'length', 'then',
] as const;

/** One generated input: which family it comes from, and the bytes. */
export interface HostileCase {
  readonly family: Family;
  readonly text: string;
  /** Set when the bytes are not valid UTF-8 (the text is then irrelevant). */
  readonly bytes?: Buffer;
  /** Nesting of collections once aliases are expanded, for the deep-nesting family. */
  readonly depth?: number;
}

export type Family = 'alias-bomb' | 'self-alias' | 'deep-nesting' | 'document-flood' | 'built-in-names' | 'mutated-object' | 'bad-bytes' | 'odd-tags';

/** `&a [x, x]`, `&b [*a, *a]`, ...: `levels` × `width` aliases, width^levels leaves once expanded. */
function aliasBomb(rng: Rng): string {
  const width = int(rng, 2, 12);
  const levels = int(rng, 4, 12);
  const flow = rng() < 0.5;
  const lines = ['apiVersion: v1', `kind: ${pick(rng, ['ConfigMap', 'Deployment', 'Widget', ...BUILT_IN_NAMES])}`, 'metadata: {name: bomb}', 'data:'];
  lines.push(`  l0: &l0 [${Array.from({ length: width }, () => '"lol"').join(', ')}]`);
  for (let i = 1; i < levels; i++) {
    if (flow) lines.push(`  l${i}: &l${i} [${Array.from({ length: width }, () => `*l${i - 1}`).join(', ')}]`);
    else lines.push(`  l${i}: &l${i}\n${Array.from({ length: width }, (_, k) => (rng() < 0.2 ? `    k${k}: {<<: {a: *l${i - 1}}}` : `    k${k}: *l${i - 1}`)).join('\n')}`);
  }
  return `${lines.join('\n')}\n`;
}

/** An alias inside the collection its anchor names: js-yaml builds a cycle from it. */
function selfAlias(rng: Rng): string {
  const depth = int(rng, 0, 5);
  const inner = `${'{x: ['.repeat(depth)}*a${']}'.repeat(depth)}`;
  return pick(rng, [
    `apiVersion: v1\nkind: ConfigMap\nmetadata: &a {name: x, labels: {self: ${inner}}}\n`,
    `a: &a [${inner}]\n`,
    `a: &a\n  b:\n    c: ${inner}\n`,
    `&a {apiVersion: v1, kind: ConfigMap, metadata: {name: x}, data: ${inner}}\n`,
  ]);
}

/** Collections nested `depth` deep (the document's root mapping included), some only once aliases are expanded. */
function deepNesting(rng: Rng): HostileCase {
  const depth = int(rng, 95, 3000);
  const family = 'deep-nesting';
  switch (int(rng, 0, 3)) {
    case 0: return { family, depth: depth + 1, text: `a: ${'['.repeat(depth)}${']'.repeat(depth)}\n` };
    case 1: return { family, depth: depth + 1, text: `a: ${'{k: '.repeat(depth)}v${'}'.repeat(depth)}\n` };
    case 2: {
      const levels = Math.min(depth, 400);
      return { family, depth: levels + 1, text: `${Array.from({ length: levels }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')} v\n` };
    }
    default: return { family, depth: 121, text: `a: &a ${'['.repeat(60)}1${']'.repeat(60)}\nb: ${'['.repeat(60)}*a${']'.repeat(60)}\n` };
  }
}

function documentFlood(rng: Rng): string {
  const n = pick(rng, [10_001, 12_000, 20_000, 150_000]);
  const doc = pick(rng, ['a: 1\n', '{}\n', '# c\n', '']);
  return `---\n${doc}`.repeat(n);
}

/** A value of a random shape, keys and strings often named like Object.prototype members. */
function value(rng: Rng, depth: number): unknown {
  const r = rng();
  if (depth > 4 || r < 0.3) return pick(rng, [null, true, 0, -1, 2 ** 53 + 1, 1e308, '', 'x', ...BUILT_IN_NAMES]);
  if (r < 0.55) return Array.from({ length: int(rng, 0, 3) }, () => value(rng, depth + 1));
  const out: Record<string, unknown> = {};
  for (let i = int(rng, 0, 4); i > 0; i--) Object.defineProperty(out, pick(rng, [...BUILT_IN_NAMES, 'name', 'spec', 'containers', 'labels']), { value: value(rng, depth + 1), enumerable: true, configurable: true, writable: true });
  return out;
}

/** Renders a value as flow YAML with every key and string quoted (so `__proto__` stays a plain key). */
function toYaml(v: unknown): string {
  if (v === null || typeof v === 'boolean' || typeof v === 'number') return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(toYaml).join(', ')}]`;
  return `{${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${JSON.stringify(k)}: ${toYaml(x)}`).join(', ')}}`;
}

function builtInNames(rng: Rng): string {
  const kind = pick(rng, [...BUILT_IN_NAMES, 'Deployment', 'Service', 'ConfigMap', 'CustomResourceDefinition']);
  const apiVersion = pick(rng, ['v1', 'apps/v1', `${pick(rng, BUILT_IN_NAMES)}/v1`, 'apiextensions.k8s.io/v1']);
  const name = pick(rng, [...BUILT_IN_NAMES, 'web']);
  const md = { name, namespace: pick(rng, [...BUILT_IN_NAMES, 'app']), labels: { [pick(rng, BUILT_IN_NAMES)]: 'x', app: 'web' }, annotations: { [`ignore-check.guard.oke-virtual-nodes.dev/${pick(rng, BUILT_IN_NAMES)}`]: 'because' } };
  const spec = { selector: { matchLabels: { [pick(rng, BUILT_IN_NAMES)]: 'x' } }, template: { metadata: { labels: { [pick(rng, BUILT_IN_NAMES)]: 'x' } }, spec: { containers: [{ name: pick(rng, BUILT_IN_NAMES), image: 'x:1', [pick(rng, BUILT_IN_NAMES)]: value(rng, 2) }] } }, [pick(rng, BUILT_IN_NAMES)]: value(rng, 1) };
  return `${toYaml({ apiVersion, kind, metadata: md, spec, [pick(rng, BUILT_IN_NAMES)]: value(rng, 0) })}\n`;
}

/** One of `objects` with a few fields replaced by values of the wrong type. */
function mutatedObject(rng: Rng, objects: readonly object[]): string {
  const copy = JSON.parse(JSON.stringify(pick(rng, objects))) as Record<string, unknown>;
  for (let m = int(rng, 1, 6); m > 0; m--) {
    let node: Record<string, unknown> = copy;
    for (let d = int(rng, 0, 6); d > 0; d--) {
      const keys = Object.keys(node);
      if (keys.length === 0) break;
      const next = node[pick(rng, keys)];
      if (typeof next !== 'object' || next === null) break;
      node = next as Record<string, unknown>;
    }
    if (Array.isArray(node)) {
      node[int(rng, 0, node.length)] = value(rng, 2);
      continue;
    }
    const keys = Object.keys(node);
    const key = keys.length > 0 && rng() < 0.7 ? pick(rng, keys) : pick(rng, BUILT_IN_NAMES);
    Object.defineProperty(node, key, { value: value(rng, 2), enumerable: true, configurable: true, writable: true });
  }
  return `${toYaml(copy)}\n`;
}

const BAD_SEQUENCES: readonly number[][] = [[0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0x80], [0x00]];

function badBytes(rng: Rng): HostileCase {
  const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {a: "VALUE"}\n';
  const [before, after] = text.split('VALUE') as [string, string];
  const bytes = Buffer.concat([Buffer.from(before), Buffer.from(pick(rng, BAD_SEQUENCES)), Buffer.from(after)]);
  return { family: 'bad-bytes', text, bytes };
}

function oddTags(rng: Rng): string {
  return pick(rng, [
    'a: !!binary aGVsbG8=\n', 'a: !!set {x, y}\n', 'a: !!omap [{a: 1}]\n', 'a: !!js/function "() => 1"\n', 'a: !foo bar\n',
    'a: !!timestamp 2024-01-01\n', '%TAG ! tag:x,2000:\n--- !y {a: 1}\n', 'a: *missing\n', 'a: &x 1\nb: &x [1]\nc: *x\n',
    '? [a, b]\n: c\n', '? {a: 1}\n: c\n', `"${'\\ud800'}": x\n`, 'a: "\\ud800"\n', '<<: [*a]\n',
  ]);
}

/** The case with number `n` of a run seeded with `seed`; `objects` are real manifests to mutate. */
export function hostileCase(seed: number, n: number, objects: readonly object[]): HostileCase {
  const rng = prng(seed * 100_003 + n);
  const family = pick(rng, ['alias-bomb', 'self-alias', 'deep-nesting', 'document-flood', 'built-in-names', 'mutated-object', 'bad-bytes', 'odd-tags'] as const);
  switch (family) {
    case 'alias-bomb': return { family, text: aliasBomb(rng) };
    case 'self-alias': return { family, text: selfAlias(rng) };
    case 'deep-nesting': return deepNesting(rng);
    case 'document-flood': return { family, text: documentFlood(rng) };
    case 'built-in-names': return { family, text: builtInNames(rng) };
    case 'mutated-object': return { family, text: mutatedObject(rng, objects) };
    case 'bad-bytes': return badBytes(rng);
    default: return { family, text: oddTags(rng) };
  }
}

/** Test fixtures: the compliant object set under fixtures/good, and path-based edits of a fresh copy of it. */
import * as path from 'node:path';
import { loadPaths } from '../../lib/guard/load';
import type { KubeObject } from '../../lib/guard/types';

export const FIXTURES = path.join(__dirname, 'fixtures');
export const GOOD_DIR = path.join(FIXTURES, 'good');

const good = loadPaths([GOOD_DIR]).documents as KubeObject[];

/** A deep copy of the compliant set, safe to edit. */
export function goodSet(): KubeObject[] {
  return JSON.parse(JSON.stringify(good)) as KubeObject[];
}

export function find(set: readonly KubeObject[], kind: string, name?: string): KubeObject {
  const obj = set.find((o) => o.kind === kind && (name === undefined || o.metadata?.name === name));
  if (obj === undefined) throw new Error(`fixture has no ${kind} ${name ?? ''}`);
  return obj;
}

/** `a.b[0]["x.y/z"]` → ['a', 'b', 0, 'x.y/z']. */
function tokens(p: string): (string | number)[] {
  const out: (string | number)[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]/g;
  for (const m of p.matchAll(re)) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else if (m[3] !== undefined) out.push(m[3]);
  }
  return out;
}

type Container = Record<string | number, unknown>;

/** Sets a value at a path, creating objects and arrays on the way. */
export function put(obj: object, p: string, value: unknown): void {
  const keys = tokens(p);
  let node = obj as Container;
  keys.forEach((key, i) => {
    if (i === keys.length - 1) { node[key] = value; return; }
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = typeof keys[i + 1] === 'number' ? [] : {};
    node = node[key] as Container;
  });
}

/** Reads a value at a path (undefined when absent). */
export function get(obj: object, p: string): unknown {
  let node: unknown = obj;
  for (const key of tokens(p)) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Container)[key];
  }
  return node;
}

/** Deletes the value at a path. */
export function del(obj: object, p: string): void {
  const keys = tokens(p);
  const parent = get(obj, keys.slice(0, -1).map((k) => (typeof k === 'number' ? `[${k}]` : `["${k}"]`)).join(''));
  if (typeof parent === 'object' && parent !== null) delete (parent as Container)[keys[keys.length - 1] as string | number];
}

/** Path prefixes inside the `web` Deployment. */
export const POD = 'spec.template.spec';
export const C0 = `${POD}.containers[0]`;

/** The `web` Deployment of a set. */
export const web = (set: readonly KubeObject[]): KubeObject => find(set, 'Deployment', 'web');

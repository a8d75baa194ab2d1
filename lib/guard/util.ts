/** Small helpers to read untyped YAML safely. */
import type { KubeObject, ObjectRef } from './types';

export type Dict = Record<string, unknown>;

export function isRecord(value: unknown): value is Dict {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value as a record, or an empty record (so callers can chain without checks). */
export function rec(value: unknown): Dict {
  return isRecord(value) ? value : {};
}

/** The records of an array value; non-records and non-arrays give nothing. */
export function recs(value: unknown): Dict[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * A string-to-string map (labels, selectors); other entries are ignored. Without a prototype, so a label named
 * `__proto__` is kept and a lookup of `constructor` finds nothing.
 */
export function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [k, v] of Object.entries(rec(value))) if (typeof v === 'string') out[k] = v;
  return out;
}

export function has(obj: Dict, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key) && obj[key] !== undefined && obj[key] !== null;
}

/** Joins a path with a key, quoting keys that contain dots or slashes (annotation names). */
export function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (!/^[A-Za-z_$][\w$-]*$/.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path === '' ? key : `${path}.${key}`;
}

/** The `metadata.namespace`, `metadata.name` and type identity of an object for reports. */
export function refOf(obj: KubeObject): ObjectRef {
  const md = rec(obj.metadata);
  const name = str(md.name) ?? '(unnamed)';
  const namespace = str(md.namespace);
  return namespace === undefined
    ? { apiVersion: String(obj.apiVersion), kind: String(obj.kind), name }
    : { apiVersion: String(obj.apiVersion), kind: String(obj.kind), namespace, name };
}

/** `Kind namespace/name` (or `Kind name` for cluster-scoped objects). */
export function describeRef(ref: ObjectRef): string {
  return `${ref.kind} ${ref.namespace === undefined ? '' : `${ref.namespace}/`}${ref.name}`;
}

export function namespaceOf(obj: KubeObject): string {
  return str(rec(obj.metadata).namespace) ?? 'default';
}

export function nameOf(obj: KubeObject): string | undefined {
  return str(rec(obj.metadata).name);
}

export function annotationsOf(obj: KubeObject): Record<string, string> {
  return stringMap(rec(obj.metadata).annotations);
}

/** API group of an apiVersion (`apps/v1` → `apps`, `v1` → ``). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** True when every `matchLabels` entry and `matchExpressions` term of a LabelSelector matches `labels`. */
export function selectorMatches(selector: unknown, labels: Readonly<Record<string, string>>): boolean {
  const sel = rec(selector);
  for (const [k, v] of Object.entries(stringMap(sel.matchLabels))) if (labels[k] !== v) return false;
  for (const expr of recs(sel.matchExpressions)) {
    const key = str(expr.key) ?? '';
    const values = Array.isArray(expr.values) ? expr.values.filter((x): x is string => typeof x === 'string') : [];
    const present = Object.prototype.hasOwnProperty.call(labels, key);
    switch (expr.operator) {
      case 'In': if (!present || !values.includes(labels[key] as string)) return false; break;
      case 'NotIn': if (present && values.includes(labels[key] as string)) return false; break;
      case 'Exists': if (!present) return false; break;
      case 'DoesNotExist': if (present) return false; break;
      default: return false;
    }
  }
  return true;
}

/** True when a plain map selector (Service `spec.selector`) matches `labels`. */
export function mapSelectorMatches(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

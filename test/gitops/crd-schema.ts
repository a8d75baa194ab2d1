import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ValidateFunction } from 'ajv';
import * as yaml from 'js-yaml';
import { ROOT } from '../helpers';

type Schema = Record<string, unknown>;

/**
 * Adds `additionalProperties: false` wherever a CRD schema lists properties and does not preserve unknown
 * fields: the API server would silently prune a misspelled key; the tests reject it instead.
 */
function strict(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strict);
  if (schema === null || typeof schema !== 'object') return schema;
  const s = Object.fromEntries(Object.entries(schema as Schema).map(([k, v]) => [k, k === 'properties' ? Object.fromEntries(Object.entries(v as Schema).map(([p, ps]) => [p, strict(ps)])) : strict(v)]));
  if (s.properties !== undefined && s['x-kubernetes-preserve-unknown-fields'] !== true && s.additionalProperties === undefined) s.additionalProperties = false;
  if (s['x-kubernetes-int-or-string'] === true) {
    delete s.type;
    s.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  return s;
}

interface Crd {
  spec: { group: string; names: { kind: string }; versions: Array<{ name: string; served: boolean; schema: { openAPIV3Schema: Schema } }> };
}

const cache = new Map<string, Map<string, ValidateFunction>>();

/** Validators by `group/version/Kind` for every served version of the CRDs in `crds/<file>`. */
export function crdValidators(file: string): Map<string, ValidateFunction> {
  const hit = cache.get(file);
  if (hit !== undefined) return hit;
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const out = new Map<string, ValidateFunction>();
  for (const doc of yaml.loadAll(fs.readFileSync(path.join(ROOT, 'crds', file), 'utf8')) as Crd[]) {
    if (doc === null || doc === undefined) continue;
    for (const v of doc.spec.versions.filter((x) => x.served)) {
      out.set(`${doc.spec.group}/${v.name}/${doc.spec.names.kind}`, ajv.compile(strict(v.schema.openAPIV3Schema) as Schema));
    }
  }
  cache.set(file, out);
  return out;
}

/** Validation errors of one object against its CRD (`instancePath message` each); throws if no CRD serves it. */
export function crdErrors(file: string, obj: { apiVersion: string; kind: string }): string[] {
  const validate = crdValidators(file).get(`${obj.apiVersion}/${obj.kind}`);
  if (validate === undefined) throw new Error(`no served CRD version for ${obj.apiVersion} ${obj.kind} in crds/${file}`);
  if (validate(obj)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`);
}

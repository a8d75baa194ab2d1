/**
 * Turns the Kubernetes OpenAPI definitions and CRD `openAPIV3Schema`s into JSON Schemas ajv understands, made
 * strict the way `kubeconform -strict` is: every object schema that lists `properties` rejects other keys.
 */
import { isRecord, type Dict } from '../util';

/** JSON Schema keywords copied as they are (the rest — descriptions, x-kubernetes-* — is dropped). */
const VALUE_KEYWORDS = [
  'type', 'enum', 'required', 'pattern', 'format', 'minimum', 'maximum', 'minLength', 'maxLength', 'minItems',
  'maxItems', 'uniqueItems', 'multipleOf', 'minProperties', 'maxProperties', 'const',
] as const;

/**
 * Kubernetes resource.Quantity syntax (apimachinery `pkg/api/resource/quantity.go`): a signed decimal number with an
 * optional binary (Ki..Ei), decimal (n, u, m, k, M..E) or exponent suffix.
 */
export const QUANTITY_PATTERN = '^[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[KMGTPE]i|[numkMGTPE]|[eE][+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+))?$';

const QUANTITY_DEF = 'io.k8s.apimachinery.pkg.api.resource.Quantity';

interface WalkState {
  /** Inside allOf/anyOf/oneOf/not (at any depth): such branches list a subset of properties, so they stay open. */
  readonly inLogical: boolean;
  /** Rewrites `$ref` values (Kubernetes definitions refer to `#/definitions/...`). */
  readonly ref: (ref: string) => string;
  /** OpenAPI v3 (CRD) dialect: `nullable`, boolean `exclusiveMinimum`, x-kubernetes-* structural extensions. */
  readonly crd: boolean;
}

function convert(node: unknown, state: WalkState): unknown {
  if (!isRecord(node)) return node;
  const out: Dict = {};
  if (typeof node.$ref === 'string') out.$ref = state.ref(node.$ref);
  for (const k of VALUE_KEYWORDS) if (node[k] !== undefined) out[k] = node[k];

  const logical: Dict[] = [];
  if (state.crd) {
    // OpenAPI 3.0 boolean exclusive bounds → JSON Schema draft-07 numeric ones.
    if (node.exclusiveMinimum === true && typeof node.minimum === 'number') { out.exclusiveMinimum = node.minimum; delete out.minimum; }
    if (node.exclusiveMaximum === true && typeof node.maximum === 'number') { out.exclusiveMaximum = node.maximum; delete out.maximum; }
    if (node['x-kubernetes-int-or-string'] === true) {
      delete out.type;
      logical.push({ anyOf: [{ type: 'integer' }, { type: 'string' }] });
    }
    if (node.nullable === true) {
      if (typeof out.type === 'string') out.type = [out.type, 'null'];
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    }
  }

  if (isRecord(node.properties)) {
    const props: Dict = {};
    for (const [name, sub] of Object.entries(node.properties)) props[name] = convert(sub, state);
    out.properties = props;
  }
  if (node.items !== undefined) {
    out.items = Array.isArray(node.items) ? node.items.map((i) => convert(i, state)) : convert(node.items, state);
  }
  if (isRecord(node.additionalProperties)) out.additionalProperties = convert(node.additionalProperties, state);
  else if (typeof node.additionalProperties === 'boolean') out.additionalProperties = node.additionalProperties;
  for (const k of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = node[k];
    if (Array.isArray(list)) logical.push({ [k]: list.map((b) => convert(b, { ...state, inLogical: true })) });
  }
  if (logical.length === 1) Object.assign(out, logical[0]);
  else if (logical.length > 1) out.allOf = logical;
  if (node.not !== undefined) out.not = convert(node.not, { ...state, inLogical: true });

  const preserveUnknown = state.crd && node['x-kubernetes-preserve-unknown-fields'] === true;
  if (state.crd && node['x-kubernetes-embedded-resource'] === true) {
    // An embedded object is a full resource: apiVersion, kind and metadata are implied and must be set.
    const props = isRecord(out.properties) ? out.properties : {};
    out.properties = {
      apiVersion: { type: 'string', minLength: 1 },
      kind: { type: 'string', minLength: 1 },
      metadata: { type: 'object' },
      ...props,
    };
    out.required = Array.from(new Set([...(Array.isArray(out.required) ? out.required as string[] : []), 'apiVersion', 'kind']));
  }
  if (isRecord(out.properties) && out.additionalProperties === undefined && !preserveUnknown && !state.inLogical) {
    out.additionalProperties = false;
  }
  return out;
}

/** Strict copy of the Kubernetes `_definitions.json` `definitions` map, with `$ref`s pointing into `schemaId`. */
export function convertKubernetesDefinitions(definitions: Dict, schemaId: string): Dict {
  const out: Dict = {};
  const state: WalkState = { inLogical: false, crd: false, ref: (r) => r.replace(/^#\//, `${schemaId}#/`) };
  for (const [name, def] of Object.entries(definitions)) out[name] = convert(def, state);
  // The definitions accept any string as a quantity; the API server does not (`memory: 512MB` is rejected).
  out[QUANTITY_DEF] = { oneOf: [{ type: 'string', pattern: QUANTITY_PATTERN }, { type: 'number' }] };
  return out;
}

/**
 * Strict JSON Schema of one CRD version's `openAPIV3Schema`. `objectMetaRef` replaces the root `metadata` schema
 * (CRDs leave it as a bare object; the API server validates it as ObjectMeta).
 */
export function convertCrdSchema(openAPIV3Schema: unknown, objectMetaRef: string): Dict {
  const root = convert(openAPIV3Schema, { inLogical: false, crd: true, ref: (r) => r }) as Dict;
  const props: Dict = isRecord(root.properties) ? { ...root.properties } : {};
  props.metadata = { $ref: objectMetaRef };
  props.apiVersion = { type: 'string' };
  props.kind = { type: 'string' };
  return { ...root, type: 'object', properties: props };
}

/**
 * Schema validation of Kubernetes objects: core kinds against the vendored Kubernetes v1.34 definitions, custom
 * resources against their CRD's `openAPIV3Schema`. One ajv instance per process; each kind's validator is
 * compiled on first use and cached.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { loadAll } from 'js-yaml';
import type { Finding, KubeObject } from '../types';
import { groupOf, isRecord, rec, recs, str, type Dict } from '../util';
import { convertCrdSchema, convertKubernetesDefinitions } from './convert';
import { findingsFromAjvErrors } from './errors';

const ROOT = path.resolve(__dirname, '..', '..', '..');
/** Vendored schema files (see schemas/README.md and crds/README.md). */
export const KUBERNETES_DEFINITIONS = path.join(ROOT, 'schemas', 'kubernetes', 'v1.34.0', '_definitions.json');
export const VENDORED_CRDS: readonly string[] = [
  path.join(ROOT, 'crds', 'external-secrets.io.yaml'),
  path.join(ROOT, 'crds', 'argoproj.io.yaml'),
];

const K8S_ID = 'k8s-v1.34.json';
const OBJECT_META_REF = `${K8S_ID}#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta`;

/** What the guard knows about a kind. */
export type KindLookup =
  | { readonly status: 'known'; readonly validate: () => ValidateFunction }
  | { readonly status: 'unserved'; readonly served: readonly string[] }
  | { readonly status: 'unknown' };

interface CrdVersion {
  readonly served: boolean;
  readonly schema: unknown;
}

/** Go `time.ParseDuration` syntax, which Kubernetes uses for the `duration` format (not ISO 8601). */
const GO_DURATION = /^[-+]?(?:(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:ns|us|µs|ms|s|m|h))+$|^0$/;

function createAjv(): Ajv {
  // ajv's code optimiser makes compiling ~2.5x slower (first check of dist/example 1.8 s → 0.7 s without it) for
  // no measurable gain when validating a few dozen objects.
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false, validateFormats: true, code: { optimize: false } });
  // Only the formats the API server validates; others are ignored as Kubernetes ignores them.
  addFormats(ajv, ['date-time', 'date', 'byte', 'int32', 'int64', 'float', 'double', 'ipv4', 'ipv6', 'uuid', 'email', 'hostname', 'password', 'binary']);
  ajv.addFormat('duration', GO_DURATION);
  ajv.addFormat('datetime', { validate: (s: string) => !Number.isNaN(Date.parse(s)) });
  ajv.addFormat('uri', { validate: (s: string) => /^\S+$/.test(s) });
  return ajv;
}

/** Kubernetes core + CRD schemas, compiled lazily. */
export class SchemaRegistry {
  private ajv: Ajv | undefined;
  private readonly coreKinds = new Map<string, string>(); // group/version/kind → definition name
  private readonly crds = new Map<string, Map<string, CrdVersion>>(); // group/kind → version → schema
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly crdFingerprints = new Set<string>();

  private instance(): Ajv {
    if (this.ajv !== undefined) return this.ajv;
    const doc = JSON.parse(fs.readFileSync(KUBERNETES_DEFINITIONS, 'utf8')) as { definitions: Dict };
    for (const [name, def] of Object.entries(doc.definitions)) {
      for (const gvk of recs(rec(def)['x-kubernetes-group-version-kind'])) {
        const key = `${str(gvk.group) ?? ''}/${str(gvk.version) ?? ''}/${str(gvk.kind) ?? ''}`;
        if (!this.coreKinds.has(key)) this.coreKinds.set(key, name);
      }
    }
    const ajv = createAjv();
    ajv.addSchema({ $id: K8S_ID, definitions: convertKubernetesDefinitions(doc.definitions, K8S_ID) });
    this.ajv = ajv;
    return ajv;
  }

  /** The vendored CRDs are 1.9 MB of YAML: parsed only when a kind is not a core kind. */
  private vendoredCrdsLoaded = false;

  private loadVendoredCrds(): void {
    if (this.vendoredCrdsLoaded) return;
    this.vendoredCrdsLoaded = true;
    const own = new Map(this.crds);
    for (const file of VENDORED_CRDS) {
      for (const crd of loadAll(fs.readFileSync(file, 'utf8'))) if (isRecord(crd)) this.addCrd(crd as KubeObject);
    }
    // CRDs registered by the caller before the vendored ones were read take precedence.
    for (const [key, versions] of own) this.crds.set(key, versions);
  }

  /** Registers a CustomResourceDefinition (apiextensions.k8s.io/v1); later versions of a group/kind win. */
  addCrd(crd: KubeObject): void {
    this.instance();
    if (crd.kind !== 'CustomResourceDefinition') return;
    const spec = rec(crd.spec);
    const group = str(spec.group);
    const kind = str(rec(spec.names).kind);
    if (group === undefined || kind === undefined) return;
    const fingerprint = JSON.stringify(spec);
    if (this.crdFingerprints.has(fingerprint)) return;
    this.crdFingerprints.add(fingerprint);
    const versions = new Map<string, CrdVersion>();
    for (const v of recs(spec.versions)) {
      const name = str(v.name);
      if (name === undefined) continue;
      versions.set(name, { served: v.served === true, schema: rec(v.schema).openAPIV3Schema });
      this.compiled.delete(`${group}/${name}/${kind}`);
    }
    this.crds.set(`${group}/${kind}`, versions);
  }

  /** Finds the validator for an object's apiVersion/kind. */
  lookup(apiVersion: string, kind: string): KindLookup {
    const ajv = this.instance();
    const slash = apiVersion.indexOf('/');
    const group = slash < 0 ? '' : apiVersion.slice(0, slash);
    const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
    const key = `${group}/${version}/${kind}`;
    const cached = this.compiled.get(key);
    if (cached !== undefined) return { status: 'known', validate: () => cached };
    const def = this.coreKinds.get(key);
    if (def !== undefined) {
      return { status: 'known', validate: () => this.compile(key, () => ajv.compile({ $ref: `${K8S_ID}#/definitions/${def}` })) };
    }
    this.loadVendoredCrds();
    const crd = this.crds.get(`${group}/${kind}`);
    if (crd !== undefined) {
      const v = crd.get(version);
      if (v === undefined || !v.served) {
        return { status: 'unserved', served: [...crd.entries()].filter(([, x]) => x.served).map(([n]) => `${group}/${n}`) };
      }
      const schema = v.schema === undefined ? { type: 'object' } : convertCrdSchema(v.schema, OBJECT_META_REF);
      return { status: 'known', validate: () => this.compile(key, () => ajv.compile(schema)) };
    }
    return { status: 'unknown' };
  }

  /** Served apiVersions of a kind (core or CRD), to suggest the right one. */
  versionsOf(kind: string): string[] {
    this.instance();
    this.loadVendoredCrds();
    const out: string[] = [];
    for (const key of this.coreKinds.keys()) {
      const [g, v, k] = key.split('/');
      if (k === kind) out.push(g === '' ? `${v}` : `${g}/${v}`);
    }
    for (const [gk, versions] of this.crds) {
      const [g, k] = gk.split('/');
      if (k === kind) for (const [v, x] of versions) if (x.served) out.push(`${g}/${v}`);
    }
    return out.sort();
  }

  private compile(key: string, make: () => ValidateFunction): ValidateFunction {
    const hit = this.compiled.get(key);
    if (hit !== undefined) return hit;
    const fn = make();
    this.compiled.set(key, fn);
    return fn;
  }
}

let shared: SchemaRegistry | undefined;

/** The process-wide registry (schemas are read and compiled once per process). */
export function sharedRegistry(): SchemaRegistry {
  shared ??= new SchemaRegistry();
  return shared;
}

/**
 * A copy without null-valued object fields: the API server treats `field: null` as unset (and prunes it from custom
 * resources unless the schema says nullable), so `creationTimestamp: null` from `kubectl create --dry-run` is fine.
 * Nulls inside arrays are kept: they are real (invalid) items.
 */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isRecord(value)) return value;
  const out: Dict = {};
  for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = withoutNulls(v);
  return out;
}

/** Outcome of validating one object. */
export type SchemaResult =
  | { readonly kind: 'checked'; readonly findings: Finding[] }
  | { readonly kind: 'unchecked'; readonly message: string };

/** Validates one object against its schema. */
export function validateObject(obj: KubeObject, registry: SchemaRegistry): SchemaResult {
  const found = registry.lookup(obj.apiVersion, obj.kind);
  if (found.status === 'unserved') {
    const served = found.served.length > 0 ? found.served.join(', ') : 'none';
    return {
      kind: 'checked',
      findings: [{ path: 'apiVersion', problem: `apiVersion "${obj.apiVersion}" of ${obj.kind} is not served by its CRD`, fix: `use a served version (${served})` }],
    };
  }
  if (found.status === 'unknown') {
    const others = registry.versionsOf(obj.kind);
    if (others.length > 0) {
      return {
        kind: 'checked',
        findings: [{ path: 'apiVersion', problem: `${obj.kind} is not served as "${obj.apiVersion}" by Kubernetes v1.34`, fix: `use ${others.join(' or ')}` }],
      };
    }
    return {
      kind: 'unchecked',
      message: `unknown kind "${obj.kind}" (apiVersion "${obj.apiVersion}", group "${groupOf(obj.apiVersion)}"): no Kubernetes v1.34 or CRD schema validates it; pass its CustomResourceDefinition with --crd <file> (or include the CRD in the input)`,
    };
  }
  let validate: ValidateFunction;
  try {
    validate = found.validate();
  } catch (err) {
    return { kind: 'unchecked', message: `the schema of ${obj.kind} (${obj.apiVersion}) could not be compiled: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (validate(withoutNulls(obj))) return { kind: 'checked', findings: [] };
  return { kind: 'checked', findings: findingsFromAjvErrors((validate.errors ?? []) as ErrorObject[]) };
}

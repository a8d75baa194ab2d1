/**
 * Schema validation of Kubernetes objects: core kinds against the vendored Kubernetes v1.34 definitions, custom
 * resources against their CRD's `openAPIV3Schema`. One ajv instance per process; each kind's validator is
 * compiled on first use and cached.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';
import type Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { loadAll } from 'js-yaml';
import * as formatsModule from './formats';
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
  /** The openAPIV3Schema; for vendored CRDs read only when a validator must be compiled. */
  readonly schema: unknown;
  /** From crds/ (its compiled validator may come from, and go to, the disk cache). */
  readonly vendored: boolean;
}

/** ajv itself (~60 ms to load) is needed only to compile; validators read from the disk cache run without it. */
function loadAjv(): typeof import('ajv') {
  return require('ajv') as typeof import('ajv');
}

function createAjv(): Ajv {
  const { default: AjvClass, _ } = loadAjv();
  // ajv's code optimiser makes compiling ~2.5x slower (first check of dist/example 1.8 s → 0.7 s without it) for
  // no measurable gain when validating a few dozen objects. `source` keeps the generated code for the disk cache.
  const ajv = new AjvClass({
    strict: false, allErrors: true, logger: false, validateFormats: true,
    code: { optimize: false, source: true, formats: _`require(${FORMATS_SPECIFIER}).FORMATS` },
  });
  // Only the formats the API server validates; others are ignored as Kubernetes ignores them.
  for (const [name, format] of Object.entries(formatsModule.FORMATS)) ajv.addFormat(name, format);
  return ajv;
}

/**
 * What cached validator code requires to get the formats; `loadCachedModule` answers it with ./formats. A name
 * instead of a path keeps the cache valid wherever the code runs from (tsx, a bundle, another checkout).
 */
const FORMATS_SPECIFIER = 'oke-vn-guard:formats';

/**
 * Compiled validators of the vendored schemas are also kept on disk as ajv standalone code, so a new
 * process (every `npm run synth`) loads them instead of compiling again. The folder name is a hash of
 * everything the code depends on: the schema files, this folder's sources and the ajv version.
 */
const CACHE_ROOT = process.env.OKE_VN_GUARD_CACHE ?? path.join(ROOT, 'node_modules', '.cache', 'oke-vn-guard');

let cacheDirMemo: string | undefined;
function cacheDir(): string {
  if (cacheDirMemo !== undefined) return cacheDirMemo;
  const hash = createHash('sha256');
  const inputs = [KUBERNETES_DEFINITIONS, ...VENDORED_CRDS,
    ...fs.readdirSync(__dirname).filter((f) => /\.[jt]s$/.test(f)).sort().map((f) => path.join(__dirname, f))];
  hash.update(`ajv ${(require('ajv/package.json') as { version: string }).version}\0`);
  for (const file of inputs) hash.update(fs.readFileSync(file));
  cacheDirMemo = path.join(CACHE_ROOT, hash.digest('hex').slice(0, 16));
  return cacheDirMemo;
}

/**
 * Runs a cached validator module with V8's code cache beside it (`<file>.v8`): the generated code is
 * megabytes, and compiling it on every run cost ~170 ms of a ~200 ms load (measured on dist/example).
 * A code cache from another Node/V8 version is rejected by V8 and simply rewritten.
 */
function loadCachedModule(file: string): unknown {
  const codeCache = `${file}.v8`;
  const cachedData = fs.existsSync(codeCache) ? fs.readFileSync(codeCache) : undefined;
  const script = new vm.Script(`(function (exports, require, module) {${fs.readFileSync(file, 'utf8')}\n})`, { filename: file, cachedData });
  if (cachedData === undefined || script.cachedDataRejected === true) writeCodeCacheAtExit(codeCache, script);
  const mod = { exports: {} as unknown };
  const fileRequire = createRequire(file);
  const validatorRequire = (id: string): unknown => (id === FORMATS_SPECIFIER ? formatsModule : fileRequire(id));
  (script.runInThisContext() as (exports: unknown, require: (id: string) => unknown, module: { exports: unknown }) => void)(mod.exports, validatorRequire, mod);
  return mod.exports;
}

const pendingCodeCaches = new Map<string, vm.Script>();

/**
 * Code caches are written at exit, after the validators have run: V8 compiles inner functions lazily, and a
 * cache taken before the first validation holds only the outer wrapper (the first check then paid ~130 ms of
 * lazy compiling). One exit listener for all of them.
 */
function writeCodeCacheAtExit(file: string, script: vm.Script): void {
  if (pendingCodeCaches.size === 0) process.once('exit', flushCodeCaches);
  pendingCodeCaches.set(file, script);
}

/** Writes the V8 code caches still pending (done at exit; a long-lived process may call it earlier). */
export function flushCodeCaches(): void {
  for (const [file, script] of pendingCodeCaches) writeCache(file, script.createCachedData());
  pendingCodeCaches.clear();
}

function cacheFile(name: string): string {
  return path.join(cacheDir(), `${name.replace(/[^A-Za-z0-9.-]/g, '_')}`);
}

/** Writes via a temporary file and a rename, so a concurrent reader never sees half a file. */
function writeCache(file: string, text: string | Buffer): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
  } catch {
    // The cache only saves time; a read-only node_modules must not fail a check.
  }
}

/** Kubernetes core + CRD schemas, compiled lazily. */
export class SchemaRegistry {
  private ajv: Ajv | undefined;
  private coreKindsMemo: Map<string, string> | undefined; // group/version/kind → definition name
  private readonly crds = new Map<string, Map<string, CrdVersion>>(); // group/kind → version → schema
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly crdFingerprints = new Set<string>();
  /** group/kind of CRDs registered from the input, whose validators must not come from the disk cache. */
  private readonly ownCrds = new Set<string>();
  private vendoredIndexLoaded = false;
  private vendoredSchemasMemo: Map<string, unknown> | undefined; // group/version/kind → openAPIV3Schema

  private definitions(): Dict {
    return (JSON.parse(fs.readFileSync(KUBERNETES_DEFINITIONS, 'utf8')) as { definitions: Dict }).definitions;
  }

  /** Which definition validates which core kind; kept on disk so a warm process never parses the 1.4 MB schema. */
  private coreKinds(): Map<string, string> {
    if (this.coreKindsMemo !== undefined) return this.coreKindsMemo;
    const cached = cacheFile('core-kinds.json');
    let entries: Array<[string, string]>;
    if (fs.existsSync(cached)) {
      entries = JSON.parse(fs.readFileSync(cached, 'utf8')) as Array<[string, string]>;
    } else {
      const index = new Map<string, string>();
      for (const [name, def] of Object.entries(this.definitions())) {
        for (const gvk of recs(rec(def)['x-kubernetes-group-version-kind'])) {
          const key = `${str(gvk.group) ?? ''}/${str(gvk.version) ?? ''}/${str(gvk.kind) ?? ''}`;
          if (!index.has(key)) index.set(key, name);
        }
      }
      entries = [...index];
      writeCache(cached, JSON.stringify(entries));
    }
    this.coreKindsMemo = new Map(entries);
    return this.coreKindsMemo;
  }

  /** The ajv instance with every Kubernetes definition: needed only to compile, not to run cached validators. */
  private instance(): Ajv {
    if (this.ajv !== undefined) return this.ajv;
    const ajv = createAjv();
    ajv.addSchema({ $id: K8S_ID, definitions: convertKubernetesDefinitions(this.definitions(), K8S_ID) });
    this.ajv = ajv;
    return ajv;
  }

  /** Schemas of the vendored CRDs (1.9 MB of YAML, ~150 ms to parse; kept on disk as JSON). */
  private vendoredSchemas(): Map<string, unknown> {
    if (this.vendoredSchemasMemo !== undefined) return this.vendoredSchemasMemo;
    const cached = cacheFile('vendored-crd-schemas.json');
    let entries: Array<[string, unknown]>;
    if (fs.existsSync(cached)) {
      entries = JSON.parse(fs.readFileSync(cached, 'utf8')) as Array<[string, unknown]>;
    } else {
      entries = [];
      for (const crd of VENDORED_CRDS.flatMap((file) => loadAll(fs.readFileSync(file, 'utf8')))) {
        const spec = rec(rec(crd).spec);
        const group = str(spec.group);
        const kind = str(rec(spec.names).kind);
        if (rec(crd).kind !== 'CustomResourceDefinition' || group === undefined || kind === undefined) continue;
        for (const v of recs(spec.versions)) entries.push([`${group}/${str(v.name) ?? ''}/${kind}`, { served: v.served === true, schema: rec(v.schema).openAPIV3Schema }]);
      }
      writeCache(cached, JSON.stringify(entries));
    }
    this.vendoredSchemasMemo = new Map(entries);
    return this.vendoredSchemasMemo;
  }

  /** Registers which versions of the vendored CRDs are served; their schemas are read only to compile. */
  private loadVendoredIndex(): void {
    if (this.vendoredIndexLoaded) return;
    this.vendoredIndexLoaded = true;
    const cached = cacheFile('vendored-crd-index.json');
    let entries: Array<[string, boolean]>;
    if (fs.existsSync(cached)) {
      entries = JSON.parse(fs.readFileSync(cached, 'utf8')) as Array<[string, boolean]>;
    } else {
      entries = [...this.vendoredSchemas()].map(([gvk, v]) => [gvk, rec(v).served === true]);
      writeCache(cached, JSON.stringify(entries));
    }
    for (const [gvk, served] of entries) {
      const [group, version, kind] = gvk.split('/') as [string, string, string];
      // CRDs the caller registered before the vendored ones were read take precedence.
      if (this.ownCrds.has(`${group}/${kind}`)) continue;
      const versions = this.crds.get(`${group}/${kind}`) ?? new Map<string, CrdVersion>();
      versions.set(version, { served, schema: undefined, vendored: true });
      this.crds.set(`${group}/${kind}`, versions);
    }
  }

  /** Registers a CustomResourceDefinition (apiextensions.k8s.io/v1); later versions of a group/kind win. */
  addCrd(crd: KubeObject): void {
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
      versions.set(name, { served: v.served === true, schema: rec(v.schema).openAPIV3Schema, vendored: false });
      this.compiled.delete(`${group}/${name}/${kind}`);
    }
    this.crds.set(`${group}/${kind}`, versions);
    this.ownCrds.add(`${group}/${kind}`);
  }

  /** Finds the validator for an object's apiVersion/kind. */
  lookup(apiVersion: string, kind: string): KindLookup {
    const slash = apiVersion.indexOf('/');
    const group = slash < 0 ? '' : apiVersion.slice(0, slash);
    const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
    const key = `${group}/${version}/${kind}`;
    const cached = this.compiled.get(key);
    if (cached !== undefined) return { status: 'known', validate: () => cached };
    const def = this.coreKinds().get(key);
    if (def !== undefined) {
      return { status: 'known', validate: () => this.compile(key, () => this.instance().compile({ $ref: `${K8S_ID}#/definitions/${def}` }), true) };
    }
    this.loadVendoredIndex();
    const crd = this.crds.get(`${group}/${kind}`);
    if (crd !== undefined) {
      const v = crd.get(version);
      if (v === undefined || !v.served) {
        return { status: 'unserved', served: [...crd.entries()].filter(([, x]) => x.served).map(([n]) => `${group}/${n}`) };
      }
      const make = () => {
        const raw = v.vendored ? rec(this.vendoredSchemas().get(key)).schema : v.schema;
        return this.instance().compile(raw === undefined ? { type: 'object' } : convertCrdSchema(raw, OBJECT_META_REF));
      };
      return { status: 'known', validate: () => this.compile(key, make, v.vendored) };
    }
    return { status: 'unknown' };
  }

  /** Served apiVersions of a kind (core or CRD), to suggest the right one. */
  versionsOf(kind: string): string[] {
    this.loadVendoredIndex();
    const out: string[] = [];
    for (const key of this.coreKinds().keys()) {
      const [g, v, k] = key.split('/');
      if (k === kind) out.push(g === '' ? `${v}` : `${g}/${v}`);
    }
    for (const [gk, versions] of this.crds) {
      const [g, k] = gk.split('/');
      if (k === kind) for (const [v, x] of versions) if (x.served) out.push(`${g}/${v}`);
    }
    return out.sort();
  }

  private compile(key: string, make: () => ValidateFunction, vendored: boolean): ValidateFunction {
    const hit = this.compiled.get(key);
    if (hit !== undefined) return hit;
    const fn = vendored ? this.compileWithDiskCache(key, make) : make();
    this.compiled.set(key, fn);
    return fn;
  }

  private compileWithDiskCache(key: string, make: () => ValidateFunction): ValidateFunction {
    const file = cacheFile(`${key}.js`);
    if (fs.existsSync(file)) {
      try {
        return loadCachedModule(file) as ValidateFunction;
      } catch {
        // A damaged cache file is recompiled and rewritten below.
      }
    }
    const fn = make();
    const standaloneCode = (require('ajv/dist/standalone') as typeof import('ajv/dist/standalone')).default;
    writeCache(file, standaloneCode(this.instance(), fn));
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

/**
 * Reads a Traefik v3 static configuration from the command-line flags of a workload's container, as Traefik's
 * flag parser does (traefik/paerser: `--a.b.c=value`, a flag without `=` is `true`, names compared without case).
 * Only flags are read: a Traefik configured by a file or environment variables is not recognised here.
 */
import { containersOf, podTemplateOf } from './pods';
import type { KubeObject } from './types';
import { nameOf, namespaceOf, rec, str } from './util';

/** One entry point as the flags define it. */
export interface TraefikEntryPoint {
  readonly name: string;
  /** `:8000` etc. */
  readonly address?: string;
  /** `asDefault`: routers without entry points attach to this one. */
  readonly asDefault: boolean;
  /** `http.tls` is set: every router on it terminates TLS. */
  readonly tls: boolean;
  /** `http.redirections.entryPoint.to` (`:443`, or an entry point name). */
  readonly redirectTo?: string;
  readonly redirectScheme?: string;
}

/** The Kubernetes Ingress provider's settings (traefik v3.7 `pkg/provider/kubernetes/ingress`). */
export interface TraefikIngressProvider {
  /** `providers.kubernetesingress.ingressClass`: the IngressClass name it serves. */
  readonly ingressClass?: string;
  /** Watched namespaces; undefined = every namespace. */
  readonly namespaces?: readonly string[];
  /** `ingressendpoint.publishedservice` as `namespace/name`. */
  readonly publishedService?: string;
}

/** A Traefik found in a workload: where, who it runs as, and its configuration. */
export interface TraefikInstance {
  readonly owner: KubeObject;
  readonly namespace: string;
  /** ServiceAccount of its pods (`default` when unset). */
  readonly serviceAccount: string;
  /** Path of the container's args in the owner, for findings. */
  readonly argsPath: string;
  /** Every flag, key lower-cased, value as written. */
  readonly flags: ReadonlyMap<string, string>;
  readonly entryPoints: readonly TraefikEntryPoint[];
  /** Present when the Kubernetes Ingress provider is enabled. */
  readonly ingressProvider?: TraefikIngressProvider;
  /** Entry points Traefik serves on its own (metrics, ping, API), which no Ingress router should attach to. */
  readonly internalEntryPoints: readonly string[];
}

/** `--a.b=c` flags as a map (keys lower-cased); args that are not flags are skipped. */
export function parseTraefikFlags(args: readonly string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (const arg of args) {
    const m = /^--?([^=]+)(?:=(.*))?$/s.exec(arg);
    if (m === null) continue;
    flags.set((m[1] as string).toLowerCase(), m[2] ?? 'true');
  }
  return flags;
}

const truthy = (v: string | undefined): boolean => v !== undefined && v.toLowerCase() === 'true';

/** The entry points the flags define, by name (lower-cased), in the order first seen. */
function entryPointsOf(flags: ReadonlyMap<string, string>): TraefikEntryPoint[] {
  const names: string[] = [];
  for (const key of flags.keys()) {
    const m = /^entrypoints\.([^.]+)\./.exec(key);
    if (m !== null && !names.includes(m[1] as string)) names.push(m[1] as string);
  }
  return names.map((name) => {
    const get = (k: string) => flags.get(`entrypoints.${name}.${k}`);
    // `http.tls` with sub-keys (options, certResolver) also turns TLS on.
    const tls = truthy(get('http.tls')) || [...flags.keys()].some((k) => k.startsWith(`entrypoints.${name}.http.tls.`));
    return { name, address: get('address'), asDefault: truthy(get('asdefault')), tls, redirectTo: get('http.redirections.entrypoint.to'), redirectScheme: get('http.redirections.entrypoint.scheme') };
  });
}

function ingressProviderOf(flags: ReadonlyMap<string, string>): TraefikIngressProvider | undefined {
  const p = 'providers.kubernetesingress';
  const enabled = truthy(flags.get(p)) || [...flags.keys()].some((k) => k.startsWith(`${p}.`));
  if (!enabled) return undefined;
  const namespaces = flags.get(`${p}.namespaces`)?.split(',').map((n) => n.trim()).filter((n) => n !== '');
  return {
    ingressClass: flags.get(`${p}.ingressclass`),
    namespaces: namespaces === undefined || namespaces.length === 0 ? undefined : namespaces,
    publishedService: flags.get(`${p}.ingressendpoint.publishedservice`),
  };
}

/** Traefik's entry points for metrics, ping and API (`traefik` unless set otherwise). */
function internalEntryPointsOf(flags: ReadonlyMap<string, string>): string[] {
  const out = new Set<string>(['traefik']);
  const metrics = [...flags.keys()].filter((k) => /^metrics\.[^.]+\.entrypoint$/.test(k)).map((k) => flags.get(k) as string);
  for (const ep of metrics) out.add(ep.toLowerCase());
  const ping = flags.get('ping.entrypoint');
  if (ping !== undefined) out.add(ping.toLowerCase());
  return [...out];
}

/** Whether a container runs Traefik: its image is traefik's, or its flags configure a Traefik provider. */
function isTraefik(image: string | undefined, flags: ReadonlyMap<string, string>): boolean {
  const repo = (image ?? '').split('@')[0]?.replace(/:[^/]*$/, '') ?? '';
  return /(^|\/)traefik$/.test(repo) || [...flags.keys()].some((k) => k.startsWith('providers.kubernetesingress') || k.startsWith('providers.kubernetescrd'));
}

/** Every Traefik container of a workload (usually one). */
export function traefikInstancesOf(obj: KubeObject): TraefikInstance[] {
  const pod = podTemplateOf(obj);
  if (pod === undefined) return [];
  return containersOf(pod).flatMap((c) => {
    const args = Array.isArray(c.container.args) ? c.container.args.filter((a): a is string => typeof a === 'string') : [];
    const flags = parseTraefikFlags(args);
    if (!isTraefik(str(c.container.image), flags)) return [];
    return [{
      owner: obj,
      namespace: namespaceOf(obj),
      serviceAccount: str(pod.spec.serviceAccountName) ?? 'default',
      argsPath: `${c.path}.args`,
      flags,
      entryPoints: entryPointsOf(flags),
      ingressProvider: ingressProviderOf(flags),
      internalEntryPoints: internalEntryPointsOf(flags),
    }];
  });
}

/** Every Traefik with the Kubernetes Ingress provider among the objects. */
export function ingressTraefiks(objects: readonly KubeObject[]): TraefikInstance[] {
  return objects.flatMap(traefikInstancesOf).filter((t) => t.ingressProvider !== undefined);
}

/** `Kind namespace/name` of a Traefik's workload, for messages. */
export function describeTraefik(t: TraefikInstance): string {
  return `${t.owner.kind} ${t.namespace}/${nameOf(t.owner) ?? '(unnamed)'}`;
}

/** The IngressClass an Ingress names: `spec.ingressClassName`, else the legacy `kubernetes.io/ingress.class` annotation. */
export function ingressClassOf(ingress: KubeObject): string | undefined {
  return str(rec(ingress.spec).ingressClassName) ?? str(rec(rec(ingress.metadata).annotations)['kubernetes.io/ingress.class']);
}

/**
 * Rules across an Ingress, the Traefik that should serve it, and the TLS Secret it names: an Ingress nobody serves
 * passes the API server and fails only in the cluster (no route, no status, Argo CD keeps it Progressing).
 * Traefik facts: traefik v3.7 `pkg/provider/kubernetes/ingress` (`client.go` WatchAll/GetService/GetSecret,
 * `kubernetes.go` shouldProcessIngress/updateIngressStatus/getCertificates), `cmd/traefik/traefik.go`
 * getDefaultsEntrypoints, `pkg/provider/traefik/internal.go` redirection.
 */
import type { Finding, KubeObject, Rule, RuleContext } from '../types';
import { describeTraefik, ingressClassOf, ingressTraefiks, type TraefikInstance } from '../traefik';
import { annotationsOf, groupOf, nameOf, namespaceOf, rec, recs, str, stringMap } from '../util';
import { finding, objectRule, podRule } from './helpers';

const REL = 'reliability' as const;
const TRAEFIK_CONTROLLER = 'traefik.io/ingress-controller';
const DEFAULT_CLASS = 'ingressclass.kubernetes.io/is-default-class';
const TRAEFIK_SOURCE = 'traefik v3.7 pkg/provider/kubernetes/ingress (client.go WatchAll, GetService, GetSecret; kubernetes.go shouldProcessIngress, updateIngressStatus)';

/** What Traefik's informers need in every watched namespace, and what writing an Ingress status needs. */
const WATCH_NEEDS: ReadonlyArray<{ group: string; resource: string; verbs: readonly string[] }> = [
  { group: '', resource: 'services', verbs: ['list', 'watch'] },
  { group: 'discovery.k8s.io', resource: 'endpointslices', verbs: ['list', 'watch'] },
  { group: '', resource: 'secrets', verbs: ['list', 'watch'] },
  { group: 'networking.k8s.io', resource: 'ingresses', verbs: ['list', 'watch'] },
];
const STATUS_NEED = { group: 'networking.k8s.io', resource: 'ingresses/status', verbs: ['update'] } as const;

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function grants(rule: Record<string, unknown>, group: string, resource: string, verb: string): boolean {
  const any = (list: string[], value: string) => list.includes(value) || list.includes('*');
  return any(strings(rule.apiGroups), group) && any(strings(rule.resources), resource) && any(strings(rule.verbs), verb) && strings(rule.resourceNames).length === 0;
}

/** The rules each ServiceAccount is bound to, by namespace where they apply (`*` for ClusterRoleBindings); one index per run. */
function grantsBySubject(ctx: RuleContext): Map<string, Array<{ ns: string; rules: Array<Record<string, unknown>> }>> {
  return ctx.memo('rbac-grants-by-subject', () => {
    const roles = new Map<string, Array<Record<string, unknown>>>();
    for (const r of ctx.objects) {
      if (r.kind === 'Role' || r.kind === 'ClusterRole') roles.set(`${r.kind}/${r.kind === 'Role' ? namespaceOf(r) : ''}/${nameOf(r) ?? ''}`, recs(r.rules));
    }
    const out = new Map<string, Array<{ ns: string; rules: Array<Record<string, unknown>> }>>();
    for (const b of ctx.objects) {
      if (b.kind !== 'RoleBinding' && b.kind !== 'ClusterRoleBinding') continue;
      const ref = rec(b.roleRef);
      const ns = b.kind === 'ClusterRoleBinding' ? '*' : namespaceOf(b);
      if (b.kind === 'ClusterRoleBinding' && ref.kind !== 'ClusterRole') continue;
      const rules = roles.get(`${str(ref.kind) ?? ''}/${ref.kind === 'Role' ? ns : ''}/${str(ref.name) ?? ''}`) ?? [];
      for (const s of recs(b.subjects)) {
        if (s.kind !== 'ServiceAccount') continue;
        const key = `${str(s.namespace) ?? namespaceOf(b)}/${str(s.name) ?? ''}`;
        out.set(key, [...(out.get(key) ?? []), { ns, rules }]);
      }
    }
    return out;
  });
}

/** Whether ServiceAccount `sa` is bound to rules allowing `verb` on `group/resource` in namespace `ns`. */
function allowed(ctx: RuleContext, sa: { namespace: string; name: string }, ns: string, group: string, resource: string, verb: string): boolean {
  return (grantsBySubject(ctx).get(`${sa.namespace}/${sa.name}`) ?? []).some((g) => (g.ns === '*' || g.ns === ns) && g.rules.some((r) => grants(r, group, resource, verb)));
}

/** The rights Traefik lacks in a namespace, as `verb group/resource` texts; empty when its RBAC is not among the objects. */
function missingRights(t: TraefikInstance, ns: string, needs: ReadonlyArray<{ group: string; resource: string; verbs: readonly string[] }>, ctx: RuleContext): string[] {
  const sa = { namespace: t.namespace, name: t.serviceAccount };
  // Judge RBAC only when Traefik's ServiceAccount is part of the set: its rights are then ours to check.
  if (!ctx.objects.some((o) => o.kind === 'ServiceAccount' && nameOf(o) === sa.name && namespaceOf(o) === sa.namespace)) return [];
  return needs.flatMap((n) => n.verbs.filter((v) => !allowed(ctx, sa, ns, n.group, n.resource, v)).map((v) => `${v} ${n.group === '' ? '' : `${n.group}/`}${n.resource}`));
}

const traefiksOf = (ctx: RuleContext): TraefikInstance[] => ctx.memo('ingress-traefiks', () => ingressTraefiks(ctx.objects));

function watches(t: TraefikInstance, ns: string): boolean {
  const namespaces = t.ingressProvider?.namespaces;
  return namespaces === undefined || namespaces.includes(ns);
}

function traefikClassExists(ctx: RuleContext, cls: string): boolean {
  return ctx.objects.some((o) => o.kind === 'IngressClass' && nameOf(o) === cls && rec(o.spec).controller === TRAEFIK_CONTROLLER);
}

/** An Ingress's class, and the Traefiks of the set that serve it (a Traefik without ingressClass serves every Traefik class). */
function servedBy(ingress: KubeObject, ctx: RuleContext): { cls?: string; traefiks: TraefikInstance[] } {
  const cls = ingressClassOf(ingress);
  const traefiks = traefiksOf(ctx).filter((t) => t.ingressProvider?.ingressClass === undefined ? cls !== undefined && traefikClassExists(ctx, cls) : t.ingressProvider.ingressClass === cls);
  return { cls, traefiks };
}

function checkIngressSeen(ingress: KubeObject, ctx: RuleContext): Finding[] {
  const all = traefiksOf(ctx);
  if (all.length === 0) return [];
  const ns = namespaceOf(ingress);
  const classes = [...new Set(all.map((t) => t.ingressProvider?.ingressClass).filter((c): c is string => c !== undefined))];
  const { cls, traefiks } = servedBy(ingress, ctx);
  if (cls === undefined) {
    if (ctx.objects.some((o) => o.kind === 'IngressClass' && annotationsOf(o)[DEFAULT_CLASS] === 'true')) return [];
    return [finding('spec.ingressClassName', 'is not set and no IngressClass here is the default, so no ingress controller serves this Ingress', `set spec.ingressClassName${classes.length > 0 ? ` to ${classes.join(' or ')}` : ''}`)];
  }
  if (traefiks.length === 0) {
    // Another controller's class; only a class claiming Traefik's controller without a Traefik serving it is ours to flag.
    if (!traefikClassExists(ctx, cls)) return [];
    return [finding('spec.ingressClassName', `is "${cls}", an IngressClass of ${TRAEFIK_CONTROLLER}, but no Traefik here serves it (they serve ${classes.join(', ') || 'every class'})`, `use ${classes.join(' or ')} or set --providers.kubernetesingress.ingressClass=${cls}`)];
  }
  const out: Finding[] = [];
  if (!traefikClassExists(ctx, cls)) {
    out.push(finding('spec.ingressClassName', `names IngressClass "${cls}", which is not among the objects with spec.controller ${TRAEFIK_CONTROLLER}; Traefik skips Ingresses whose class it cannot find`, `add IngressClass ${cls} with spec.controller ${TRAEFIK_CONTROLLER}`));
  }
  for (const t of traefiks) {
    const lookupOff = ['disableclusterscoperesources', 'disableingressclasslookup'].find((f) => t.flags.get(`providers.kubernetesingress.${f}`)?.toLowerCase() === 'true');
    if (lookupOff !== undefined && str(rec(ingress.spec).ingressClassName) !== undefined) {
      out.push(finding('spec.ingressClassName', `is set, but ${describeTraefik(t)} runs with --providers.kubernetesingress.${lookupOff === 'disableingressclasslookup' ? 'disableIngressClassLookup' : 'disableClusterScopeResources'}=true: it lists no IngressClasses and skips every Ingress that names one`,
        'let Traefik read IngressClasses (a ClusterRole with get/list/watch on ingressclasses) and drop that flag'));
      continue;
    }
    const watched = t.ingressProvider?.namespaces ?? [];
    if (!watches(t, ns)) {
      out.push(finding('metadata.namespace', `is "${ns}", which ${describeTraefik(t)} does not watch (--providers.kubernetesingress.namespaces=${watched.join(',')}): the Ingress is never routed and its status never set, so Argo CD keeps it Progressing`,
        `add ${ns} to that list with a Role and RoleBinding for ServiceAccount ${t.namespace}/${t.serviceAccount} in ${ns} (the synth derives both from the namespaces holding Ingresses), or move the Ingress to ${watched.join(' or ')}`));
      continue;
    }
    const missing = missingRights(t, ns, [...WATCH_NEEDS, STATUS_NEED], ctx);
    if (missing.length > 0) {
      out.push(finding('metadata.namespace', `is "${ns}", where ServiceAccount ${t.namespace}/${t.serviceAccount} of ${describeTraefik(t)} may not ${missing.join(', ')}: its informers never sync and the Ingress is neither routed nor given a status`,
        `grant them with a Role and RoleBinding in ${ns}`));
    }
  }
  return out;
}

/** A Secret (or what will write one) holding a certificate and key, by namespace and name. */
interface TlsSource {
  readonly what: string;
  /** Empty when it yields tls.crt and tls.key; else why it does not. */
  readonly problem?: string;
}

function tlsSources(ctx: RuleContext): Map<string, TlsSource[]> {
  return ctx.memo('tls-sources', () => {
    const m = new Map<string, TlsSource[]>();
    const add = (ns: string, name: string | undefined, source: TlsSource) => {
      if (name === undefined) return;
      const key = `${ns}/${name}`;
      m.set(key, [...(m.get(key) ?? []), source]);
    };
    const hasTlsKeys = (keys: string[]) => keys.includes('tls.crt') && keys.includes('tls.key');
    for (const o of ctx.objects) {
      const ns = namespaceOf(o);
      if (o.kind === 'Secret' && o.apiVersion === 'v1') {
        const keys = [...Object.keys(rec(o.data)), ...Object.keys(rec(o.stringData))];
        add(ns, nameOf(o), { what: `Secret ${ns}/${nameOf(o) ?? ''}`, problem: o.type === 'kubernetes.io/tls' || hasTlsKeys(keys) ? undefined : 'has no tls.crt and tls.key' });
      } else if (o.kind === 'ExternalSecret' && groupOf(o.apiVersion) === 'external-secrets.io') {
        const spec = rec(o.spec);
        const target = rec(spec.target);
        const template = rec(target.template);
        const keys = [...Object.keys(stringMap(template.data)), ...recs(spec.data).map((d) => str(d.secretKey) ?? '')];
        // dataFrom copies whatever keys the provider returns: not judged.
        const judged = recs(spec.dataFrom).length === 0 && strings(template.templateFrom).length === 0 && recs(template.templateFrom).length === 0;
        add(ns, str(target.name) ?? nameOf(o), {
          what: `ExternalSecret ${ns}/${nameOf(o) ?? ''}`,
          problem: !judged || template.type === 'kubernetes.io/tls' || hasTlsKeys(keys) ? undefined : 'writes no tls.crt and tls.key (template it as type kubernetes.io/tls)',
        });
      } else if (o.kind === 'Certificate' && groupOf(o.apiVersion) === 'cert-manager.io') {
        add(ns, str(rec(o.spec).secretName), { what: `cert-manager Certificate ${ns}/${nameOf(o) ?? ''}` });
      }
    }
    return m;
  });
}

function checkTlsSecret(path: string, ns: string, name: string, user: string, ctx: RuleContext): Finding[] {
  const sources = tlsSources(ctx).get(`${ns}/${name}`) ?? [];
  if (sources.length === 0) {
    return [finding(path, `names Secret ${ns}/${name}, which no object here produces (no Secret, no ExternalSecret with target.name ${name}, no cert-manager Certificate with secretName ${name} in ${ns}); ${user}`,
      `make it: an ExternalSecret writing a kubernetes.io/tls Secret ${name} in ${ns} (the synth makes one from ingress.tls: the certificate from OCI Vault), or name the Secret that exists`)];
  }
  return sources.filter((s) => s.problem !== undefined).map((s) => finding(path, `names Secret ${ns}/${name}, but ${s.what} ${s.problem ?? ''}; ${user}`, 'make it a kubernetes.io/tls Secret with keys tls.crt and tls.key'));
}

const LB_TLS_SECRETS = ['service.beta.kubernetes.io/oci-load-balancer-tls-secret', 'service.beta.kubernetes.io/oci-load-balancer-tls-backendset-secret'];

/** An Ingress's `tls` Secrets, or the load balancer certificate Secrets a Service's annotations name. */
function checkTlsSources(obj: KubeObject, ctx: RuleContext): Finding[] {
  const ns = namespaceOf(obj);
  if (obj.kind === 'Ingress') {
    return recs(rec(obj.spec).tls).flatMap((t, i) => {
      const name = str(t.secretName);
      return name === undefined ? [] : checkTlsSecret(`spec.tls[${i}].secretName`, ns, name, 'Traefik then answers with its default self-signed certificate', ctx);
    });
  }
  const annotations = annotationsOf(obj);
  return LB_TLS_SECRETS.flatMap((key) => {
    const ref = annotations[key];
    if (ref === undefined || ref === '') return [];
    const [secretNs, name] = ref.includes('/') ? (ref.split('/', 2) as [string, string]) : [ns, ref];
    return checkTlsSecret(`metadata.annotations[${JSON.stringify(key)}]`, secretNs, name, 'the cloud controller cannot configure the listener and the load balancer is not updated', ctx);
  });
}

function checkTraefikConfig(t: TraefikInstance, ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  const published = t.ingressProvider?.publishedService;
  if (published !== undefined && published.includes('/')) {
    const ns = published.split('/')[0] as string;
    if (!watches(t, ns)) {
      out.push(finding(t.argsPath, `publishes Service ${published} as the Ingresses' status, but does not watch ${ns} (--providers.kubernetesingress.namespaces=${(t.ingressProvider?.namespaces ?? []).join(',')}); Traefik refuses a Service outside its watched namespaces, so no Ingress ever gets a status and Argo CD keeps them Progressing`,
        `add ${ns} to --providers.kubernetesingress.namespaces, with a Role and RoleBinding there to read Services`));
    } else {
      const missing = missingRights(t, ns, WATCH_NEEDS, ctx);
      if (missing.length > 0) out.push(finding(t.argsPath, `publishes Service ${published}, but ServiceAccount ${t.namespace}/${t.serviceAccount} may not ${missing.join(', ')} in ${ns}: its informers there never sync`, `grant them with a Role and RoleBinding in ${ns}`));
    }
  }
  // Routers without entry points (every Ingress router) attach to the asDefault entry points, or to all of them.
  // The entry point named `traefik` never is a default one (static.DefaultInternalEntryPointName).
  const internal = t.entryPoints.filter((e) => t.internalEntryPoints.includes(e.name) && e.name !== 'traefik');
  const defaults = t.entryPoints.filter((e) => e.asDefault);
  const attached = defaults.length > 0 ? internal.filter((e) => e.asDefault) : internal;
  if (attached.length > 0 && t.entryPoints.length > attached.length) {
    out.push(finding(t.argsPath, `lets Ingress routers attach to entry point${attached.length > 1 ? 's' : ''} ${attached.map((e) => e.name).join(', ')} (metrics, ping or API)${defaults.length === 0 ? ': no entry point is asDefault, so routers join every one' : ''}`,
      `set --entryPoints.<name>.asDefault=true only on the entry points serving traffic (${t.entryPoints.filter((e) => !t.internalEntryPoints.includes(e.name)).map((e) => e.name).join(', ')})`));
  }
  for (const e of t.entryPoints) {
    const target = t.entryPoints.find((x) => x.name === e.redirectTo?.toLowerCase());
    const port = target?.address?.split(':').pop();
    if (target !== undefined && e.redirectScheme !== 'http' && port !== '443') {
      out.push(finding(t.argsPath, `redirects entry point ${e.name} to entry point ${target.name}, i.e. to its container port ${port ?? '?'} (https://<host>:${port ?? '?'}/), which clients behind a load balancer on 443 cannot reach`,
        `redirect to the public port instead: --entryPoints.${e.name}.http.redirections.entryPoint.to=:443`));
    }
  }
  return out;
}

export const ingressRules: readonly Rule[] = [
  objectRule({
    id: 'ingress-controller-watches', category: REL, kinds: ['Ingress'],
    source: TRAEFIK_SOURCE,
    description: 'An Ingress is seen by the Traefik of the set that serves its class: the class exists with Traefik\'s controller, Traefik may look IngressClasses up, watches the Ingress\'s namespace and may list and watch Services, EndpointSlices, Secrets and Ingresses and update Ingress status there (judged when a Traefik is among the objects; RBAC when its ServiceAccount is).',
    checkObject: (ingress, ctx) => (groupOf(ingress.apiVersion) === 'networking.k8s.io' ? checkIngressSeen(ingress, ctx) : []),
  }),
  objectRule({
    id: 'ingress-tls-secret-source', category: REL, kinds: ['Ingress', 'Service'],
    source: `${TRAEFIK_SOURCE} getCertificates; OCI CCM oci-load-balancer-tls-secret (docs/load-balancer-annotations.md §1, from oracle/oci-cloud-controller-manager's file of that name)`,
    description: 'Every TLS Secret an Ingress (`spec.tls[].secretName`) or an OCI load balancer annotation names is produced by an object of the set with tls.crt and tls.key: a Secret, an ExternalSecret\'s target or a cert-manager Certificate (opt out for a Secret made elsewhere).',
    checkObject: (obj, ctx) => checkTlsSources(obj, ctx),
  }),
  podRule({
    id: 'traefik-static-config', category: REL,
    source: `${TRAEFIK_SOURCE}; cmd/traefik/traefik.go getDefaultsEntrypoints; pkg/provider/traefik/internal.go getRedirectPort`,
    description: 'A Traefik configured by flags can publish its Ingress status (it watches, and may read, the namespace of its published Service), keeps Ingress routers off its metrics/ping/API entry points (asDefault on the traffic ones) and redirects to a port clients reach.',
    checkPod: (pod, ctx) => ingressTraefiks([pod.owner]).flatMap((t) => checkTraefikConfig(t, ctx)),
  }),
];

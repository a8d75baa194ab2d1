import { Environment } from '../config';
import { redirectsHttpToHttps } from '../config/ingress-tls-checks';
import { TraefikTls } from '../constructs/traefik-ingress-controller';

/** The app's HTTPS as the two charts need it: the app chart makes the Secret, the ingress chart points at it. */
export interface IngressTls {
  readonly termination: TraefikTls['termination'];
  readonly redirectHttpToHttps: boolean;
  /** The kubernetes.io/tls Secret ESO writes (in the app namespace, beside the Ingress), unless termination is none. */
  readonly secret?: { readonly namespace: string; readonly name: string; readonly vaultSecretName: string };
}

/** `ingress.tls` of the environment, resolved. */
export function ingressTls(env: Environment): IngressTls {
  const tls = env.ingress.tls;
  return {
    termination: tls.termination,
    redirectHttpToHttps: redirectsHttpToHttps(tls),
    secret: tls.termination === 'none' ? undefined : { namespace: env.app.namespace, name: tls.secretName, vaultSecretName: tls.vaultSecretName },
  };
}

/** What the Traefik construct takes: the load balancer's certificate as `namespace/name` when it terminates. */
export function traefikTls(env: Environment): TraefikTls {
  const t = ingressTls(env);
  return {
    termination: t.termination,
    redirectHttpToHttps: t.redirectHttpToHttps,
    loadBalancerCertificate: t.termination === 'loadBalancer' && t.secret !== undefined ? `${t.secret.namespace}/${t.secret.name}` : undefined,
  };
}

import { z } from 'zod';
import { dnsLabel, dnsSubdomain, duration, hostName, imageDigest, imageRepository, imageTag, wholeGibibytes, wholeOcpus } from './validators';

/**
 * `workloads:` of the environment file: web services and workers declared as data, each synthesized
 * with the WebService or Worker construct into `dist/<env>/40-<name>.k8s.yaml`. Workloads that need
 * behaviour (computed values, extra objects) are TypeScript modules in `workloads/index.ts` instead.
 */

const image = z.strictObject({
  /** Repository without tag or digest, e.g. fra.ocir.io/<tenancy-namespace>/shop/orders. */
  repository: imageRepository,
  /** Version tag (never `latest`). */
  tag: imageTag.optional(),
  /** Digest; pins the image when set (the tag stays for readability). */
  digest: imageDigest.optional(),
}).refine((i) => i.tag !== undefined || i.digest !== undefined, { message: 'needs a tag or a digest: set image.tag (e.g. "1.0.0") or image.digest (sha256:...)' });

const resources = z.strictObject({
  /** CPU in whole OCPUs; requests equal limits. */
  cpu: wholeOcpus,
  /** Memory in whole GiB, e.g. "2Gi"; requests equal limits. */
  memory: wholeGibibytes,
});

const envVars = z.record(
  z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { message: 'must be an environment variable name: letters, digits and "_", not starting with a digit' }),
  z.string(),
);

const absolutePath = z.string().regex(/^\/[A-Za-z0-9/_.-]*$/, { message: 'must be an absolute path such as /var/run/secrets/db' });

const vaultSecret = z.strictObject({
  /** Name of the ExternalSecret and of the Secret ESO creates from the vault. */
  name: dnsSubdomain,
  /** Directory the keys appear in inside the container, one read-only file per key. */
  mountPath: absolutePath,
  /** How often ESO re-reads the vault (a restart brings a rotated value into the pods). */
  refreshInterval: duration.default('1h'),
  /** The Secret's keys (file names), each read from a vault secret by name. */
  keys: z.array(z.strictObject({
    /** Key in the Secret: the file name under mountPath. */
    secretKey: z.string().regex(/^[-._A-Za-z0-9]{1,253}$/, { message: 'must be a Secret key: letters, digits, "-", "_" or "."' }),
    /** Vault secret name (not OCID) holding the value. */
    vaultSecretName: z.string().regex(/^[A-Za-z0-9_.-]{1,255}$/, { message: 'must be a vault secret name: letters, digits, "_", "." or "-"' }),
  })).min(1, { message: 'must list at least one key' }),
});

const webService = z.strictObject({
  /** Name of the Deployment, Service, HPA, PDB and Ingress; also names the file 40-<name>.k8s.yaml. */
  name: dnsLabel,
  /** Namespace; created for you (10-namespaces.k8s.yaml) with the Pod Security Admission labels. */
  namespace: dnsLabel,
  /** The service's image: repository plus a tag or a digest. */
  image,
  /** Container port the server listens on (unprivileged, outside 30000-32767); the Service serves it on 80. */
  port: z.number().int().min(1024, { message: 'must be an unprivileged port (1024-65535)' }).max(65535).default(8080),
  /** CPU and memory per pod. */
  resources: resources.default({ cpu: 1, memory: '2Gi' }),
  /** Horizontal Pod Autoscaler on CPU. */
  autoscaling: z.strictObject({
    /** At least 2, so one pod can be evicted during upgrades. */
    minReplicas: z.number().int().min(2, { message: 'must be at least 2 so one pod can be evicted during upgrades' }).default(2),
    /** Above minReplicas; each pod takes one pod-subnet IP. */
    maxReplicas: z.number().int().min(3, { message: 'must be above minReplicas (at least 3)' }).default(6),
    /** Average CPU utilisation the HPA aims for, in percent of requests. */
    targetCpuUtilization: z.number().int().min(10).max(95).default(70),
  }).default({ minReplicas: 2, maxReplicas: 6, targetCpuUtilization: 70 }),
  /** HTTP probe paths on the port. */
  healthCheck: z.strictObject({
    /** Liveness and startup: the process serves. */
    livenessPath: absolutePath.default('/healthz'),
    /** Readiness: this instance can take traffic. */
    readinessPath: absolutePath.default('/readyz'),
    /** How long the process may take to start before it is restarted. */
    startupTimeoutSeconds: z.number().int().min(2).max(3600).default(120),
  }).default({ livenessPath: '/healthz', readinessPath: '/readyz', startupTimeoutSeconds: 120 }),
  /** Container arguments (the image's when unset). */
  args: z.array(z.string()).optional(),
  /** Plain environment variables; never secret values (use secrets). */
  env: envVars.default({}),
  /** Secrets from the environment's vault, mounted as files (a SecretStore <name>-vault authenticates as ServiceAccount <name>). */
  secrets: z.array(vaultSecret).default([]),
  /** Pull the image from private OCIR with the app's pull credentials (app.pullSecret.username and authTokenSecretName). */
  ocirPullSecret: z.boolean().default(false),
  /** Route a host through the environment's Traefik (IngressClass ingress.className). Unset: in-cluster only. */
  ingress: z.strictObject({
    /** Host name, e.g. orders.example.com. */
    host: hostName,
    /** Path prefix. */
    path: z.string().regex(/^\/[A-Za-z0-9/_.-]*$/, { message: 'must be an absolute path such as /' }).default('/'),
    /**
     * HTTPS at Traefik with a certificate kept in the environment's vault (one PEM bundle: key and chain, written by
     * `npm run bootstrap -- put-certificate --workload <name>`), synced by ESO into a kubernetes.io/tls Secret the
     * Ingress names. Needs ingress.tls.termination "traefik". Unset: the host is served on the environment's TLS
     * entry point with Traefik's default certificate, so set it for every public host.
     */
    certificate: z.strictObject({
      /** Vault secret (by name) holding the bundle. */
      vaultSecretName: z.string().regex(/^[A-Za-z0-9_.-]{1,255}$/, { message: 'must be a vault secret name: letters, digits, "_", "." or "-"' }),
      /** The kubernetes.io/tls Secret ESO writes in the namespace. @default "<name>-tls" */
      secretName: dnsSubdomain.optional(),
    }).optional(),
  }).optional(),
});

const worker = z.strictObject({
  /** Name of the Deployment and PDB; also names the file 40-<name>.k8s.yaml. */
  name: dnsLabel,
  /** Namespace; created for you (10-namespaces.k8s.yaml) with the Pod Security Admission labels. */
  namespace: dnsLabel,
  /** The worker's image: repository plus a tag or a digest. */
  image,
  /** Fixed replica count, at least 2 (OKE evicts every pod on upgrades). */
  replicas: z.number().int().min(2, { message: 'must be at least 2 so the work goes on while a pod is evicted' }).default(2),
  /** CPU and memory per pod. */
  resources: resources.default({ cpu: 1, memory: '1Gi' }),
  /** Container arguments (the image's when unset). */
  args: z.array(z.string()).optional(),
  /** Plain environment variables; never secret values (use secrets). */
  env: envVars.default({}),
  /** Exec liveness probe: a command that exits 0 while the worker is healthy (virtual nodes run exec probes). Unset: no probe. */
  livenessCommand: z.array(z.string().min(1)).min(1, { message: 'must list the command and its arguments' }).optional(),
  /** Secrets from the environment's vault, mounted as files (a SecretStore <name>-vault authenticates as ServiceAccount <name>). */
  secrets: z.array(vaultSecret).default([]),
  /** Pull the image from private OCIR with the app's pull credentials (app.pullSecret.username and authTokenSecretName). */
  ocirPullSecret: z.boolean().default(false),
});

export const workloadsSchema = z.strictObject({
  /** HTTP services: Deployment scaled by an HPA, Service, PDB, and an Ingress when `ingress` is set. */
  webServices: z.array(webService).default([]),
  /** Background processes: Deployment with a fixed replica count and a PDB; no Service, exec or no probe. */
  workers: z.array(worker).default([]),
});

export type WorkloadsSpec = z.output<typeof workloadsSchema>;

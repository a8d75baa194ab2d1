import { z } from 'zod';
import {
  dnsLabel, dnsSubdomain, duration, hostName, imageDigest, imageRepository, imageTag, ipv4Cidr, labelKey, labelValue, ocid,
  wholeGibibytes, wholeOcpus,
} from './validators';
import { workloadsSchema } from './workloads-schema';

/**
 * The environment file (`config/<env>.yaml`) schema. Every object is strict: an unknown key is an error,
 * so a typo never silently falls back to a default. Defaults live here and nowhere else.
 *
 * Names that two parts of the project must agree on (namespace, ServiceAccount, vault secret names,
 * cluster OCID, DB host) are defined once in this file and read by the charts and the bootstrap alike.
 */

const POD_SHAPES = ['Pod.Standard.E3.Flex', 'Pod.Standard.E4.Flex', 'Pod.Standard.A1.Flex'] as const;

const ociSchema = z.strictObject({
  /** Region the cluster, database and vault live in, e.g. `eu-frankfurt-1`. */
  region: z.string().regex(/^[a-z]+-[a-z]+-[0-9]+$/, { message: 'must be an OCI region identifier such as eu-frankfurt-1' }),
  /** Tenancy OCID. */
  tenancyId: ocid('tenancy'),
  /** Compartment that holds every resource of this environment (never the tenancy root). */
  compartmentId: ocid('compartment'),
  /** Object Storage namespace of the tenancy: the middle part of OCIR image paths. */
  tenancyNamespace: z.string().regex(/^[a-z0-9]{1,32}$/, { message: 'must be the tenancy\'s Object Storage namespace (lower-case letters and digits), shown by `oci os ns get`' }),
});

const networkSchema = z.strictObject({
  /** VCN CIDR; every subnet below must lie inside it. */
  vcnCidr: ipv4Cidr.default('10.0.0.0/16'),
  /** Kubernetes API endpoint subnet. */
  apiEndpointSubnetCidr: ipv4Cidr.default('10.0.0.0/28'),
  /** Private subnet shared by the virtual nodes and their pods (one VCN IP per pod). */
  podSubnetCidr: ipv4Cidr.default('10.0.32.0/20'),
  /** Subnet of the OCI load balancer in front of the ingress controller. */
  loadBalancerSubnetCidr: ipv4Cidr.default('10.0.20.0/24'),
  /** Private subnet of the MySQL DB system. */
  databaseSubnetCidr: ipv4Cidr.default('10.0.50.0/24'),
  /** Whether the Kubernetes API endpoint gets a public IP. */
  publicApiEndpoint: z.boolean().default(true),
  /** Sources allowed to reach the Kubernetes API on 6443 (keep narrow). */
  apiEndpointAllowedCidrs: z.array(ipv4Cidr).min(1, { message: 'must list at least one CIDR allowed to reach the Kubernetes API' }),
  /** Sources allowed to reach the load balancer listeners. */
  ingressAllowedCidrs: z.array(ipv4Cidr).min(1).default(['0.0.0.0/0']),
});

const clusterSchema = z.strictObject({
  /** OKE cluster name. */
  name: dnsLabel,
  /** Kubernetes version as OKE names it, e.g. v1.34.1. */
  kubernetesVersion: z.string().regex(/^v1\.[0-9]+\.[0-9]+$/, { message: 'must be an OKE Kubernetes version such as v1.34.1' }),
  /** Kubernetes Services CIDR; must not overlap the VCN. */
  servicesCidr: ipv4Cidr.default('10.96.0.0/16'),
  /** Cluster OCID. Written by the bootstrap into `<env>.outputs.json`; the example carries a placeholder. */
  id: ocid('cluster'),
});

const placementSchema = z.strictObject({
  /** Availability domain name without the tenancy prefix, e.g. EU-FRANKFURT-1-AD-1. */
  availabilityDomain: z.string().regex(/^[A-Z0-9-]+-AD-[1-3]$/, { message: 'must be an availability domain such as EU-FRANKFURT-1-AD-1 (without the tenancy prefix)' }),
  /** Fault domains to spread virtual nodes over. */
  faultDomains: z.array(z.enum(['FAULT-DOMAIN-1', 'FAULT-DOMAIN-2', 'FAULT-DOMAIN-3'], { message: 'must be FAULT-DOMAIN-1, FAULT-DOMAIN-2 or FAULT-DOMAIN-3' }))
    .min(1).default(['FAULT-DOMAIN-1', 'FAULT-DOMAIN-2', 'FAULT-DOMAIN-3']),
});

const taintSchema = z.strictObject({
  /** Taint key, e.g. oke-vn.dev/virtual. */
  key: labelKey,
  /** Taint value. */
  value: labelValue,
  /** What the taint does to pods without the toleration. */
  effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute'], { message: 'must be NoSchedule, PreferNoSchedule or NoExecute' }),
});

const virtualNodePoolSchema = z.strictObject({
  /** Pool name. */
  name: dnsLabel.default('virtual-nodes'),
  /** Number of virtual nodes (each scales to hundreds of pods). */
  size: z.number().int().min(1).max(1000).default(3),
  /** Pod shape: every pod on the pool is a Container Instance of this shape. */
  podShape: z.enum(POD_SHAPES, { message: `must be one of ${POD_SHAPES.join(', ')}` }).default('Pod.Standard.E4.Flex'),
  /** Where the virtual nodes go. */
  placement: z.array(placementSchema).min(1, { message: 'must list at least one availability domain' }),
  /** Label the pool puts on its nodes; our pods select it with a nodeSelector. */
  nodeLabel: z.strictObject({
    /** Label key, e.g. oke-vn.dev/pool. */
    key: labelKey,
    /** Label value, e.g. virtual. */
    value: labelValue,
  }).default({ key: 'oke-vn.dev/pool', value: 'virtual' }),
  /** Optional taint on the pool; our pods then carry a matching toleration. */
  taint: taintSchema.optional(),
});

const mysqlUserName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,31}$/, { message: 'must be a MySQL user name: a letter, then letters, digits or "_", at most 32 characters' });

const appUserSchema = z.strictObject({
  /** MySQL user the app connects as; must differ from `adminUsername`. @default "app" */
  name: mysqlUserName.default('app'),
  /** Namespace of the Job that creates the user; the only namespace whose ServiceAccount may read the admin password. @default "db-user" */
  provisionerNamespace: dnsLabel.default('db-user'),
  /** ServiceAccount of that Job; the Workload Identity policy names it. @default "db-user" */
  provisionerServiceAccountName: dnsSubdomain.default('db-user'),
});

const backupSchema = z.strictObject({
  /** Daily automatic backups. @default true */
  enabled: z.boolean().default(true),
  /** Days an automatic backup is kept (OCI: 1-35). @default 7 */
  retentionDays: z.number().int().min(1, { message: 'must be 1-35 days (OCI MySQL backup retention)' }).max(35, { message: 'must be 1-35 days (OCI MySQL backup retention)' }).default(7),
  /** Point-in-time recovery (needs automatic backups). @default true */
  pointInTimeRecovery: z.boolean().default(true),
});

const databaseSchema = z.strictObject({
  /** Display name of the MySQL DB system. */
  name: dnsLabel,
  /** MySQL shape, as `MysqlaasClient.listShapes` names it (e.g. MySQL.2). */
  shape: z.string().min(1).default('MySQL.2'),
  /** Storage size in GB. */
  storageGB: z.number().int().min(50, { message: 'must be at least 50 (GB), the smallest MySQL DB system storage' }).max(131072).default(50),
  /** High availability (three instances). */
  highlyAvailable: z.boolean().default(false),
  /** Administrator user: its password is read only by the in-cluster Job that creates `appUser` (never by the app). */
  adminUsername: mysqlUserName.default('admin'),
  /** Schema (database) the app uses. */
  schemaName: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, { message: 'must be a MySQL schema name: a letter, then letters, digits or "_"' }).default('app'),
  /** MySQL port. */
  port: z.number().int().min(1).max(65535).default(3306),
  /** Private IP or host name of the DB endpoint. Written by the bootstrap; the example carries a placeholder. */
  host: z.string().regex(/^[A-Za-z0-9.-]+$/, { message: 'must be an IP address or host name' }),
  /**
   * The application's own MySQL user (rights on `schemaName` only) and the in-cluster Job that creates it with the
   * admin password: the bootstrap cannot reach the private DB. @default { name: "app", provisionerNamespace: "db-user", provisionerServiceAccountName: "db-user" }
   */
  appUser: appUserSchema.default({ name: 'app', provisionerNamespace: 'db-user', provisionerServiceAccountName: 'db-user' }),
  /** `deletionPolicy.isDeleteProtected`: OCI refuses to delete the DB system; `destroy` then needs `--allow-delete-database`. @default true */
  deleteProtection: z.boolean().default(true),
  /** `deletionPolicy.finalBackup`: take a backup when the DB system is deleted (REQUIRE_FINAL_BACKUP). @default true */
  finalBackup: z.boolean().default(true),
  /** `deletionPolicy.automaticBackupRetention`: keep the automatic backups after the DB system is deleted (RETAIN; billed as backup storage). @default true */
  retainBackupsOnDelete: z.boolean().default(true),
  /** `backupPolicy` of the DB system. @default { enabled: true, retentionDays: 7, pointInTimeRecovery: true } */
  backup: backupSchema.default({ enabled: true, retentionDays: 7, pointInTimeRecovery: true }),
});

const vaultSecretName = z.string().regex(/^[A-Za-z0-9_.-]{1,255}$/, { message: 'must be a vault secret name: letters, digits, "_", "." or "-"' });

const vaultSchema = z.strictObject({
  /** Vault display name. */
  name: dnsLabel,
  /** Vault OCID. Written by the bootstrap; the example carries a placeholder. */
  id: ocid('vault'),
  /** Name of the vault secret holding the DB admin password (ESO reads it by name, for the DB-user Job only). */
  dbPasswordSecretName: vaultSecretName,
  /** Name of the vault secret holding the app user's password (generated by the bootstrap; ESO syncs it into the app namespace). @default "db-app-password" */
  dbAppPasswordSecretName: vaultSecretName.default('db-app-password'),
  /**
   * Vault type, fixed at creation: DEFAULT (shared HSM partition) or VIRTUAL_PRIVATE (dedicated partition, billed per
   * vault-hour; the only type on which OCI rotates keys automatically). @default "DEFAULT"
   */
  type: z.enum(['DEFAULT', 'VIRTUAL_PRIVATE'], { message: 'must be DEFAULT or VIRTUAL_PRIVATE' }).default('DEFAULT'),
  /** Days between automatic rotations of the master key on a VIRTUAL_PRIVATE vault (OCI: 60-365; CIS asks for <= 365). @default 90 */
  keyRotationIntervalDays: z.number().int().min(60, { message: 'must be 60-365 days (OCI auto-rotation interval)' }).max(365, { message: 'must be 60-365 days (OCI auto-rotation interval)' }).default(90),
  /**
   * More ServiceAccounts (namespace and name) allowed to read this vault through OKE Workload Identity, e.g. those of
   * your TypeScript workload modules' SecretStores, each with the vault secrets (by name) it reads. The app's, the
   * DB-user Job's and those of the `workloads:` of this file are allowed without being listed. The bootstrap writes one
   * IAM policy statement per ServiceAccount and secret (`target.secret.name`); the synth refuses a SecretStore whose
   * ServiceAccount is not allowed and an ExternalSecret reading a vault secret its ServiceAccount may not read.
   */
  readers: z.array(z.strictObject({
    /** Namespace of the ServiceAccount. */
    namespace: dnsLabel,
    /** Name of the ServiceAccount. */
    serviceAccount: dnsSubdomain,
    /** Vault secrets (by name) this ServiceAccount reads; it is allowed exactly these. */
    secrets: z.array(vaultSecretName).min(1, { message: 'must list the vault secrets (by name) this ServiceAccount reads' }),
  })).default([]),
});

const FLOW_LOG_SUBNETS = ['pods', 'apiEndpoint', 'loadBalancer', 'database'] as const;
/** Retention steps OCI Logging accepts (`CreateLogDetails.retentionDuration`, oci-logging 2.139.1). */
const LOG_RETENTION_DAYS = [30, 60, 90, 120, 150, 180] as const;
/** Subnet keys of `network` whose flow logs can be collected. */
export type FlowLogSubnet = (typeof FLOW_LOG_SUBNETS)[number];

const loggingSchema = z.strictObject({
  /**
   * Subnets whose VCN flow logs are collected into the environment's log group. `pods` is required: pods have VCN IPs,
   * so pod-to-pod traffic shows up only there. @default ["pods"]
   */
  flowLogSubnets: z.array(z.enum(FLOW_LOG_SUBNETS, { message: `must be one of ${FLOW_LOG_SUBNETS.join(', ')}` }))
    .refine((s) => s.includes('pods'), { message: 'must include "pods" (the pod subnet carries the pod-to-pod traffic)' })
    .refine((s) => new Set(s).size === s.length, { message: 'must not list a subnet twice' })
    .default(['pods']),
  /** Days OCI Logging keeps the flow logs: 30, 60, 90, 120, 150 or 180. @default 30 */
  retentionDays: z.number().refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), { message: `must be one of ${LOG_RETENTION_DAYS.join(', ')} (days; OCI Logging retention comes in 30-day steps)` }).default(30),
});

const resourcesSchema = z.strictObject({
  /** CPU in whole OCPUs; requests equal limits. */
  cpu: wholeOcpus,
  /** Memory in whole GiB, e.g. "2Gi"; requests equal limits. */
  memory: wholeGibibytes,
});

const pullSecretSchema = z.strictObject({
  /** Create an OCIR pull secret through ESO and reference it from the pods. */
  enabled: z.boolean().default(false),
  /** Vault secret whose content is the OCIR auth token of the pulling user. */
  authTokenSecretName: z.string().regex(/^[A-Za-z0-9_.-]{1,255}$/).default('ocir-auth-token'),
  /** OCIR user name as `<tenancy-namespace>/<user>` (federated: `<ns>/oracleidentitycloudservice/<user>`). */
  username: z.string().min(1).default('tenancy-namespace/ci-puller'),
});

const appSchema = z.strictObject({
  /** Application name: Deployment, Service and label value. */
  name: dnsLabel.default('app'),
  /** Namespace of the app; the Workload Identity policy names it. */
  namespace: dnsLabel.default('app'),
  /** ServiceAccount of the app pods and of ESO's vault access; the Workload Identity policy names it. */
  serviceAccountName: dnsSubdomain.default('app'),
  /** The app's image: repository plus a tag or a digest. */
  image: z.strictObject({
    /** Repository without tag; the bootstrap writes the OCIR repository it created. */
    repository: imageRepository,
    /** Version tag (never `latest`). */
    tag: imageTag.optional(),
    /** Digest; preferred over the tag when both are set (the tag is kept for readability). */
    digest: imageDigest.optional(),
  }).refine((i) => i.tag !== undefined || i.digest !== undefined, {
    message: 'needs a tag or a digest: set app.image.tag (e.g. "0.1.0") or app.image.digest (sha256:...)',
  }),
  /** Container port the app listens on. */
  port: z.number().int().min(1024, { message: 'must be an unprivileged port (1024-65535)' }).max(65535).default(8080),
  /** CPU and memory per app pod. */
  resources: resourcesSchema.default({ cpu: 1, memory: '2Gi' }),
  /** Horizontal Pod Autoscaler on CPU. */
  autoscaling: z.strictObject({
    /** Fewest pods; at least 2 so one can be evicted during upgrades. */
    minReplicas: z.number().int().min(2, { message: 'must be at least 2 so one pod can be evicted during upgrades' }).default(2),
    /** Most pods; each takes one pod-subnet IP. */
    maxReplicas: z.number().int().min(2).default(6),
    /** Average CPU utilisation the HPA aims for, in percent of requests. */
    targetCpuUtilization: z.number().int().min(10).max(95).default(70),
  }).default({ minReplicas: 2, maxReplicas: 6, targetCpuUtilization: 70 }),
  /** mysql2 pool size per pod; maxReplicas x this must stay under MySQL max_connections. */
  dbPoolSize: z.number().int().min(1).max(100).default(10),
  /** TLS mode towards MySQL. */
  dbTlsMode: z.enum(['DISABLED', 'REQUIRED', 'VERIFY_IDENTITY']).default('REQUIRED'),
  /** How often ESO re-reads the vault. */
  secretRefreshInterval: duration.default('1h'),
  /** OCIR image pull secret built by ESO from an auth token in the vault. */
  pullSecret: pullSecretSchema.default({ enabled: false, authTokenSecretName: 'ocir-auth-token', username: 'tenancy-namespace/ci-puller' }),
});

const loadBalancerSchema = z.strictObject({
  /** OCI Load Balancer (`lb`, layer 7 capable) or Network Load Balancer (`nlb`). */
  type: z.enum(['lb', 'nlb']).default('lb'),
  /** LB shape; only `flexible` is offered for new load balancers. Ignored for NLB. */
  shape: z.enum(['flexible', '100Mbps', '400Mbps', '8000Mbps']).default('flexible'),
  /** Flexible shape minimum bandwidth (Mbps). */
  minMbps: z.number().int().min(10).max(8000).default(10),
  /** Flexible shape maximum bandwidth (Mbps). */
  maxMbps: z.number().int().min(10).max(8000).default(100),
  /** Private load balancer. */
  internal: z.boolean().default(false),
  /** LB subnet OCID; written by the bootstrap. */
  subnetId: ocid('subnet'),
  /** NSGs on the LB (the bootstrap's LB NSG); at most 5. */
  nsgIds: z.array(ocid('networksecuritygroup')).min(1).max(5, { message: 'must list at most 5 NSGs (OCI limit)' }),
  /** The load balancer's health check of the Traefik pods. */
  healthCheck: z.strictObject({
    /** Milliseconds between checks. */
    intervalMs: z.number().int().min(1000).max(1800000).default(10000),
    /** Milliseconds a check may take. */
    timeoutMs: z.number().int().min(1).max(600000).default(3000),
    /** Failed checks before a backend is taken out. */
    retries: z.number().int().min(1).max(10).default(3),
  }).default({ intervalMs: 10000, timeoutMs: 3000, retries: 3 }),
});

const ingressTlsSchema = z.strictObject({
  /**
   * Where HTTPS ends. `traefik` (default): the ingress controller terminates TLS with the certificate from OCI Vault
   * (synced by ESO into a kubernetes.io/tls Secret; a renewal is picked up without a restart). `loadBalancer`: the OCI
   * load balancer terminates TLS with that Secret (type "lb" only; the cloud controller does not re-read a renewed
   * Secret, so a renewal needs a new `secretName`). `none`: plain HTTP on port 80 only, an explicit choice.
   * @default "traefik"
   */
  termination: z.enum(['traefik', 'loadBalancer', 'none'], { message: 'must be traefik, loadBalancer or none' }).default('traefik'),
  /**
   * Vault secret (by name) holding the certificate: one PEM bundle, the private key (PKCS#8) followed by the certificate
   * chain, leaf first. `npm run bootstrap -- put-certificate` writes it (a renewal is a new secret version).
   * @default "ingress-tls"
   */
  vaultSecretName: z.string().regex(/^[A-Za-z0-9_.-]{1,255}$/, { message: 'must be a vault secret name: letters, digits, "_", "." or "-"' }).default('ingress-tls'),
  /** The kubernetes.io/tls Secret ESO writes in the app namespace; the Ingress (or the load balancer) names it. @default "ingress-tls" */
  secretName: dnsSubdomain.default('ingress-tls'),
  /**
   * Answer http:// on port 80 with a redirect to https:// (301 for GET, 308 otherwise). Unset: on whenever TLS is
   * (termination traefik or loadBalancer); it cannot be true with termination none.
   * @default true with TLS, false without
   */
  redirectHttpToHttps: z.boolean().optional(),
});

const ingressSchema = z.strictObject({
  /** IngressClass name. */
  className: dnsSubdomain.default('traefik'),
  /** Public host name of the app. */
  host: hostName,
  /** Path prefix routed to the app. */
  path: z.string().regex(/^\/[A-Za-z0-9/_.-]*$/, { message: 'must be an absolute path such as /' }).default('/'),
  /** HTTPS: where TLS ends, the vault secret holding the certificate, the Secret ESO writes, the HTTP redirect. */
  tls: ingressTlsSchema.default({ termination: 'traefik', vaultSecretName: 'ingress-tls', secretName: 'ingress-tls' }),
  /** The Traefik ingress controller. */
  controller: z.strictObject({
    /** Namespace Traefik runs in. */
    namespace: dnsLabel.default('traefik'),
    /** Traefik image, pinned. */
    image: z.strictObject({
      /** Repository without tag. */
      repository: imageRepository.default('docker.io/library/traefik'),
      /** Version tag. */
      tag: imageTag.default('v3.7.11'),
      /** Digest; pins the image when set. */
      digest: imageDigest.optional(),
    }).default({ repository: 'docker.io/library/traefik', tag: 'v3.7.11' }),
    /** Traefik pods; at least 2 for an available ingress during upgrades. */
    replicas: z.number().int().min(2, { message: 'must be at least 2 for an available ingress during upgrades' }).default(2),
    /** CPU and memory per Traefik pod. */
    resources: resourcesSchema.default({ cpu: 1, memory: '1Gi' }),
  }).default({ namespace: 'traefik', image: { repository: 'docker.io/library/traefik', tag: 'v3.7.11' }, replicas: 2, resources: { cpu: 1, memory: '1Gi' } }),
  /** The OCI load balancer in front of Traefik. */
  loadBalancer: loadBalancerSchema,
});

const gitopsSchema = z.strictObject({
  /** Git repository Argo CD syncs (the repository holding dist/). */
  repoURL: z.string().regex(/^(https:\/\/|ssh:\/\/|git@)[^\s]+$/, { message: 'must be a Git URL (https://..., ssh://... or git@...)' }),
  /** Branch, tag or commit. */
  targetRevision: z.string().min(1).default('main'),
  /** Namespace Argo CD runs in; the AppProjects and Applications are created there. */
  argocdNamespace: dnsLabel.default('argocd'),
  /**
   * Folder of the repository that holds the synthesized output; Applications read `<distPath>/<env>/`.
   * Relative, no leading or trailing "/". @default "dist"
   */
  distPath: z.string().regex(/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/, { message: 'must be a relative folder such as dist or deploy/dist (no leading or trailing "/")' }).default('dist'),
  /** API server Argo CD deploys to (`https://kubernetes.default.svc` = the cluster Argo CD runs in). */
  destinationServer: z.string().regex(/^https:\/\/[^\s]+$/, { message: 'must be an https:// API server URL as registered in Argo CD (https://kubernetes.default.svc for the local cluster)' }).default('https://kubernetes.default.svc'),
  /**
   * Install metrics-server (the HPA's metrics API) as an add-on Application. Set false only when the cluster
   * already serves `metrics.k8s.io` (e.g. OKE's metrics-server cluster add-on): two cannot coexist. @default true
   */
  installMetricsServer: z.boolean().default(true),
});

export const environmentFileSchema = z.strictObject({
  /** Where in OCI: region, tenancy, compartment. */
  oci: ociSchema,
  /** The VCN and its subnets (created by the bootstrap). */
  network: networkSchema,
  /** The OKE enhanced cluster. */
  cluster: clusterSchema,
  /** The virtual node pool every pod runs on. */
  virtualNodePool: virtualNodePoolSchema,
  /** The MySQL DB system of the app. */
  database: databaseSchema,
  /** The OCI Vault holding the app's secrets. */
  vault: vaultSchema,
  /** The example CRUD app (lib/charts/app-chart.ts). */
  app: appSchema,
  /** Traefik, its OCI load balancer, and the app's Ingress. */
  ingress: ingressSchema,
  /** Argo CD: where dist/ is and where it deploys to. */
  gitops: gitopsSchema,
  /** VCN flow logs (OCI Logging). @default { flowLogSubnets: ["pods"], retentionDays: 30 } */
  logging: loggingSchema.default({ flowLogSubnets: ['pods'], retentionDays: 30 }),
  /** Web services and workers of your own, declared as data (lib/config/workloads-schema.ts). */
  workloads: workloadsSchema.default({ webServices: [], workers: [] }),
});

/** The validated environment file with every default filled in. */
export type EnvironmentSpec = z.output<typeof environmentFileSchema>;

/** Pod shapes virtual nodes offer, with the per-pod limits the config is checked against. */
export const POD_SHAPE_LIMITS: Record<(typeof POD_SHAPES)[number], { maxOcpus: number; maxMemoryGiB: number; maxMemoryPerOcpuGiB: number }> = {
  // Container Instance shape limits (what a virtual-node pod is); the bootstrap re-checks with ListPodShapes.
  'Pod.Standard.E3.Flex': { maxOcpus: 64, maxMemoryGiB: 1024, maxMemoryPerOcpuGiB: 64 },
  'Pod.Standard.E4.Flex': { maxOcpus: 64, maxMemoryGiB: 1024, maxMemoryPerOcpuGiB: 64 },
  'Pod.Standard.A1.Flex': { maxOcpus: 76, maxMemoryGiB: 472, maxMemoryPerOcpuGiB: 64 },
};

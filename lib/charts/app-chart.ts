import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { RELOAD_ON_SECRETS } from '../addons/reloader';
import { APP_CONTRACT } from '../app-contract';
import { Environment } from '../config';
import { WebService } from '../constructs/web-service';
import { imageReference } from './image';
import { appCertificate } from './ingress-tls';
import { gib, virtualNodeScheduling } from './scheduling';

/** Object names inside the app namespace that several objects refer to. */
export function appObjectNames(env: Environment) {
  return {
    secretStore: 'oci-vault',
    dbSecret: `${env.app.name}-db`,
    pullSecret: `${env.app.name}-ocir-pull`,
  } as const;
}

/**
 * The application server on virtual nodes, as a WebService: its Workload Identity ServiceAccount, the
 * OCI Vault SecretStore and ExternalSecrets, the Deployment, Service, HPA, PDB and Ingress.
 */
export class AppChart extends Chart {
  /** The app's WebService (escape hatch to every object). */
  readonly service: WebService;

  constructor(scope: Construct, id: string, env: Environment) {
    super(scope, id, { disableResourceNameHashes: true });
    const app = env.app;
    const names = appObjectNames(env);
    const e = APP_CONTRACT.env;
    this.service = new WebService(this, 'App', {
      name: app.name,
      namespace: app.namespace,
      image: imageReference(app.image),
      scheduling: virtualNodeScheduling(env),
      port: app.port,
      servicePort: APP_CONTRACT.servicePort,
      extraPorts: [{ name: APP_CONTRACT.metricsPortName, number: APP_CONTRACT.metricsPort }],
      resources: { cpu: app.resources.cpu, memoryGiB: gib(app.resources.memory) },
      serviceAccountName: app.serviceAccountName,
      // The store is named once per namespace: the bootstrap's Workload Identity policy names this ServiceAccount.
      vault: { id: env.vault.id, region: env.oci.region, secretStoreName: names.secretStore },
      secrets: [{
        name: names.dbSecret,
        keys: [{ secretKey: APP_CONTRACT.passwordSecretKey, vaultSecretName: env.vault.dbAppPasswordSecretName }],
        mountPath: APP_CONTRACT.passwordMountDir,
        refreshInterval: app.secretRefreshInterval,
      }],
      ocirPullSecret: app.pullSecret.enabled
        ? { username: app.pullSecret.username, authTokenSecretName: app.pullSecret.authTokenSecretName, secretName: names.pullSecret, refreshInterval: app.secretRefreshInterval }
        : undefined,
      // The common scrape convention; a PodMonitor selecting these labels and the `metrics` port works too.
      podAnnotations: {
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': String(APP_CONTRACT.metricsPort),
        'prometheus.io/path': APP_CONTRACT.metricsPath,
      },
      env: {
        [e.port]: String(app.port),
        [e.metricsPort]: String(APP_CONTRACT.metricsPort),
        [e.dbHost]: env.database.host,
        [e.dbPort]: String(env.database.port),
        [e.dbName]: env.database.schemaName,
        [e.dbUser]: env.database.appUser.name,
        [e.dbPasswordFile]: `${APP_CONTRACT.passwordMountDir}/${APP_CONTRACT.passwordSecretKey}`,
        [e.dbTlsMode]: app.dbTlsMode,
        [e.dbPoolSize]: String(app.dbPoolSize),
      },
      // Startup tolerates a slow first schema migration (2 min); liveness stays cheap; readiness reacts fast.
      healthCheck: { livenessPath: APP_CONTRACT.livenessPath, readinessPath: APP_CONTRACT.readinessPath, startupTimeoutSeconds: 120 },
      autoscaling: app.autoscaling,
      // HTTPS: the certificate from OCI Vault as the kubernetes.io/tls Secret that Traefik (or the load balancer) serves.
      ingress: { className: env.ingress.className, host: env.ingress.host, path: env.ingress.path, ...appCertificate(env) },
    });
    // Virtual nodes do not refresh mounted Secrets: Reloader rolls the pods when ESO rewrites one (lib/addons/reloader.ts).
    this.service.workload.deployment.metadata.addAnnotation(RELOAD_ON_SECRETS, [names.dbSecret, ...(app.pullSecret.enabled ? [names.pullSecret] : [])].join(','));
  }
}

import { ApiObject, Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { IntOrString, KubeIngress, KubeService } from '../../imports/k8s';
import { RELOAD_ON_SECRETS } from '../addons/reloader';
import { APP_CONTRACT } from '../app-contract';
import { Environment } from '../config';
import { componentLabels, selectorLabels } from '../constructs/labels';
import { OciVaultSecretStore } from '../constructs/oci-vault-secret-store';
import { PodDisruptionBudget } from '../constructs/pod-disruption-budget';
import { OcirPullSecret, VaultExternalSecret } from '../constructs/vault-external-secret';
import { VaultTlsCertificate } from '../constructs/vault-tls-certificate';
import { VirtualNodeDeployment } from '../constructs/virtual-node-deployment';
import { WorkloadIdentityServiceAccount } from '../constructs/workload-identity-service-account';
import { imageReference, registryHost } from './image';
import { ingressTls } from './ingress-tls';
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
 * The application server on virtual nodes: its Workload Identity ServiceAccount, the OCI Vault
 * SecretStore and ExternalSecrets, the Deployment, Service, HPA, PDB and Ingress.
 */
export class AppChart extends Chart {
  constructor(scope: Construct, id: string, env: Environment) {
    super(scope, id, { disableResourceNameHashes: true });
    const app = env.app;
    const ns = app.namespace;
    const names = appObjectNames(env);
    const component = { name: app.name, component: 'server' };
    const labels = componentLabels(component);
    const selector = selectorLabels(component);

    const sa = new WorkloadIdentityServiceAccount(this, 'ServiceAccount', { name: app.serviceAccountName, namespace: ns, labels });

    new OciVaultSecretStore(this, 'SecretStore', {
      name: names.secretStore, namespace: ns, labels, vaultId: env.vault.id, region: env.oci.region, serviceAccountName: sa.name,
    });
    new VaultExternalSecret(this, 'DbPassword', {
      name: names.dbSecret,
      namespace: ns,
      labels,
      secretStoreName: names.secretStore,
      targetSecretName: names.dbSecret,
      refreshInterval: app.secretRefreshInterval,
      keys: [{ secretKey: APP_CONTRACT.passwordSecretKey, vaultSecretName: env.vault.dbPasswordSecretName }],
    });
    if (app.pullSecret.enabled) {
      new OcirPullSecret(this, 'PullSecret', {
        name: names.pullSecret,
        namespace: ns,
        labels,
        secretStoreName: names.secretStore,
        registry: registryHost(app.image.repository),
        username: app.pullSecret.username,
        authTokenSecretName: app.pullSecret.authTokenSecretName,
        refreshInterval: app.secretRefreshInterval,
      });
    }

    const e = APP_CONTRACT.env;
    const workload = new VirtualNodeDeployment(this, 'Deployment', {
      name: app.name,
      namespace: ns,
      labels,
      selectorLabels: selector,
      serviceAccount: sa.serviceAccount,
      scheduling: virtualNodeScheduling(env),
      imagePullSecretName: app.pullSecret.enabled ? names.pullSecret : undefined,
      // The common scrape convention; a PodMonitor selecting these labels and the `metrics` port works too.
      podAnnotations: {
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': String(APP_CONTRACT.metricsPort),
        'prometheus.io/path': APP_CONTRACT.metricsPath,
      },
      secretFiles: [{ secretName: names.dbSecret, key: APP_CONTRACT.passwordSecretKey, directory: APP_CONTRACT.passwordMountDir }],
      container: {
        name: app.name,
        image: imageReference(app.image),
        ports: [{ name: APP_CONTRACT.portName, number: app.port }, { name: APP_CONTRACT.metricsPortName, number: APP_CONTRACT.metricsPort }],
        env: {
          [e.port]: String(app.port),
          [e.metricsPort]: String(APP_CONTRACT.metricsPort),
          [e.dbHost]: env.database.host,
          [e.dbPort]: String(env.database.port),
          [e.dbName]: env.database.schemaName,
          [e.dbUser]: env.database.adminUsername,
          [e.dbPasswordFile]: `${APP_CONTRACT.passwordMountDir}/${APP_CONTRACT.passwordSecretKey}`,
          [e.dbTlsMode]: app.dbTlsMode,
          [e.dbPoolSize]: String(app.dbPoolSize),
        },
        cpu: app.resources.cpu,
        memoryGiB: gib(app.resources.memory),
        // Startup tolerates a slow first schema migration; liveness stays cheap; readiness reacts fast.
        startupProbe: { path: APP_CONTRACT.livenessPath, port: app.port, periodSeconds: 2, failureThreshold: 60 },
        livenessProbe: { path: APP_CONTRACT.livenessPath, port: app.port, periodSeconds: 10, failureThreshold: 3 },
        readinessProbe: { path: APP_CONTRACT.readinessPath, port: app.port, periodSeconds: 5, failureThreshold: 2 },
      },
    });
    // Virtual nodes do not refresh mounted Secrets: Reloader rolls the pods when ESO rewrites one (lib/addons/reloader.ts).
    ApiObject.of(workload.deployment).metadata.addAnnotation(RELOAD_ON_SECRETS, [names.dbSecret, ...(app.pullSecret.enabled ? [names.pullSecret] : [])].join(','));

    new KubeService(this, 'Service', {
      metadata: { name: app.name, namespace: ns, labels },
      spec: {
        type: 'ClusterIP',
        selector,
        ports: [{ name: APP_CONTRACT.portName, port: APP_CONTRACT.servicePort, targetPort: IntOrString.fromString(APP_CONTRACT.portName), protocol: 'TCP' }],
      },
    });

    // Virtual kubelets report CPU over >= 60 s windows: scale up on a minute's evidence, down slowly.
    new kplus.HorizontalPodAutoscaler(this, 'Autoscaler', {
      metadata: { name: app.name, namespace: ns, labels },
      target: workload.deployment,
      minReplicas: app.autoscaling.minReplicas,
      maxReplicas: app.autoscaling.maxReplicas,
      metrics: [kplus.Metric.resourceCpu(kplus.MetricTarget.averageUtilization(app.autoscaling.targetCpuUtilization))],
      scaleUp: {
        stabilizationWindow: Duration.seconds(60),
        strategy: kplus.ScalingStrategy.MAX_CHANGE,
        policies: [{ replicas: kplus.Replicas.absolute(2), duration: Duration.seconds(60) }],
      },
      scaleDown: {
        stabilizationWindow: Duration.seconds(300),
        strategy: kplus.ScalingStrategy.MIN_CHANGE,
        policies: [{ replicas: kplus.Replicas.absolute(1), duration: Duration.seconds(120) }],
      },
    });

    new PodDisruptionBudget(this, 'PodDisruptionBudget', { name: app.name, namespace: ns, labels, selectorLabels: selector });

    // The certificate from OCI Vault, as the kubernetes.io/tls Secret the Ingress (or the load balancer) names.
    const tls = ingressTls(env);
    if (tls.secret !== undefined) {
      new VaultTlsCertificate(this, 'TlsCertificate', {
        secretName: tls.secret.name, namespace: ns, labels, secretStoreName: names.secretStore,
        vaultSecretName: tls.secret.vaultSecretName, refreshInterval: app.secretRefreshInterval,
      });
    }
    new KubeIngress(this, 'Ingress', {
      metadata: { name: app.name, namespace: ns, labels },
      spec: {
        ingressClassName: env.ingress.className,
        // Only when Traefik terminates: with termination at the load balancer the Secret is the listener's.
        tls: tls.termination === 'traefik' && tls.secret !== undefined ? [{ hosts: [env.ingress.host], secretName: tls.secret.name }] : undefined,
        rules: [{
          host: env.ingress.host,
          http: {
            paths: [{
              path: env.ingress.path,
              pathType: 'Prefix',
              backend: { service: { name: app.name, port: { name: APP_CONTRACT.portName } } },
            }],
          },
        }],
      },
    });
  }
}

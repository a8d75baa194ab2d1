/**
 * oke-virtual-nodes as a library: constructs for OKE virtual nodes, the environment loader, the synth
 * with its guard, and the workload-module API. The jest matcher is a separate entry point
 * (`oke-virtual-nodes/jest`), because importing it registers `toPassGuard` with jest's `expect`.
 *
 * @packageDocumentation
 */

// Workloads of your own: modules registered per environment (README "Add your own workload").
export type { WorkloadContext, WorkloadModule, WorkloadRegistry } from './workloads/types';
export { workloadContext } from './workloads/context';
export { ingressNamespaces, namespacesOf, SYSTEM_NAMESPACES, type DerivableObject } from './workloads/derive';

// Constructs (cdk8s-plus style: documented props with defaults, escape hatches to the objects).
export { WebService, WEB_PORT_NAME, type WebServiceProps, type WebServiceHealthCheck, type WebServiceProbes, type WebServiceAutoscaling, type WebServiceIngress } from './constructs/web-service';
export { Worker, type WorkerProps } from './constructs/worker';
export {
  VirtualNodeDeployment, type VirtualNodeDeploymentProps, type VirtualNodeContainer, type VirtualNodeScheduling,
  type ContainerProbe, type HttpProbe, type ExecProbe, type ProbeTiming, type SecretFile,
} from './constructs/virtual-node-deployment';
export {
  WorkloadSecrets, imageRegistry, type WorkloadSecretsProps, type WorkloadVault, type VaultSecretMount, type OcirPullSecretOptions, type VaultCertificate,
} from './constructs/workload-secrets';
export { VaultTlsCertificate, type VaultTlsCertificateProps } from './constructs/vault-tls-certificate';
export { TLS_BUNDLE, TLS_BUNDLE_KEY, TLS_SECRET_TEMPLATE, pemBlocks } from './tls-bundle';
export type { WorkloadResources, NamedPort, WorkloadPodProps } from './constructs/workload-props';
export { WorkloadPod, type WorkloadPodSpec } from './constructs/workload-pod';
export { WorkloadIdentityServiceAccount, type WorkloadIdentityServiceAccountProps } from './constructs/workload-identity-service-account';
export { WorkloadNamespace, type WorkloadNamespaceProps } from './constructs/workload-namespace';
export { OciVaultSecretStore, type OciVaultSecretStoreProps } from './constructs/oci-vault-secret-store';
export { VaultExternalSecret, OcirPullSecret, type VaultExternalSecretProps, type OcirPullSecretProps, type VaultSecretKey } from './constructs/vault-external-secret';
export { PodDisruptionBudget, type PodDisruptionBudgetProps } from './constructs/pod-disruption-budget';
export { TraefikIngressController, TRAEFIK_PORTS, PUBLIC_PORTS, type TraefikIngressControllerProps, type TraefikTls } from './constructs/traefik-ingress-controller';
export { ociLoadBalancerAnnotations, type OciLoadBalancerOptions, type OciLoadBalancerType, type OciHealthCheck } from './constructs/oci-load-balancer';
export { componentLabels, selectorLabels, MANAGED_BY, type ComponentLabels } from './constructs/labels';
export { PropsError } from './constructs/errors';

// The environment file: schema, loader, errors.
export { OCI_REGIONS, isOcirHost, type OciRegion } from './config/regions';
export { vaultReaders, type VaultReader } from './config/vault-readers';
export {
  ConfigError, formatIssue, formatIssues, listEnvironments, loadEnvironment, environmentFileSchema, POD_SHAPE_LIMITS,
  type ConfigIssue, type Environment, type EnvironmentSpec, type LoadOptions,
} from './config';

// The synth: environments → charts → guard → dist/, atomically.
export { main, type MainOptions } from './synth/cli';
export { synth, renderEnvironments, SynthCheckError, SynthError, type ObjectCheck, type SynthOptions, type SynthResult } from './synth/run';
export { synthesizeEnvironment, type EnvironmentOutput, type KubeObject, type ManifestFile, type TextFile } from './synth/environment-app';
export { checkFreshness, formatStale, type StaleFile } from './synth/freshness';
export { guardSynthCheck } from './synth/guarded';
export { WAVES, SYNC_WAVE, MissingSyncWaveError, applySyncPolicy, waveOf, type ObjectWave, type SyncWaves } from './gitops/sync-policy';

// The guard: schema validation and virtual-node, security and reliability rules.
export {
  guardObjects, guardPaths, passed, assertGuardPasses, GuardError, formatReport, guardCheck, loadPaths, loadText, ALL_RULES, RULE_IDS, OPT_OUT_PREFIX,
  type GuardOptions, type GuardReport, type InputProblem, type ObjectRef, type OptOut, type Rule, type SourceRef, type Violation, type ReportFormat,
} from './guard';

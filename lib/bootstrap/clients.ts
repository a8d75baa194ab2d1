import * as common from 'oci-common';
import * as artifacts from 'oci-artifacts';
import * as ce from 'oci-containerengine';
import * as core from 'oci-core';
import * as identity from 'oci-identity';
import * as kms from 'oci-keymanagement';
import * as logging from 'oci-logging';
import * as mysql from 'oci-mysql';
import * as secrets from 'oci-secrets';
import * as vault from 'oci-vault';

/** Retry settings applied to EVERY client (many networking and all KMS operations do not retry by default). */
export interface RetryOptions {
  /** Attempts per call, first included. @default 6 */
  maxAttempts?: number;
  /** Delay between attempts. @default exponential backoff with jitter, capped at 30 s */
  delayStrategy?: common.DelayStrategy;
}

/** SDK circuit breaker settings (opossum, on by default in the SDK, one per client). */
export interface CircuitBreakerOptions {
  /** Keep the breaker. When it opens, calls fail with EOPENBREAKER, which the bootstrap reports as "wait and re-run". @default true */
  enabled?: boolean;
  /** How long the breaker stays open, ms. @default 30000 (SDK default) */
  resetTimeoutMs?: number;
}

export interface ClientOptions {
  /** Signs every request. */
  provider: common.AuthenticationDetailsProvider;
  /** Region the environment lives in. */
  region: string;
  /** Base URL of a fake OCI API; each client gets `<endpoint>/<service>`. Unset: the real OCI endpoints of `region`. */
  endpoint?: string;
  /** Base URL for home-region IAM calls when `endpoint` is set. @default endpoint */
  homeEndpoint?: string;
  retry?: RetryOptions;
  circuitBreaker?: CircuitBreakerOptions;
}

/** Every SDK client the bootstrap uses, configured alike. */
export interface Clients {
  network: core.VirtualNetworkClient;
  /** Identity in the environment's region (reads: ADs, region subscriptions, compartments). */
  identity: identity.IdentityClient;
  /** Identity in the tenancy's home region (policy writes). */
  identityHome(homeRegion: string): identity.IdentityClient;
  containerEngine: ce.ContainerEngineClient;
  dbSystem: mysql.DbSystemClient;
  mysqlaas: mysql.MysqlaasClient;
  kmsVault: kms.KmsVaultClient;
  /** KMS key management lives on each vault's own management endpoint. */
  kmsManagement(managementEndpoint: string): kms.KmsManagementClient;
  vaults: vault.VaultsClient;
  secrets: secrets.SecretsClient;
  artifacts: artifacts.ArtifactsClient;
  /** OCI Logging (log groups, VCN flow logs). */
  logging: logging.LoggingManagementClient;
}

/** Service path prefixes of the fake OCI API (one port, one prefix per service). */
export const SERVICE_PREFIX = {
  network: 'iaas', identity: 'identity', containerEngine: 'containerengine', mysql: 'mysql', kms: 'kms',
  vaults: 'vaults', secrets: 'secrets', artifacts: 'artifacts', logging: 'logging',
} as const;

/** min(2^attempt, cap) seconds plus up to 1 s of jitter (the SDK's default strategy, which oci-common does not export). */
export function backoffWithJitter(capSeconds: number): common.DelayStrategy {
  return { delay: (ctx) => Math.min(2 ** ctx.attemptCount, capSeconds) + Math.random() };
}

export function clientConfiguration(options: Pick<ClientOptions, 'retry' | 'circuitBreaker'>): common.ClientConfiguration {
  const retry = options.retry ?? {};
  const breaker = options.circuitBreaker ?? {};
  return {
    retryConfiguration: {
      terminationStrategy: new common.MaxAttemptsTerminationStrategy(retry.maxAttempts ?? 6),
      delayStrategy: retry.delayStrategy ?? backoffWithJitter(30),
    },
    circuitBreaker: breaker.enabled === false
      ? new common.CircuitBreaker({ disableClientCircuitBreaker: true })
      : new common.CircuitBreaker({ ...common.CircuitBreaker.defaultConfiguration, resetTimeout: breaker.resetTimeoutMs ?? 30000 }),
  };
}

type RegionalClient = { endpoint: string; regionId: string };

function place(client: RegionalClient, region: string, base: string | undefined, prefix: string): void {
  // Setting the region after the endpoint would overwrite it, so the endpoint always goes last.
  if (base === undefined) client.regionId = region;
  else client.endpoint = `${base.replace(/\/+$/, '')}/${prefix}`;
}

export function createClients(options: ClientOptions): Clients {
  const auth = { authenticationDetailsProvider: options.provider };
  // One configuration (and circuit breaker) per client, as the SDK does by default.
  const cfg = (): common.ClientConfiguration => clientConfiguration(options);
  const { region, endpoint } = options;
  const make = <T extends RegionalClient>(client: T, prefix: string, r = region, base = endpoint): T => {
    place(client, r, base, prefix);
    return client;
  };
  const homeClients = new Map<string, identity.IdentityClient>();
  const kmsClients = new Map<string, kms.KmsManagementClient>();
  return {
    network: make(new core.VirtualNetworkClient(auth, cfg()), SERVICE_PREFIX.network),
    identity: make(new identity.IdentityClient(auth, cfg()), SERVICE_PREFIX.identity),
    identityHome(homeRegion: string) {
      let c = homeClients.get(homeRegion);
      if (c === undefined) {
        const base = endpoint === undefined ? undefined : (options.homeEndpoint ?? endpoint);
        c = make(new identity.IdentityClient(auth, cfg()), SERVICE_PREFIX.identity, homeRegion, base);
        homeClients.set(homeRegion, c);
      }
      return c;
    },
    containerEngine: make(new ce.ContainerEngineClient(auth, cfg()), SERVICE_PREFIX.containerEngine),
    dbSystem: make(new mysql.DbSystemClient(auth, cfg()), SERVICE_PREFIX.mysql),
    mysqlaas: make(new mysql.MysqlaasClient(auth, cfg()), SERVICE_PREFIX.mysql),
    kmsVault: make(new kms.KmsVaultClient(auth, cfg()), SERVICE_PREFIX.kms),
    kmsManagement(managementEndpoint: string) {
      let c = kmsClients.get(managementEndpoint);
      if (c === undefined) {
        c = new kms.KmsManagementClient(auth, cfg());
        c.endpoint = managementEndpoint;
        kmsClients.set(managementEndpoint, c);
      }
      return c;
    },
    vaults: make(new vault.VaultsClient(auth, cfg()), SERVICE_PREFIX.vaults),
    secrets: make(new secrets.SecretsClient(auth, cfg()), SERVICE_PREFIX.secrets),
    artifacts: make(new artifacts.ArtifactsClient(auth, cfg()), SERVICE_PREFIX.artifacts),
    logging: make(new logging.LoggingManagementClient(auth, cfg()), SERVICE_PREFIX.logging),
  };
}

/**
 * The SDK retrier prints every failed attempt with console.warn and has no logger switch; route those
 * lines to our own log (as debug detail) so the CLI output stays clean. Returns the restore function.
 */
export function captureSdkWarnings(sink: (line: string) => void): () => void {
  const original = console.warn;
  console.warn = (...args: unknown[]) => {
    const text = args.map(String).join(' ');
    if (/Retrying request|Not Retrying|retry attempts have exhausted|Request failed with Exception|circuit/i.test(text)) sink(text.split('\n')[0]);
    else original(...args);
  };
  return () => { console.warn = original; };
}

/**
 * Test support: a fake OCI API plus REAL SDK 2.139.1 clients pointed at it, signed with a key pair generated
 * at test time. Circuit breakers are off and retries are immediate so failures surface at once.
 */
import * as artifacts from 'oci-artifacts';
import * as common from 'oci-common';
import * as ce from 'oci-containerengine';
import * as core from 'oci-core';
import * as identity from 'oci-identity';
import * as kms from 'oci-keymanagement';
import * as logging from 'oci-logging';
import * as mysql from 'oci-mysql';
import * as secrets from 'oci-secrets';
import * as vault from 'oci-vault';
import * as workrequests from 'oci-workrequests';
import { type FakeOci, type FakeOciOptions, startFakeOci } from '../../lib/fake-oci';
import { testKeyPair } from '../support/test-key';

common.CircuitBreaker.EnableGlobalCircuitBreaker = false;

export const USER_ID = 'ocid1.user.oc1..aaaaaaaatestuser0000000001';

/** Client configuration for tests: `attempts` tries with no delay, no circuit breaker. */
export function testClientConfig(attempts = 1): common.ClientConfiguration {
  return {
    retryConfiguration: {
      terminationStrategy: new common.MaxAttemptsTerminationStrategy(attempts),
      delayStrategy: new common.FixedTimeDelayStrategy(0),
    },
  };
}

export interface Clients {
  vn: core.VirtualNetworkClient;
  iaasWorkRequests: workrequests.WorkRequestClient;
  identity: identity.IdentityClient;
  ce: ce.ContainerEngineClient;
  db: mysql.DbSystemClient;
  mysqlaas: mysql.MysqlaasClient;
  mysqlWorkRequests: mysql.WorkRequestsClient;
  kmsVault: kms.KmsVaultClient;
  vaults: vault.VaultsClient;
  secrets: secrets.SecretsClient;
  artifacts: artifacts.ArtifactsClient;
  logging: logging.LoggingManagementClient;
  /** A KMS management client for one vault (its managementEndpoint). */
  kmsManagement(managementEndpoint: string): kms.KmsManagementClient;
}

export function makeClients(fake: FakeOci, auth: common.AuthParams, attempts = 1): Clients {
  const cfg = testClientConfig(attempts);
  const at = <T extends { endpoint: string }>(client: T, service: string): T => {
    client.endpoint = `${fake.url}/${service}`;
    return client;
  };
  return {
    vn: at(new core.VirtualNetworkClient(auth, cfg), 'iaas'),
    iaasWorkRequests: at(new workrequests.WorkRequestClient(auth, cfg), 'iaas'),
    identity: at(new identity.IdentityClient(auth, cfg), 'identity'),
    ce: at(new ce.ContainerEngineClient(auth, cfg), 'containerengine'),
    db: at(new mysql.DbSystemClient(auth, cfg), 'mysql'),
    mysqlaas: at(new mysql.MysqlaasClient(auth, cfg), 'mysql'),
    mysqlWorkRequests: at(new mysql.WorkRequestsClient(auth, cfg), 'mysql'),
    kmsVault: at(new kms.KmsVaultClient(auth, cfg), 'kms'),
    vaults: at(new vault.VaultsClient(auth, cfg), 'vaults'),
    secrets: at(new secrets.SecretsClient(auth, cfg), 'secrets'),
    artifacts: at(new artifacts.ArtifactsClient(auth, cfg), 'artifacts'),
    logging: at(new logging.LoggingManagementClient(auth, cfg), 'logging'),
    kmsManagement: (endpoint) => {
      const client = new kms.KmsManagementClient(auth, cfg);
      client.endpoint = endpoint;
      return client;
    },
  };
}

export interface Harness {
  fake: FakeOci;
  clients: Clients;
  auth: common.SimpleAuthenticationDetailsProvider;
  tenancyId: string;
  keyId: string;
}

/** Starts a fake (fast clock by default), registers a fresh key and builds clients. */
export async function startHarness(options: FakeOciOptions = {}, attempts = 1): Promise<Harness> {
  const fake = await startFakeOci({ speed: 100_000, ...options });
  const pair = testKeyPair();
  const tenancyId = fake.options.tenancyId;
  const keyId = `${tenancyId}/${USER_ID}/${pair.fingerprint}`;
  fake.registerKey(keyId, pair.publicKeyPem);
  const auth = new common.SimpleAuthenticationDetailsProvider(tenancyId, USER_ID, pair.fingerprint, pair.privateKeyPem, null,
    common.Region.fromRegionId(fake.options.region));
  return { fake, clients: makeClients(fake, { authenticationDetailsProvider: auth }, attempts), auth, tenancyId, keyId };
}

/** The OciError fields a test asserts on, from whatever the SDK threw. */
export async function errorOf(call: Promise<unknown>): Promise<{ statusCode: number; serviceCode: string; message: string }> {
  try {
    await call;
  } catch (err) {
    const e = err as { statusCode?: number; serviceCode?: string; message?: string };
    return { statusCode: e.statusCode ?? -1, serviceCode: e.serviceCode ?? '', message: e.message ?? '' };
  }
  throw new Error('expected the call to fail, it succeeded');
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The SDK logs every failed call with console.warn; keep test output readable. */
export function silenceSdkWarnings(): void {
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  jest.spyOn(console, 'info').mockImplementation(() => undefined);
}

/** Creates an AVAILABLE VCN (advancing the clock past provisioning). */
export async function availableVcn(h: Harness, cidr = '10.0.0.0/16', displayName = 'vcn'): Promise<core.models.Vcn> {
  const { vcn } = await h.clients.vn.createVcn({ createVcnDetails: { compartmentId: h.tenancyId, cidrBlocks: [cidr], displayName, dnsLabel: 'vcn1' } });
  h.fake.advanceClock(60_000);
  return (await h.clients.vn.getVcn({ vcnId: vcn.id })).vcn;
}

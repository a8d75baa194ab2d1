import { generateApiKeyPair, startFakeOci } from '../../lib/fake-oci';
import type { FakeResource, RequestLogEntry } from '../../lib/fake-oci';
import { type Harness, makeClients, silenceSdkWarnings, startHarness, USER_ID, errorOf } from './support';
import * as common from 'oci-common';
import * as kms from 'oci-keymanagement';
import * as vaults from 'oci-vault';

async function control<T>(h: Harness, method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  const res = await fetch(`${h.fake.url}/_fake/${path}`, {
    method, ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  const text = await res.text();
  return { status: res.status, json: (text ? JSON.parse(text) : undefined) as T };
}

// Every test gets a fresh fake on a frozen clock.
let h: Harness;
beforeEach(async () => {
  h = await startHarness({ speed: 1, seed: 9 });
  silenceSdkWarnings();
  h.fake.clock.freeze();
});
afterEach(() => h.fake.stop());

describe('control API (/_fake/, unsigned)', () => {
  it('reports info, resources by kind and one resource by id', async () => {
    const { vcn } = await h.clients.vn.createVcn({ createVcnDetails: { compartmentId: h.tenancyId, cidrBlocks: ['10.0.0.0/16'], displayName: 'net', freeformTags: { stack: 'x' } } });
    const info = await control<{ region: string; services: string[] }>(h, 'GET', 'info');
    expect(info.json.region).toBe('eu-frankfurt-1');
    expect(info.json.services).toEqual(expect.arrayContaining(['iaas', 'identity', 'containerengine', 'mysql', 'kms', 'kms-management', 'vaults', 'secrets', 'artifacts']));
    const vcns = await control<FakeResource[]>(h, 'GET', 'resources?kind=vcn');
    expect(vcns.json).toEqual([expect.objectContaining({ kind: 'vcn', id: vcn.id, name: 'net', lifecycleState: 'PROVISIONING', freeformTags: { stack: 'x' } })]);
    const all = await control<FakeResource[]>(h, 'GET', 'resources');
    expect(all.json.map((r) => r.kind).sort()).toEqual(['routeTable', 'securityList', 'vcn']);
    expect((await control(h, 'GET', 'resources?kind=nope')).status).toBe(400);
    expect((await control<FakeResource>(h, 'GET', `resources/${vcn.id}`)).json.id).toBe(vcn.id);
  });

  it('serves the request log so a test can assert zero write calls', async () => {
    await h.clients.vn.listVcns({ compartmentId: h.tenancyId });
    await h.clients.identity.listAvailabilityDomains({ compartmentId: h.tenancyId });
    let log = (await control<RequestLogEntry[]>(h, 'GET', 'requests')).json;
    expect(log.map((r) => [r.method, r.service, r.op, r.status, r.write])).toEqual([
      ['GET', 'iaas', 'ListVcns', 200, false],
      ['GET', 'identity', 'ListAvailabilityDomains', 200, false],
    ]);
    expect(log.filter((r) => r.write)).toEqual([]);
    await h.clients.vn.createVcn({ createVcnDetails: { compartmentId: h.tenancyId, cidrBlocks: ['10.0.0.0/16'] } });
    log = (await control<RequestLogEntry[]>(h, 'GET', 'requests')).json;
    expect(log.filter((r) => r.write).map((r) => r.op)).toEqual(['CreateVcn']);
    expect(log[2]!.retryToken).toMatch(/^[0-9a-f-]{36}$/);
    expect((await control(h, 'DELETE', 'requests')).status).toBe(204);
    await h.clients.secrets.getSecretBundleByName({ secretName: 'none', vaultId: 'ocid1.vault.oc1.eu-frankfurt-1.aaaaaaaanone00000000' }).catch(() => undefined);
    expect((await control<RequestLogEntry[]>(h, 'GET', 'requests')).json.map((r) => [r.method, r.op, r.write])).toEqual([['POST', 'GetSecretBundleByName', false]]);
    await control(h, 'DELETE', 'requests');
    expect((await control<RequestLogEntry[]>(h, 'GET', 'requests')).json).toEqual([]);
  });

  it('adds, lists and removes faults over HTTP', async () => {
    const added = await control<{ id: string }>(h, 'POST', 'faults', { op: 'ListVcns', status: 429, count: 1 });
    expect(added.status).toBe(201);
    expect((await errorOf(h.clients.vn.listVcns({ compartmentId: h.tenancyId }))).serviceCode).toBe('TooManyRequests');
    expect((await control<Array<{ hits: number }>>(h, 'GET', 'faults')).json[0]!.hits).toBe(1);
    expect((await control(h, 'POST', 'faults', { op: 'ListVcns', rate: 3, status: 429 })).status).toBe(400);
    expect((await control(h, 'DELETE', `faults/${added.json.id}`)).status).toBe(204);
    await control(h, 'POST', 'faults', { op: 'ListVcns', status: 500 });
    expect((await control(h, 'DELETE', 'faults')).status).toBe(204);
    await h.clients.vn.listVcns({ compartmentId: h.tenancyId });
  });

  it('registers keys over HTTP', async () => {
    const pair = generateApiKeyPair();
    const keyId = `${h.tenancyId}/${USER_ID}/${pair.fingerprint}`;
    const auth = new common.SimpleAuthenticationDetailsProvider(h.tenancyId, USER_ID, pair.fingerprint, pair.privateKeyPem, null, common.Region.EU_FRANKFURT_1);
    const clients = makeClients(h.fake, { authenticationDetailsProvider: auth });
    expect((await errorOf(clients.vn.listVcns({ compartmentId: h.tenancyId }))).statusCode).toBe(401);
    expect((await control(h, 'POST', 'keys', { keyId })).status).toBe(400);
    expect((await control(h, 'POST', 'keys', { keyId, publicKeyPem: pair.publicKeyPem })).status).toBe(201);
    await clients.vn.listVcns({ compartmentId: h.tenancyId });
  });

  it('controls the clock and forces lifecycle states', async () => {
    const { vcn } = await h.clients.vn.createVcn({ createVcnDetails: { compartmentId: h.tenancyId, cidrBlocks: ['10.0.0.0/16'] } });
    const clock = await control<{ frozen: boolean; speed: number }>(h, 'POST', 'clock', { advanceMs: 5_000, speed: 10 });
    expect(clock.json).toMatchObject({ frozen: true, speed: 10 });
    expect((await h.clients.vn.getVcn({ vcnId: vcn.id })).vcn.lifecycleState).toBe('AVAILABLE');
    const forced = await control<FakeResource>(h, 'POST', `resources/${vcn.id}/state`, { lifecycleState: 'UPDATING' });
    expect(forced.json.lifecycleState).toBe('UPDATING');
    expect((await h.clients.vn.getVcn({ vcnId: vcn.id })).vcn.lifecycleState).toBe('UPDATING');
    expect((await control(h, 'POST', `resources/${vcn.id}/state`, { lifecycleState: 'bad state' })).status).toBe(400);
    expect((await control(h, 'POST', 'clock', { speed: 0 })).status).toBe(400);
  });

  it('resets state, tokens, faults and log but keeps keys', async () => {
    await h.clients.vn.createVcn({ createVcnDetails: { compartmentId: h.tenancyId, cidrBlocks: ['10.0.0.0/16'] }, opcRetryToken: 't' });
    h.fake.injectFault({ op: 'GetVcn', status: 500 });
    expect((await control(h, 'POST', 'reset')).status).toBe(204);
    expect(h.fake.resources()).toEqual([]);
    expect(h.fake.listFaults()).toEqual([]);
    const again = await h.clients.vn.createVcn({ createVcnDetails: { compartmentId: h.tenancyId, cidrBlocks: ['10.0.0.0/16'] }, opcRetryToken: 't' });
    expect(again.vcn.id).toBe('ocid1.vcn.oc1.eu-frankfurt-1.aaaaaaaafake000000000001');
    expect(h.fake.requests().map((r) => r.replayed ?? false)).toEqual([false]);
  });

  it('answers unknown control paths with 404 and a pointer to the docs', async () => {
    const res = await control<{ message: string }>(h, 'GET', 'nope');
    expect(res.status).toBe(404);
    expect(res.json.message).toContain('README');
  });
});

describe('snapshot and restore (in-process)', () => {
  const b64 = (text: string) => Buffer.from(text).toString('base64');
  const aes = { algorithm: kms.models.KeyShape.Algorithm.Aes, length: 32 };

  /** A VCN (with a retry token), an ACTIVE vault with an ENABLED key, a secret with content, a CREATING key. */
  async function someState() {
    const { vcn } = await h.clients.vn.createVcn({ createVcnDetails: { compartmentId: h.tenancyId, cidrBlocks: ['10.0.0.0/16'], displayName: 'net' }, opcRetryToken: 'vcn-token' });
    const created = await h.clients.kmsVault.createVault({ createVaultDetails: { compartmentId: h.tenancyId, displayName: 'v', vaultType: kms.models.CreateVaultDetails.VaultType.Default }, opcRetryToken: 'vault-token' });
    h.fake.advanceClock(2 * 60_000);
    const mgmt = h.clients.kmsManagement(created.vault.managementEndpoint);
    const { key } = await mgmt.createKey({ createKeyDetails: { compartmentId: h.tenancyId, displayName: 'k', keyShape: aes } });
    h.fake.advanceClock(10_000);
    const { secret } = await h.clients.vaults.createSecret({ createSecretDetails: {
      compartmentId: h.tenancyId, vaultId: created.vault.id, keyId: key.id, secretName: 'db-admin',
      secretContent: { contentType: 'BASE64', content: b64('s3cret!'), stage: vaults.models.SecretContentDetails.Stage.Current },
    } });
    h.fake.advanceClock(5_000);
    const pending = (await mgmt.createKey({ createKeyDetails: { compartmentId: h.tenancyId, displayName: 'k2', keyShape: aes } })).key;
    return { vcn, vault: created.vault, key, secret, pending };
  }

  it('restores resources, states, secret contents, retry tokens, ids, the log and the clock into another fake', async () => {
    const { vcn, vault, secret, pending } = await someState();
    const snapshot = h.fake.snapshot();
    const before = { resources: h.fake.resources(), requests: h.fake.requests(), now: h.fake.clock.now() };

    const other = await startFakeOci({ speed: 1, seed: 9 });
    try {
      other.registerKey(h.keyId, h.fake.keys.get(h.keyId)!.export({ type: 'spki', format: 'pem' }).toString());
      other.restore(snapshot);
      const clients = makeClients(other, { authenticationDetailsProvider: h.auth });
      // Same resources and states; the vault's endpoints are the new fake's.
      const rebased = (text: string) => text.split(`${h.fake.url}/`).join(`${other.url}/`);
      expect(other.resources()).toEqual(JSON.parse(rebased(JSON.stringify(before.resources))));
      expect(other.resources('vault')[0]!.model.managementEndpoint).toBe(`${other.url}/kms/${vault.id}/management`);
      expect(other.requests()).toEqual(before.requests);
      expect(other.clock.frozen).toBe(true);
      expect(other.clock.now()).toBe(before.now);
      expect(other.resources('key').map((k) => k.lifecycleState)).toEqual(['ENABLED', 'CREATING']);
      // The clock runs on from the snapshot's time: the pending key becomes ENABLED when it is due.
      other.advanceClock(10_000);
      const mgmt = clients.kmsManagement(`${other.url}/kms/${vault.id}/management`);
      expect((await mgmt.getKey({ keyId: pending.id })).key.lifecycleState).toBe('ENABLED');
      // Secret contents, a replayed create (the original response, with the new fake's URLs), the next OCID.
      const bundle = await clients.secrets.getSecretBundle({ secretId: secret.id });
      expect(bundle.secretBundle.secretBundleContent).toMatchObject({ content: b64('s3cret!') });
      const replayed = await clients.kmsVault.createVault({ createVaultDetails: { compartmentId: h.tenancyId, displayName: 'v', vaultType: kms.models.CreateVaultDetails.VaultType.Default }, opcRetryToken: 'vault-token' });
      expect(replayed.vault).toMatchObject({ id: vault.id, managementEndpoint: `${other.url}/kms/${vault.id}/management` });
      expect((await clients.vn.createVcn({ createVcnDetails: { compartmentId: h.tenancyId, cidrBlocks: ['10.0.0.0/16'], displayName: 'net' }, opcRetryToken: 'vcn-token' })).vcn.id).toBe(vcn.id);
      const next = (await clients.vn.createVcn({ createVcnDetails: { compartmentId: h.tenancyId, cidrBlocks: ['10.1.0.0/16'] } })).vcn;
      const expected = (await h.clients.vn.createVcn({ createVcnDetails: { compartmentId: h.tenancyId, cidrBlocks: ['10.1.0.0/16'] } })).vcn;
      expect(next.id).toBe(expected.id);
      expect(other.requests().slice(before.requests.length).map((r) => [r.op, r.replayed ?? false])).toEqual([
        ['GetKey', false], ['GetSecretBundle', false], ['CreateVault', true], ['CreateVcn', true], ['CreateVcn', false],
      ]);
    } finally {
      await other.stop();
    }
  });

  it('is a copy: restoring into the same fake undoes what came after; refused with faults active or for another region', async () => {
    const { vcn } = await someState();
    const snapshot = h.fake.snapshot();
    const resources = h.fake.resources();
    await h.clients.vn.deleteVcn({ vcnId: vcn.id }).catch(() => undefined);
    await h.clients.vn.updateVcn({ vcnId: vcn.id, updateVcnDetails: { displayName: 'renamed' } }).catch(() => undefined);
    await h.clients.identity.createPolicy({ createPolicyDetails: { compartmentId: h.tenancyId, name: 'p', description: 'p', statements: ['Allow group A to read all-resources in tenancy'] } });
    h.fake.advanceClock(60 * 60_000);
    expect(h.fake.resources()).not.toEqual(resources);
    h.fake.restore(snapshot);
    expect(h.fake.resources()).toEqual(resources);
    h.fake.restore(snapshot);
    expect(h.fake.resources()).toEqual(resources);

    h.fake.injectFault({ op: 'GetVcn', status: 500 });
    expect(() => h.fake.snapshot()).toThrow(/clear the fault rules first/);
    h.fake.restore(snapshot);
    expect(h.fake.listFaults()).toEqual([]);
    const elsewhere = await startFakeOci({ region: 'eu-amsterdam-1' });
    try {
      expect(() => elsewhere.restore(snapshot)).toThrow('restore: the snapshot is of region "eu-frankfurt-1", this fake\'s is "eu-amsterdam-1"');
    } finally {
      await elsewhere.stop();
    }
  });
});

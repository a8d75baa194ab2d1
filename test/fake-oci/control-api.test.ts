import { generateApiKeyPair } from '../../lib/fake-oci';
import type { FakeResource, RequestLogEntry } from '../../lib/fake-oci';
import { type Harness, makeClients, silenceSdkWarnings, startHarness, USER_ID, errorOf } from './support';
import * as common from 'oci-common';

async function control<T>(h: Harness, method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  const res = await fetch(`${h.fake.url}/_fake/${path}`, {
    method, ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  const text = await res.text();
  return { status: res.status, json: (text ? JSON.parse(text) : undefined) as T };
}

describe('control API (/_fake/, unsigned)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ speed: 1, seed: 9 });
    silenceSdkWarnings();
    h.fake.clock.freeze();
  });
  afterEach(() => h.fake.stop());

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

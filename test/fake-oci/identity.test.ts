import { startFakeOci } from '../../lib/fake-oci';
import { errorOf, type Harness, makeClients, silenceSdkWarnings, startHarness } from './support';

describe('Identity on the fake', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ region: 'eu-frankfurt-1', homeRegion: 'eu-frankfurt-1', compartments: [{ name: 'apps' }] });
    silenceSdkWarnings();
  });
  afterAll(() => h.fake.stop());

  it('lists 3 ADs, fault domains, region subscriptions and the tenancy', async () => {
    const ads = await h.clients.identity.listAvailabilityDomains({ compartmentId: h.tenancyId });
    expect(ads.items.map((a) => a.name)).toEqual(['Uocm:EU-FRANKFURT-1-AD-1', 'Uocm:EU-FRANKFURT-1-AD-2', 'Uocm:EU-FRANKFURT-1-AD-3']);
    const fds = await h.clients.identity.listFaultDomains({ compartmentId: h.tenancyId, availabilityDomain: ads.items[0]!.name! });
    expect(fds.items.map((f) => f.name)).toEqual(['FAULT-DOMAIN-1', 'FAULT-DOMAIN-2', 'FAULT-DOMAIN-3']);
    const subs = await h.clients.identity.listRegionSubscriptions({ tenancyId: h.tenancyId });
    expect(subs.items).toEqual([{ regionName: 'eu-frankfurt-1', regionKey: 'FRA', status: 'READY', isHomeRegion: true }]);
    const { tenancy } = await h.clients.identity.getTenancy({ tenancyId: h.tenancyId });
    expect(tenancy).toMatchObject({ id: h.tenancyId, homeRegionKey: 'FRA' });
  });

  it('knows seeded compartments and 404s unknown ones', async () => {
    const { items } = await h.clients.identity.listCompartments({ compartmentId: h.tenancyId, name: 'apps' });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ name: 'apps', lifecycleState: 'ACTIVE' });
    const vcns = await h.clients.vn.listVcns({ compartmentId: items[0]!.id });
    expect(vcns.items).toEqual([]);
  });

  it('creates, finds by exact name, updates and deletes policies; duplicate names give 409', async () => {
    const details = { compartmentId: h.tenancyId, name: 'oke-vn', description: 'virtual nodes', statements: ['Allow any-user to manage vnics in tenancy'] };
    const { policy, etag } = await h.clients.identity.createPolicy({ createPolicyDetails: details });
    expect(etag).toBeTruthy();
    const dup = await errorOf(h.clients.identity.createPolicy({ createPolicyDetails: { ...details, description: 'again' } }));
    expect(dup).toMatchObject({ statusCode: 409, serviceCode: 'Conflict' });
    const found = await h.clients.identity.listPolicies({ compartmentId: h.tenancyId, name: 'oke-vn' });
    expect(found.items.map((p) => p.id)).toEqual([policy.id]);
    const updated = await h.clients.identity.updatePolicy({ policyId: policy.id, updatePolicyDetails: { statements: ['Allow any-user to read vnics in tenancy'] } });
    expect(updated.policy.statements).toEqual(['Allow any-user to read vnics in tenancy']);
    const bad = await errorOf(h.clients.identity.createPolicy({ createPolicyDetails: { ...details, name: 'x2', statements: ['Permit everything'] } }));
    expect(bad).toMatchObject({ statusCode: 400, serviceCode: 'InvalidParameter' });
    await h.clients.identity.deletePolicy({ policyId: policy.id });
    h.fake.advanceClock(10_000);
    expect((await errorOf(h.clients.identity.getPolicy({ policyId: policy.id }))).statusCode).toBe(404);
    // The name is free again once the policy is gone.
    await h.clients.identity.createPolicy({ createPolicyDetails: details });
  });

  it('creates dynamic groups with unique names', async () => {
    const details = { compartmentId: h.tenancyId, name: 'pods', description: 'd', matchingRule: "ALL {resource.type='cluster'}" };
    await h.clients.identity.createDynamicGroup({ createDynamicGroupDetails: details });
    expect((await errorOf(h.clients.identity.createDynamicGroup({ createDynamicGroupDetails: details }))).statusCode).toBe(409);
  });
});

describe('IAM writes and the home region', () => {
  it('answers 403 NotAllowed outside the home region; a home-region instance sharing identity state accepts', async () => {
    const away = await startHarness({ region: 'eu-amsterdam-1', homeRegion: 'eu-frankfurt-1' });
    silenceSdkWarnings();
    const home = await startFakeOci({ region: 'eu-frankfurt-1', sharedIdentityFrom: away.fake });
    home.registerKey(away.keyId, away.fake.keys.get(away.keyId)!.export({ type: 'spki', format: 'pem' }).toString());
    try {
      const details = { compartmentId: away.tenancyId, name: 'p1', description: 'd', statements: ['Allow group a to read all-resources in tenancy'] };
      const err = await errorOf(away.clients.identity.createPolicy({ createPolicyDetails: details }));
      expect(err).toMatchObject({ statusCode: 403, serviceCode: 'NotAllowed' });
      expect(err.message).toContain('eu-frankfurt-1');
      expect((await errorOf(away.clients.identity.createCompartment({ createCompartmentDetails: { compartmentId: away.tenancyId, name: 'c', description: 'd' } }))).statusCode).toBe(403);
      const subs = await away.clients.identity.listRegionSubscriptions({ tenancyId: away.tenancyId });
      expect(subs.items.find((s) => s.isHomeRegion)?.regionName).toBe('eu-frankfurt-1');

      const homeClients = makeClients(home, { authenticationDetailsProvider: away.auth });
      const { policy } = await homeClients.identity.createPolicy({ createPolicyDetails: details });
      // Reads in the other region see the same policy (IAM is global).
      const seen = await away.clients.identity.listPolicies({ compartmentId: away.tenancyId, name: 'p1' });
      expect(seen.items.map((p) => p.id)).toEqual([policy.id]);
      expect(away.fake.requests().filter((r) => r.op === 'CreatePolicy').map((r) => r.status)).toEqual([403]);
    } finally {
      await home.stop();
      await away.fake.stop();
    }
  });
});

describe('regional catalog options', () => {
  it('offers fewer fault domains and availability domains when configured, and rejects impossible counts', async () => {
    const h = await startHarness({ availabilityDomains: 1, faultDomains: 2 });
    try {
      const ads = await h.clients.identity.listAvailabilityDomains({ compartmentId: h.tenancyId });
      expect(ads.items.map((a) => a.name)).toEqual(['Uocm:EU-FRANKFURT-1-AD-1']);
      const fds = await h.clients.identity.listFaultDomains({ compartmentId: h.tenancyId, availabilityDomain: ads.items[0]!.name! });
      expect(fds.items.map((f) => f.name)).toEqual(['FAULT-DOMAIN-1', 'FAULT-DOMAIN-2']);
    } finally {
      await h.fake.stop();
    }
    await expect(startFakeOci({ faultDomains: 4 })).rejects.toThrow('faultDomains=4 must be 1, 2 or 3');
    await expect(startFakeOci({ podShapes: ['Pod.Huge'] })).rejects.toThrow('podShapes contains "Pod.Huge"');
  });
});

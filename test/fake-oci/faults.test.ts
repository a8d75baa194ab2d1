import { type Harness, makeClients, silenceSdkWarnings, startHarness, errorOf } from './support';

describe('fault injection', () => {
  const started: Harness[] = [];
  const harness = async (seed: number, attempts = 1): Promise<Harness> => {
    const h = await startHarness({ seed, speed: 1 }, attempts);
    started.push(h);
    return h;
  };
  beforeAll(() => silenceSdkWarnings());
  afterEach(async () => {
    await Promise.all(started.splice(0).map((h) => h.fake.stop()));
  });

  async function statusPattern(h: Harness, calls: number): Promise<number[]> {
    const out: number[] = [];
    for (let i = 0; i < calls; i++) {
      try {
        await h.clients.vn.listVcns({ compartmentId: h.tenancyId });
        out.push(200);
      } catch (err) {
        out.push((err as { statusCode: number }).statusCode);
      }
    }
    return out;
  }

  it('picks the same calls for the same seed and different ones for another seed', async () => {
    const spec = { op: 'ListVcns', rate: 0.3, status: 429 };
    const [a, b, c] = [await harness(42), await harness(42), await harness(7)];
    for (const h of [a, b, c]) h.fake.injectFault(spec);
    const pa = await statusPattern(a, 40);
    const pb = await statusPattern(b, 40);
    const pc = await statusPattern(c, 40);
    expect(pa).toEqual(pb);
    expect(pa).not.toEqual(pc);
    const hits = pa.filter((s) => s === 429).length;
    expect(hits).toBeGreaterThan(3);
    expect(hits).toBeLessThan(25);
    const errors = a.fake.requests().filter((r) => r.status === 429);
    expect(errors.every((r) => r.errorCode === 'TooManyRequests' && r.faultId === 'fault-1')).toBe(true);
    expect(a.fake.listFaults()[0]).toMatchObject({ hits, seen: 40 });
  });

  it('a rule with its own seed picks the same calls whatever the instance seed', async () => {
    const [a, b] = [await harness(1), await harness(2)];
    for (const h of [a, b]) h.fake.injectFault({ op: 'ListVcns', rate: 0.5, status: 503, seed: 1234 });
    expect(await statusPattern(a, 20)).toEqual(await statusPattern(b, 20));
  });

  it('stops after count hits; the SDK retries 500s with the same opc-retry-token', async () => {
    const h = await harness(1, 5);
    h.fake.injectFault({ op: 'CreateVcn', status: 500, count: 2 });
    const { vcn } = await h.clients.vn.createVcn({ createVcnDetails: { compartmentId: h.tenancyId, cidrBlocks: ['10.0.0.0/16'] } });
    const calls = h.fake.requests().filter((r) => r.op === 'CreateVcn');
    expect(calls.map((r) => r.status)).toEqual([500, 500, 200]);
    expect(new Set(calls.map((r) => r.retryToken)).size).toBe(1);
    expect(h.fake.resources('vcn').map((r) => r.id)).toEqual([vcn.id]);
  });

  it('injects 429 TooManyRequests on a share of all calls of one service; retries converge', async () => {
    const h = await harness(3, 8);
    h.fake.injectFault({ op: '*', service: 'iaas', rate: 0.5, status: 429 });
    for (let i = 0; i < 5; i++) {
      await h.clients.vn.createVcn({ createVcnDetails: { compartmentId: h.tenancyId, cidrBlocks: [`10.${i}.0.0/16`], displayName: `v${i}` } });
    }
    await h.clients.identity.listAvailabilityDomains({ compartmentId: h.tenancyId });
    expect(h.fake.resources('vcn')).toHaveLength(5);
    const log = h.fake.requests();
    expect(log.some((r) => r.status === 429)).toBe(true);
    expect(log.filter((r) => r.service === 'identity').every((r) => r.status === 200)).toBe(true);
  });

  it('drops the connection after commit: the resource exists, the retry replays it, no duplicate', async () => {
    const h = await harness(1, 3);
    h.fake.injectFault({ op: 'CreateVcn', drop: 'after-commit', count: 1 });
    const { vcn } = await h.clients.vn.createVcn({ createVcnDetails: { compartmentId: h.tenancyId, cidrBlocks: ['10.0.0.0/16'] } });
    const calls = h.fake.requests().filter((r) => r.op === 'CreateVcn');
    expect(calls.map((r) => [r.dropped ?? false, r.replayed ?? false])).toEqual([[true, false], [false, true]]);
    expect(calls[0]!.retryToken).toBe(calls[1]!.retryToken);
    expect(h.fake.resources('vcn').map((r) => r.id)).toEqual([vcn.id]);
  });

  it('a dropped connection without retries leaves the created resource behind (F8 setup)', async () => {
    const h = await harness(1, 1);
    h.fake.injectFault({ op: 'CreateVcn', drop: 'after-commit' });
    const err = await errorOf(h.clients.vn.createVcn({ createVcnDetails: { compartmentId: h.tenancyId, cidrBlocks: ['10.0.0.0/16'], freeformTags: { 'logical-id': 'vcn' } } }));
    expect(err.statusCode).not.toBe(200);
    expect(h.fake.resources('vcn').map((r) => r.freeformTags)).toEqual([{ 'logical-id': 'vcn' }]);
  });

  it('drops before commit: nothing is created', async () => {
    const h = await harness(1, 1);
    h.fake.injectFault({ op: 'CreateVcn', drop: 'before', count: 1 });
    await errorOf(h.clients.vn.createVcn({ createVcnDetails: { compartmentId: h.tenancyId, cidrBlocks: ['10.0.0.0/16'] } }));
    expect(h.fake.resources('vcn')).toEqual([]);
    await h.clients.vn.createVcn({ createVcnDetails: { compartmentId: h.tenancyId, cidrBlocks: ['10.0.0.0/16'] } });
    expect(h.fake.resources('vcn')).toHaveLength(1);
  });

  it('skips the first calls with `after`, delays with delayMs, and clears faults', async () => {
    const h = await harness(1, 1);
    const { vcn } = await h.clients.vn.createVcn({ createVcnDetails: { compartmentId: h.tenancyId, cidrBlocks: ['10.0.0.0/16'] } });
    h.fake.injectFault({ op: 'GetVcn', after: 1, count: 1, status: 404, code: 'NotAuthorizedOrNotFound' });
    h.fake.injectFault({ op: 'ListVcns', delayMs: 50, count: 1 });
    await h.clients.vn.getVcn({ vcnId: vcn.id });
    expect((await errorOf(h.clients.vn.getVcn({ vcnId: vcn.id }))).serviceCode).toBe('NotAuthorizedOrNotFound');
    await h.clients.vn.getVcn({ vcnId: vcn.id });
    await h.clients.vn.listVcns({ compartmentId: h.tenancyId });
    expect(h.fake.requests().find((r) => r.op === 'ListVcns')).toMatchObject({ status: 200, faultId: 'fault-2' });
    h.fake.clearFaults();
    expect(h.fake.listFaults()).toEqual([]);
  });

  it('rejects meaningless fault specs with a message naming the field', () => {
    return harness(1).then((h) => {
      expect(() => h.fake.injectFault({ op: 'CreateVcn' })).toThrow(/status, drop or delayMs/);
      expect(() => h.fake.injectFault({ op: 'CreateVcn', status: 429, rate: 2 })).toThrow(/fault.rate/);
      expect(() => h.fake.injectFault({ op: '', status: 429 })).toThrow(/fault.op/);
    });
  });

  it('a second client set on the same fake shares the fault stream', async () => {
    const h = await harness(5, 1);
    const other = makeClients(h.fake, { authenticationDetailsProvider: h.auth });
    h.fake.injectFault({ op: 'ListVcns', status: 503, count: 1 });
    expect((await errorOf(other.vn.listVcns({ compartmentId: h.tenancyId }))).statusCode).toBe(503);
    await h.clients.vn.listVcns({ compartmentId: h.tenancyId });
  });
});

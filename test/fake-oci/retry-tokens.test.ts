import { errorOf, type Harness, silenceSdkWarnings, startHarness } from './support';

describe('opc-retry-token', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ speed: 1 });
    silenceSdkWarnings();
    h.fake.clock.freeze();
  });
  afterEach(() => h.fake.stop());

  const details = (cidr = '10.0.0.0/16') => ({ compartmentId: h.tenancyId, cidrBlocks: [cidr], displayName: 'vcn' });

  it('replays the original response for the same token and body: one VCN only', async () => {
    const first = await h.clients.vn.createVcn({ createVcnDetails: details(), opcRetryToken: 'token-1' });
    h.fake.advanceClock(60_000);
    const second = await h.clients.vn.createVcn({ createVcnDetails: details(), opcRetryToken: 'token-1' });
    expect(second.vcn.id).toBe(first.vcn.id);
    // The original response, including the state it had then.
    expect(second.vcn.lifecycleState).toBe('PROVISIONING');
    expect(second.opcRequestId).not.toBe(first.opcRequestId);
    expect(h.fake.resources('vcn')).toHaveLength(1);
    const log = h.fake.requests().filter((r) => r.op === 'CreateVcn');
    expect(log.map((r) => [r.retryToken, r.replayed ?? false])).toEqual([['token-1', false], ['token-1', true]]);
  });

  it('answers 409 InvalidatedRetryToken for the same token with a different body', async () => {
    await h.clients.vn.createVcn({ createVcnDetails: details(), opcRetryToken: 'token-2' });
    const err = await errorOf(h.clients.vn.createVcn({ createVcnDetails: details('10.9.0.0/16'), opcRetryToken: 'token-2' }));
    expect(err).toMatchObject({ statusCode: 409, serviceCode: 'InvalidatedRetryToken' });
    expect(h.fake.resources('vcn')).toHaveLength(1);
  });

  it('forgets tokens after 24 hours and does not store failed calls', async () => {
    await h.clients.vn.createVcn({ createVcnDetails: details(), opcRetryToken: 'token-3' });
    h.fake.advanceClock(24 * 60 * 60 * 1000 + 1);
    await h.clients.vn.createVcn({ createVcnDetails: details(), opcRetryToken: 'token-3' });
    expect(h.fake.resources('vcn')).toHaveLength(2);

    const bad = { compartmentId: h.tenancyId, cidrBlocks: ['nonsense'] };
    expect((await errorOf(h.clients.vn.createVcn({ createVcnDetails: bad, opcRetryToken: 'token-4' }))).statusCode).toBe(400);
    await h.clients.vn.createVcn({ createVcnDetails: details('10.4.0.0/16'), opcRetryToken: 'token-4' });
    expect(h.fake.resources('vcn')).toHaveLength(3);
  });

  it('scopes tokens per operation path (a token reused on another create is a new request)', async () => {
    await h.clients.vn.createVcn({ createVcnDetails: details(), opcRetryToken: 'shared' });
    const repo = await h.clients.artifacts.createContainerRepository({ createContainerRepositoryDetails: { compartmentId: h.tenancyId, displayName: 'app/api' }, opcRetryToken: 'shared' });
    expect(repo.containerRepository.displayName).toBe('app/api');
  });
});

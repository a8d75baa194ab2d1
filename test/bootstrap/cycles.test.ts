import { duplicates, Harness, LIVE_RESOURCE_COUNT, liveOurs, startHarness } from './harness';

/**
 * OCI remembers retry tokens for 24 h and answers a repeated create with the original (now deleted)
 * resource. Root resources (VCN, vault, repository) have the same body every cycle, so each
 * destroy/apply cycle of a day burns one token generation: a test account cycling often must still converge.
 */
describe('many destroy/apply cycles within the retry-token memory', () => {
  let h: Harness;
  beforeAll(async () => { h = await startHarness({ speed: 20_000 }); });
  afterAll(() => h.stop());

  test('the eighth apply of the day still creates a fresh stack with no duplicate', async () => {
    for (let cycle = 1; cycle <= 8; cycle++) {
      const applied = await h.run('apply');
      expect([cycle, applied.results.filter((r) => r.status !== 'done')]).toEqual([cycle, []]);
      expect(liveOurs(h.fake).size).toBe(LIVE_RESOURCE_COUNT);
      expect(duplicates(h.fake)).toEqual([]);
      const destroyed = await h.run('destroy');
      expect([cycle, destroyed.results.filter((r) => r.status === 'failed')]).toEqual([cycle, []]);
      expect(liveOurs(h.fake).size).toBe(0);
    }
    const replayed = h.fake.requests().filter((r) => r.op === 'CreateVcn' && r.replayed).length;
    expect(replayed).toBeGreaterThanOrEqual(7);
  }, 120_000);
});

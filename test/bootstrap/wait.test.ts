import { Waiter } from '../../lib/bootstrap/wait';

const notFound = () => Object.assign(new Error('gone'), { statusCode: 404, serviceCode: 'NotAuthorizedOrNotFound' });

describe('waiter', () => {
  const fast = { intervalMs: 1, maxIntervalMs: 2, notFoundGraceMs: 200 };

  test('polls until done, stops at once on a failed state', async () => {
    let n = 0;
    const w = new Waiter(fast);
    await expect(w.until('x', 'thing', async () => ++n, (v) => v >= 3)).resolves.toBe(3);
    await expect(w.until('vcn "a"', 'thing', async () => 'FAILED', (v) => v === 'ACTIVE', (v) => (v === 'FAILED' ? 'went FAILED' : undefined))).rejects.toThrow('vcn "a": went FAILED');
  });

  test('a 404 right after our create is retried; elsewhere it propagates', async () => {
    let n = 0;
    const w = new Waiter(fast);
    const read = async () => { if (++n < 3) throw notFound(); return 'ACTIVE'; };
    await expect(w.until('x', 'thing', read, (v) => v === 'ACTIVE', undefined, { justCreated: true })).resolves.toBe('ACTIVE');
    n = 0;
    await expect(w.until('x', 'thing', read, (v) => v === 'ACTIVE')).rejects.toThrow('gone');
  });

  test('a 404 the list confirms, or a dead state right after create, is a stale replay', async () => {
    const w = new Waiter(fast);
    await expect(w.until('x', 'thing', async () => { throw notFound(); }, () => true, undefined, { justCreated: true, confirmExists: async () => false }))
      .rejects.toMatchObject({ kind: 'stale-replay' });
    await expect(w.until('x', 'thing', async () => 'TERMINATED', (v) => v === 'AVAILABLE', undefined, { justCreated: true, isDead: (v) => v === 'TERMINATED' }))
      .rejects.toMatchObject({ kind: 'stale-replay' });
  });

  test('per-kind wait limits end the wait with a re-run hint; a gone resource ends untilGone', async () => {
    const w = new Waiter({ ...fast, timeoutsMs: { cluster: 20 } });
    await expect(w.until('cluster "c"', 'cluster', async () => 'CREATING', (v) => v === 'ACTIVE')).rejects.toThrow(/still not ready after 0\.0 s \(the cluster wait limit\); re-run apply/);
    await expect(w.untilGone('x', 'thing', async () => { throw notFound(); }, () => false)).resolves.toBeUndefined();
  });
});

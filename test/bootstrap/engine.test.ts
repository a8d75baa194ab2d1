import type { Environment } from '../../lib/config';
import type { Clients } from '../../lib/bootstrap/clients';
import { apply, BaseContext, criticalPath, destroy, plan, Resource, SecretBox } from '../../lib/bootstrap/engine';
import { BootstrapError } from '../../lib/bootstrap/errors';
import { Waiter } from '../../lib/bootstrap/wait';

/** An in-memory cloud: resources with a create delay, to test the engine's walk without OCI. */
function memoryStack(spec: Record<string, { deps?: string[]; ms?: number; fail?: boolean }>) {
  const live = new Map<string, { id: string; state: string }>();
  const events: string[] = [];
  const resources: Resource<{ id: string; state: string }>[] = Object.entries(spec).map(([id, s]) => ({
    id, kind: 'thing', deps: s.deps ?? [], name: () => id,
    find: async () => ({ live: live.get(id), dead: 0 }),
    ocid: (r) => r.id, state: (r) => r.state, drift: () => [],
    async create(_ctx, token) {
      events.push(`start ${id}`);
      await new Promise((r) => setTimeout(r, s.ms ?? 0));
      if (s.fail) throw new BootstrapError(`${id} exploded`, 'test');
      const r = { id: `ocid-${id}-${token({}).slice(0, 4)}`, state: 'ACTIVE' };
      live.set(id, r);
      events.push(`end ${id}`);
      return r;
    },
    waitReady: async (_ctx, r) => r,
    async remove() { events.push(`delete ${id}`); live.delete(id); },
  }));
  const base = {
    env: { name: 'dev' } as Environment, clients: {} as Clients, secrets: new SecretBox(), waiter: new Waiter(),
    flags: { replace: new Set<string>(), cancelDeletion: false, endorsePolicy: false, allowDeleteDatabase: false },
    homeRegion: 'eu-frankfurt-1', availabilityDomains: new Map(), kubeconfigPath: '/dev/null',
  } satisfies BaseContext;
  return { live, events, resources: resources as Resource[], base };
}

describe('engine', () => {
  test('apply runs dependencies first and independent branches at once', async () => {
    const s = memoryStack({ a: { ms: 30 }, b: { deps: ['a'], ms: 10 }, slow: { ms: 60 }, c: { deps: ['b', 'slow'] } });
    const t0 = Date.now();
    const { results } = await apply(s.base, s.resources);
    const took = Date.now() - t0;
    expect(results.map((r) => [r.id, r.action, r.status])).toEqual([['a', 'create', 'done'], ['b', 'create', 'done'], ['slow', 'create', 'done'], ['c', 'create', 'done']]);
    expect(s.events.indexOf('end a')).toBeLessThan(s.events.indexOf('start b'));
    expect(s.events.indexOf('start slow')).toBeLessThan(s.events.indexOf('end a'));
    expect(s.events.indexOf('end slow')).toBeLessThan(s.events.indexOf('start c'));
    expect(took).toBeLessThan(60 + 30 + 10 + 40); // not 30+10+60
  });

  test('a failure stops new work, lets running work finish, and marks dependents not started', async () => {
    const s = memoryStack({ a: { ms: 5, fail: true }, b: { deps: ['a'] }, other: { ms: 30 }, later: { deps: ['other'] } });
    const { results } = await apply(s.base, s.resources);
    expect(results.map((r) => [r.id, r.status])).toEqual([['a', 'failed'], ['b', 'skipped'], ['other', 'done'], ['later', 'skipped']]);
    expect(results[0].detail).toEqual(['a exploded']);
  });

  test('plan reads only; a second apply finds everything; destroy goes in reverse order', async () => {
    const s = memoryStack({ a: {}, b: { deps: ['a'] }, c: { deps: ['b'] } });
    expect((await plan(s.base, s.resources)).map((r) => r.action)).toEqual(['create', 'create', 'create']);
    expect(s.events).toEqual([]);
    await apply(s.base, s.resources);
    expect((await apply(s.base, s.resources)).results.map((r) => r.action)).toEqual(['exists', 'exists', 'exists']);
    s.events.length = 0;
    const gone = await destroy(s.base, s.resources);
    expect(gone.map((r) => [r.id, r.action, r.status])).toEqual([['a', 'delete', 'done'], ['b', 'delete', 'done'], ['c', 'delete', 'done']]);
    expect(s.events).toEqual(['delete c', 'delete b', 'delete a']);
  });

  test('critical path is the heaviest dependency chain', () => {
    const s = memoryStack({ a: {}, b: { deps: ['a'] }, x: {}, c: { deps: ['b', 'x'] } });
    const w: Record<string, number> = { a: 3, b: 4, x: 10, c: 1 };
    expect(criticalPath(s.resources, (id) => w[id])).toEqual({ total: 11, path: ['x', 'c'] });
  });

  test('the secret box redacts held values and their base64 form', () => {
    const box = new SecretBox();
    box.set('pw', 'S3cret#pass');
    expect(box.redact(`a S3cret#pass b ${Buffer.from('S3cret#pass').toString('base64')}`)).toBe('a *** b ***');
  });
});

import { FakeClock } from '../../lib/fake-oci/clock';
import { IdFactory, Store } from '../../lib/fake-oci/store';
import { resolveOptions, FAKE_USER_ID } from '../../lib/fake-oci/options';

/** The shape real OCIDs have (and the project's validators require): a unique part of 20+ [a-z0-9]. */
const OCID = /^ocid1\.[a-z]+\.oc1\.[a-z0-9-]*\.[a-z0-9]{20,}$/;

describe('state store and ids', () => {
  it('makes deterministic OCIDs of realistic shape', () => {
    const a = new IdFactory('eu-frankfurt-1', 'FRA');
    const b = new IdFactory('eu-frankfurt-1', 'FRA');
    const idsA = [a.regional('vcn'), a.global('policy'), a.regional('subnet')];
    expect(idsA).toEqual([b.regional('vcn'), b.global('policy'), b.regional('subnet')]);
    expect(new Set(idsA).size).toBe(3);
    for (const id of [...idsA, resolveOptions({}).tenancyId, FAKE_USER_ID]) expect(id).toMatch(OCID);
    expect(idsA[1]).toContain('..');
  });

  it('hides resources whose timeline says they are gone and lists in creation order', () => {
    let now = 0;
    const clock = new FakeClock(1, () => now);
    const store = new Store(clock);
    const body = { id: 'x', compartmentId: 'c', cidrBlock: '10.0.0.0/16', cidrBlocks: ['10.0.0.0/16'] };
    store.put('vcn', { id: 'b', compartmentId: 'c', body: { ...body, id: 'b' }, phases: [{ state: 'AVAILABLE', at: 0 }] });
    store.put('vcn', { id: 'a', compartmentId: 'c', body: { ...body, id: 'a' }, phases: [{ state: 'AVAILABLE', at: 0 }, { state: '__GONE__', at: 10 }] });
    expect(store.list('vcn').map((r) => r.id)).toEqual(['b', 'a']);
    expect(store.view(store.get('vcn', 'a')!).lifecycleState).toBe('AVAILABLE');
    now = 10;
    expect(store.get('vcn', 'a')).toBeUndefined();
    expect(store.list('vcn').map((r) => r.id)).toEqual(['b']);
    expect(store.get('subnet', 'b')).toBeUndefined();
  });
});

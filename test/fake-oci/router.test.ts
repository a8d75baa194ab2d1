import { Query, RouteTable } from '../../lib/fake-oci/router';
import { targetOf } from '../../lib/fake-oci/server';

describe('routing', () => {
  it('decodes query values the SDK sends unencoded, keeps "+" and repeats keys as arrays', () => {
    const q = new Query('displayName=my%20vcn%20%C3%BC&lifecycleState=ACTIVE&lifecycleState=CREATING&t=2026-01-01T00:00:00+00:00&bad=%zz&flag');
    expect(q.one('displayName')).toBe('my vcn ü');
    expect(q.all('lifecycleState')).toEqual(['ACTIVE', 'CREATING']);
    expect(q.one('t')).toBe('2026-01-01T00:00:00+00:00');
    expect(q.one('bad')).toBe('%zz');
    expect(q.one('flag')).toBe('');
    expect(q.all('missing')).toEqual([]);
  });

  it('splits the service prefix and recognises a vault management endpoint', () => {
    expect(targetOf('/iaas/20160918/vcns')).toEqual({ service: 'iaas', path: '/20160918/vcns' });
    expect(targetOf('/kms/ocid1.vault.oc1.eu-frankfurt-1.aaaaaaaafake000000000001/management/20180608/keys')).toEqual({
      service: 'kms-management', vaultId: 'ocid1.vault.oc1.eu-frankfurt-1.aaaaaaaafake000000000001', path: '/20180608/keys',
    });
    expect(targetOf('/kms/20180608/vaults').service).toBe('kms');
  });

  it('matches method + pattern and decodes path parameters', () => {
    const table = new RouteTable([
      { method: 'GET', pattern: '/v/things/{id}', op: 'GetThing', handler: () => ({}) },
      { method: 'DELETE', pattern: '/v/things/{id}', op: 'DeleteThing', handler: () => ({}) },
    ]);
    expect(table.match('GET', '/v/things/a%2Fb')).toMatchObject({ route: { op: 'GetThing' }, params: { id: 'a/b' } });
    expect(table.match('DELETE', '/v/things/x')?.route.op).toBe('DeleteThing');
    expect(table.match('PUT', '/v/things/x')).toBeUndefined();
    expect(table.match('GET', '/v/things/x/y')).toBeUndefined();
  });
});

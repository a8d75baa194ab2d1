import type * as core from 'oci-core';
import * as mysql from 'oci-mysql';
import { availableVcn, errorOf, type Harness, silenceSdkWarnings, startHarness } from './support';

describe('MySQL on the fake', () => {
  let h: Harness;
  let subnet: core.models.Subnet;
  beforeEach(async () => {
    h = await startHarness({ speed: 1 });
    silenceSdkWarnings();
    const vcn = await availableVcn(h);
    subnet = (await h.clients.vn.createSubnet({ createSubnetDetails: { compartmentId: h.tenancyId, vcnId: vcn.id, cidrBlock: '10.0.3.0/24' } })).subnet;
    h.fake.advanceClock(10_000);
    h.fake.clock.freeze();
  });
  afterEach(() => h.fake.stop());

  const details = (over: Record<string, unknown> = {}) => ({
    compartmentId: h.tenancyId, shapeName: 'MySQL.2', subnetId: subnet.id, displayName: 'db', adminUsername: 'admin',
    adminPassword: 'Str0ng!Passw0rd', mysqlVersion: '8.4.6', dataStorageSizeInGBs: 50, freeformTags: { stack: 's' }, ...over,
  });

  it('lists shapes (filtered by isSupportedFor) and versions', async () => {
    const shapes = await h.clients.mysqlaas.listShapes({ compartmentId: h.tenancyId, isSupportedFor: [mysql.requests.ListShapesRequest.IsSupportedFor.Dbsystem] });
    expect(shapes.items.map((s) => s.name)).toEqual(['MySQL.2', 'MySQL.4', 'MySQL.8', 'MySQL.VM.Standard.E3.1.8GB']);
    const hw = await h.clients.mysqlaas.listShapes({ compartmentId: h.tenancyId, isSupportedFor: [mysql.requests.ListShapesRequest.IsSupportedFor.Heatwavecluster] });
    expect(hw.items.map((s) => s.name)).not.toContain('MySQL.VM.Standard.E3.1.8GB');
    const versions = await h.clients.mysqlaas.listVersions({ compartmentId: h.tenancyId });
    expect(versions.items.map((v) => v.versionFamily)).toEqual(['8.0', '8.4', '9.4']);
  });

  it('creates a DB system CREATING → ACTIVE (15 min) with a MySQL work request', async () => {
    const created = await h.clients.db.createDbSystem({ createDbSystemDetails: details() });
    expect(created.dbSystem).toMatchObject({ lifecycleState: 'CREATING', port: 3306, portX: 33060, shapeName: 'MySQL.2' });
    expect(JSON.stringify(created.dbSystem)).not.toContain('Str0ng');
    expect(created.opcWorkRequestId).toBeTruthy();
    h.fake.advanceClock(7 * 60_000);
    const mid = await h.clients.mysqlWorkRequests.getWorkRequest({ workRequestId: created.opcWorkRequestId! });
    expect(mid.workRequest).toMatchObject({ status: 'IN_PROGRESS', operationType: 'CREATE_DBSYSTEM' });
    expect(mid.workRequest.percentComplete).toBeGreaterThan(40);
    h.fake.advanceClock(8 * 60_000);
    const done = await h.clients.mysqlWorkRequests.getWorkRequest({ workRequestId: created.opcWorkRequestId! });
    expect(done.workRequest).toMatchObject({ status: 'SUCCEEDED', percentComplete: 100 });
    expect(done.workRequest.resources[0]).toMatchObject({ actionType: 'CREATED', identifier: created.dbSystem.id });
    const { dbSystem } = await h.clients.db.getDbSystem({ dbSystemId: created.dbSystem.id });
    expect(dbSystem.lifecycleState).toBe('ACTIVE');
    expect(dbSystem.ipAddress).toMatch(/^10\.0\.3\.\d+$/);
    const listed = await h.clients.db.listDbSystems({ compartmentId: h.tenancyId, displayName: 'db', lifecycleState: mysql.models.DbSystem.LifecycleState.Active });
    expect(listed.items.map((d) => d.id)).toEqual([dbSystem.id]);
  });

  it('rejects weak admin passwords without echoing them, and unknown shapes', async () => {
    const weak = await errorOf(h.clients.db.createDbSystem({ createDbSystemDetails: details({ adminPassword: 'password123' }) }));
    expect(weak).toMatchObject({ statusCode: 400, serviceCode: 'InvalidParameter' });
    expect(weak.message).toContain('adminPassword');
    expect(weak.message).not.toContain('password123');
    const shape = await errorOf(h.clients.db.createDbSystem({ createDbSystemDetails: details({ shapeName: 'MySQL.Huge' }) }));
    expect(shape.message).toContain('shapeName');
    expect(h.fake.resources('dbSystem')).toEqual([]);
  });

  it('honours delete protection, then deletes through a work request', async () => {
    const { dbSystem } = await h.clients.db.createDbSystem({ createDbSystemDetails: details({ deletionPolicy: { isDeleteProtected: true } }) });
    h.fake.advanceClock(15 * 60_000);
    expect((await errorOf(h.clients.db.deleteDbSystem({ dbSystemId: dbSystem.id }))).serviceCode).toBe('Conflict');
    const plain = (await h.clients.db.createDbSystem({ createDbSystemDetails: details({ displayName: 'db2' }) })).dbSystem;
    expect((await errorOf(h.clients.db.deleteDbSystem({ dbSystemId: plain.id }))).serviceCode).toBe('IncorrectState');
    h.fake.advanceClock(15 * 60_000);
    const del = await h.clients.db.deleteDbSystem({ dbSystemId: plain.id });
    expect((await h.clients.db.getDbSystem({ dbSystemId: plain.id })).dbSystem.lifecycleState).toBe('DELETING');
    h.fake.advanceClock(5 * 60_000);
    expect((await h.clients.db.getDbSystem({ dbSystemId: plain.id })).dbSystem.lifecycleState).toBe('DELETED');
    const wr = await h.clients.mysqlWorkRequests.getWorkRequest({ workRequestId: del.opcWorkRequestId! });
    expect(wr.workRequest).toMatchObject({ status: 'SUCCEEDED', operationType: 'DELETE_DBSYSTEM' });
  });
});

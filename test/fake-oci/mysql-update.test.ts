import type * as core from 'oci-core';
import * as mysql from 'oci-mysql';
import { availableVcn, errorOf, type Harness, silenceSdkWarnings, startHarness } from './support';

const MIN = 60_000;

/** UpdateDbSystem on the fake: deletion and backup policies, through a work request. */
describe('MySQL UpdateDbSystem on the fake', () => {
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

  const activeDb = async (): Promise<string> => {
    const { dbSystem } = await h.clients.db.createDbSystem({ createDbSystemDetails: {
      compartmentId: h.tenancyId, shapeName: 'MySQL.2', subnetId: subnet.id, adminUsername: 'admin', adminPassword: 'Str0ng!Passw0rd',
      deletionPolicy: { isDeleteProtected: true, finalBackup: mysql.models.CreateDeletionPolicyDetails.FinalBackup.RequireFinalBackup },
      backupPolicy: { isEnabled: true, retentionInDays: 7, pitrPolicy: { isEnabled: true } },
    } });
    h.fake.advanceClock(15 * MIN);
    return dbSystem.id;
  };

  it('lifts delete protection through a work request; the DB system is then deletable and keeps its final-backup policy', async () => {
    const id = await activeDb();
    expect((await errorOf(h.clients.db.deleteDbSystem({ dbSystemId: id }))).serviceCode).toBe('Conflict');
    const { opcWorkRequestId } = await h.clients.db.updateDbSystem({ dbSystemId: id, updateDbSystemDetails: { deletionPolicy: { isDeleteProtected: false } } });
    expect((await h.clients.db.getDbSystem({ dbSystemId: id })).dbSystem.lifecycleState).toBe('UPDATING');
    expect((await errorOf(h.clients.db.deleteDbSystem({ dbSystemId: id }))).serviceCode).toBe('IncorrectState');
    h.fake.advanceClock(MIN);
    expect((await h.clients.mysqlWorkRequests.getWorkRequest({ workRequestId: opcWorkRequestId })).workRequest).toMatchObject({ status: 'SUCCEEDED', operationType: 'UPDATE_DBSYSTEM' });
    const updated = (await h.clients.db.getDbSystem({ dbSystemId: id })).dbSystem;
    expect(updated.deletionPolicy).toEqual({ isDeleteProtected: false, finalBackup: 'REQUIRE_FINAL_BACKUP', automaticBackupRetention: 'DELETE' });
    await h.clients.db.deleteDbSystem({ dbSystemId: id });
    h.fake.advanceClock(5 * MIN);
    expect((await h.clients.db.getDbSystem({ dbSystemId: id })).dbSystem).toMatchObject({ lifecycleState: 'DELETED', deletionPolicy: { finalBackup: 'REQUIRE_FINAL_BACKUP' } });
  });

  it('merges backup policy changes and refuses bad values or fields it does not apply, changing nothing', async () => {
    const id = await activeDb();
    const before = (await h.clients.db.getDbSystem({ dbSystemId: id })).dbSystem;
    const bad = (details: mysql.models.UpdateDbSystemDetails) => errorOf(h.clients.db.updateDbSystem({ dbSystemId: id, updateDbSystemDetails: details }));
    expect((await bad({ backupPolicy: { retentionInDays: 36 } })).message).toContain('backupPolicy.retentionInDays: 36 must be 1..35');
    expect((await bad({ backupPolicy: { isEnabled: false } })).message).toContain('point-in-time recovery needs automatic backups');
    expect((await bad({ deletionPolicy: { isDeleteProtected: false }, shapeName: 'MySQL.4' })).message).toContain('shapeName');
    expect((await bad({ deletionPolicy: { isDeleteProtected: false }, displayName: '  ' })).message).toContain('displayName: "  " must be 1 to 255 characters');
    expect((await h.clients.db.getDbSystem({ dbSystemId: id })).dbSystem.deletionPolicy).toEqual(before.deletionPolicy);
    await h.clients.db.updateDbSystem({ dbSystemId: id, updateDbSystemDetails: { backupPolicy: { retentionInDays: 14 } } });
    expect((await h.clients.db.getDbSystem({ dbSystemId: id })).dbSystem.backupPolicy).toMatchObject({ isEnabled: true, retentionInDays: 14, pitrPolicy: { isEnabled: true } });
    expect((await bad({ displayName: 'x' })).serviceCode).toBe('IncorrectState'); // still UPDATING
  });
});

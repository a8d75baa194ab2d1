import type * as core from 'oci-core';
import * as logging from 'oci-logging';
import { availableVcn, errorOf, type Harness, silenceSdkWarnings, startHarness } from './support';

const SEC = 1000;

/** OCI Logging on the fake: log groups and VCN flow logs, every write answered with a work request. */
describe('Logging on the fake', () => {
  let h: Harness;
  let subnet: core.models.Subnet;
  beforeEach(async () => {
    h = await startHarness({ speed: 1 });
    silenceSdkWarnings();
    const vcn = await availableVcn(h);
    subnet = (await h.clients.vn.createSubnet({ createSubnetDetails: { compartmentId: h.tenancyId, vcnId: vcn.id, cidrBlock: '10.0.32.0/20' } })).subnet;
    h.fake.advanceClock(10 * SEC);
    h.fake.clock.freeze();
  });
  afterEach(() => h.fake.stop());

  const flowLog = (over: Partial<logging.models.CreateLogDetails> = {}): logging.models.CreateLogDetails => ({
    displayName: 'pods-flow', logType: logging.models.CreateLogDetails.LogType.Service, retentionDuration: 60,
    configuration: { source: { sourceType: 'OCISERVICE', service: 'flowlogs', resource: subnet.id, category: 'all' } as logging.models.OciService },
    freeformTags: { env: 'dev' }, ...over,
  });

  /** Creates an ACTIVE log group through its work request; returns its OCID. */
  const activeGroup = async (displayName = 'logs'): Promise<string> => {
    const wr = (await h.clients.logging.createLogGroup({ createLogGroupDetails: { compartmentId: h.tenancyId, displayName } })).opcWorkRequestId;
    h.fake.advanceClock(5 * SEC);
    return (await h.clients.logging.getWorkRequest({ workRequestId: wr })).workRequest.resources[0]!.identifier;
  };

  it('creates a log group asynchronously: 202 + work request, CREATING → ACTIVE, the work request names the group', async () => {
    const created = await h.clients.logging.createLogGroup({ createLogGroupDetails: { compartmentId: h.tenancyId, displayName: 'logs', freeformTags: { a: 'b' } } });
    expect(created.opcWorkRequestId).toMatch(/^ocid1\.loggingworkrequest\./);
    const pending = (await h.clients.logging.getWorkRequest({ workRequestId: created.opcWorkRequestId })).workRequest;
    expect(pending).toMatchObject({ status: 'ACCEPTED', operationType: 'CREATE_LOG_GROUP' });
    expect(pending.timeFinished).toBeUndefined();
    const groupId = pending.resources[0]!.identifier;
    expect((await h.clients.logging.getLogGroup({ logGroupId: groupId })).logGroup.lifecycleState).toBe('CREATING');
    h.fake.advanceClock(5 * SEC);
    const done = (await h.clients.logging.getWorkRequest({ workRequestId: created.opcWorkRequestId })).workRequest;
    expect(done).toMatchObject({ status: 'SUCCEEDED', percentComplete: 100, resources: [{ entityType: 'loggroup', actionType: 'CREATED', identifier: groupId }] });
    const listed = await h.clients.logging.listLogGroups({ compartmentId: h.tenancyId, displayName: 'logs' });
    expect(listed.items.map((g) => [g.id, g.lifecycleState, g.freeformTags])).toEqual([[groupId, 'ACTIVE', { a: 'b' }]]);
  });

  it('refuses a second log group of the same name in a compartment (409) and names with spaces (400)', async () => {
    await activeGroup('logs');
    expect(await errorOf(h.clients.logging.createLogGroup({ createLogGroupDetails: { compartmentId: h.tenancyId, displayName: 'logs' } }))).toMatchObject({ statusCode: 409, serviceCode: 'Conflict' });
    expect((await errorOf(h.clients.logging.createLogGroup({ createLogGroupDetails: { compartmentId: h.tenancyId, displayName: 'my logs' } }))).message).toContain('displayName');
    expect(h.fake.resources('logGroup')).toHaveLength(1);
  });

  it('creates a VCN flow log of a subnet (service flowlogs, category all) through a work request, found by source', async () => {
    const logGroupId = await activeGroup();
    const wr = (await h.clients.logging.createLog({ logGroupId, createLogDetails: flowLog() })).opcWorkRequestId;
    const logId = (await h.clients.logging.getWorkRequest({ workRequestId: wr })).workRequest.resources[0]!.identifier;
    expect((await h.clients.logging.getLog({ logGroupId, logId })).log.lifecycleState).toBe('CREATING');
    h.fake.advanceClock(30 * SEC);
    const log = (await h.clients.logging.getLog({ logGroupId, logId })).log;
    expect(log).toMatchObject({
      lifecycleState: 'ACTIVE', logType: 'SERVICE', isEnabled: true, retentionDuration: 60, logGroupId, compartmentId: h.tenancyId,
      configuration: { compartmentId: h.tenancyId, source: { sourceType: 'OCISERVICE', service: 'flowlogs', resource: subnet.id, category: 'all' } },
    });
    const bySource = await h.clients.logging.listLogs({ logGroupId, sourceService: 'flowlogs', sourceResource: subnet.id });
    expect(bySource.items.map((l) => l.id)).toEqual([logId]);
    expect((await h.clients.logging.listLogs({ logGroupId, sourceResource: 'ocid1.subnet.oc1..other' })).items).toEqual([]);
  });

  it('validates a flow log: known service, a live subnet, its category, 30-day retention steps, one log per subnet', async () => {
    const logGroupId = await activeGroup();
    const fail = (details: logging.models.CreateLogDetails) => errorOf(h.clients.logging.createLog({ logGroupId, createLogDetails: details }));
    const src = (over: Record<string, string>) => ({ source: { sourceType: 'OCISERVICE', service: 'flowlogs', resource: subnet.id, category: 'all', ...over } as logging.models.OciService });
    expect((await fail(flowLog({ configuration: src({ service: 'objectstorage' }) }))).message).toContain('configuration.source.service');
    expect((await fail(flowLog({ configuration: src({ resource: 'ocid1.subnet.oc1.eu-frankfurt-1.aaaaaaaanotthere' }) }))).message).toContain('is not an AVAILABLE subnet');
    expect((await fail(flowLog({ configuration: src({ category: 'write' }) }))).message).toContain('configuration.source.category');
    expect((await fail(flowLog({ retentionDuration: 45 }))).message).toMatch(/retentionDuration: 45 must be one of 30, 60, 90, 120, 150, 180/);
    expect((await fail(flowLog({ configuration: undefined }))).serviceCode).toBe('MissingParameter');
    await h.clients.logging.createLog({ logGroupId, createLogDetails: flowLog() });
    expect(await fail(flowLog({ displayName: 'again' }))).toMatchObject({ statusCode: 409, serviceCode: 'Conflict' });
    expect(await fail(flowLog({ configuration: undefined, logType: logging.models.CreateLogDetails.LogType.Custom }))).toMatchObject({ statusCode: 409 });
    expect(h.fake.resources('log')).toHaveLength(1);
  });

  it('logs go only into an ACTIVE group; a group with logs cannot be deleted (409); deletes are work requests, then 404', async () => {
    const wr = (await h.clients.logging.createLogGroup({ createLogGroupDetails: { compartmentId: h.tenancyId, displayName: 'logs' } })).opcWorkRequestId;
    const logGroupId = (await h.clients.logging.getWorkRequest({ workRequestId: wr })).workRequest.resources[0]!.identifier;
    expect(await errorOf(h.clients.logging.createLog({ logGroupId, createLogDetails: flowLog() }))).toMatchObject({ statusCode: 409, serviceCode: 'IncorrectState' });
    h.fake.advanceClock(5 * SEC);
    const logWr = (await h.clients.logging.createLog({ logGroupId, createLogDetails: flowLog() })).opcWorkRequestId;
    const logId = (await h.clients.logging.getWorkRequest({ workRequestId: logWr })).workRequest.resources[0]!.identifier;
    h.fake.advanceClock(30 * SEC);
    expect((await errorOf(h.clients.logging.deleteLogGroup({ logGroupId }))).message).toMatch(/is not empty/);
    const del = (await h.clients.logging.deleteLog({ logGroupId, logId })).opcWorkRequestId;
    expect((await h.clients.logging.getLog({ logGroupId, logId })).log.lifecycleState).toBe('DELETING');
    h.fake.advanceClock(10 * SEC);
    expect((await h.clients.logging.getWorkRequest({ workRequestId: del })).workRequest).toMatchObject({ status: 'SUCCEEDED', operationType: 'DELETE_LOG' });
    expect((await errorOf(h.clients.logging.getLog({ logGroupId, logId }))).statusCode).toBe(404);
    await h.clients.logging.deleteLogGroup({ logGroupId });
    h.fake.advanceClock(5 * SEC);
    expect((await errorOf(h.clients.logging.getLogGroup({ logGroupId }))).statusCode).toBe(404);
  });

  it('updates retention through a work request (UPDATING → ACTIVE) and honours if-match', async () => {
    const logGroupId = await activeGroup();
    const logWr = (await h.clients.logging.createLog({ logGroupId, createLogDetails: flowLog() })).opcWorkRequestId;
    const logId = (await h.clients.logging.getWorkRequest({ workRequestId: logWr })).workRequest.resources[0]!.identifier;
    h.fake.advanceClock(30 * SEC);
    const stale = await errorOf(h.clients.logging.updateLog({ logGroupId, logId, ifMatch: 'not-the-etag', updateLogDetails: { retentionDuration: 90 } }));
    expect(stale).toMatchObject({ statusCode: 412 });
    const wr = (await h.clients.logging.updateLog({ logGroupId, logId, updateLogDetails: { retentionDuration: 90 } })).opcWorkRequestId;
    expect((await h.clients.logging.getLog({ logGroupId, logId })).log).toMatchObject({ lifecycleState: 'UPDATING', retentionDuration: 90 });
    h.fake.advanceClock(5 * SEC);
    expect((await h.clients.logging.getWorkRequest({ workRequestId: wr })).workRequest).toMatchObject({ status: 'SUCCEEDED', operationType: 'UPDATE_LOG' });
    expect((await h.clients.logging.getLog({ logGroupId, logId })).log.lifecycleState).toBe('ACTIVE');
  });

  it('a log forced FAILED fails its work request, which then lists an error', async () => {
    const logGroupId = await activeGroup();
    const wr = (await h.clients.logging.createLog({ logGroupId, createLogDetails: flowLog() })).opcWorkRequestId;
    const logId = (await h.clients.logging.getWorkRequest({ workRequestId: wr })).workRequest.resources[0]!.identifier;
    expect((await h.clients.logging.listWorkRequestErrors({ workRequestId: wr })).items).toEqual([]);
    h.fake.setLifecycleState(logId, 'FAILED');
    const failed = (await h.clients.logging.getWorkRequest({ workRequestId: wr })).workRequest;
    expect(failed.status).toBe('FAILED');
    expect(failed.timeFinished).toBeDefined();
    expect(failed.resources[0]!.actionType).toBe('FAILED');
    const errors = (await h.clients.logging.listWorkRequestErrors({ workRequestId: wr })).items;
    expect(errors.map((e) => e.message)).toEqual([`log ${logId} could not be provisioned (work request ${wr} FAILED)`]);
  });
});

import type * as logging from 'oci-logging';
import type { FakeCore } from '../core';
import { conflict, incorrectState, invalidParameter, missingParameter, notFound } from '../errors';
import { reschedule, timeOfState } from '../lifecycle';
import type { HandlerContext, HandlerResult, Route } from '../router';
import type { StoredResource } from '../store';
import {
  bodyOf, checkIfMatch, createPhases, isIn, listKind, paged, requireCompartment, required, requireResource, resourceResult,
  scheduleDelete, tagsOf,
} from './common';
import { workRequestPhases, workRequestTimes } from './work-requests';
import { checkDisplayName } from '../validation/names';

/**
 * OCI Logging (LoggingManagementClient, `/20200531`): log groups and service logs, every write asynchronous through a
 * work request (202 + `opc-work-request-id`, no body), as the oci-logging 2.139.1 models describe. The only service
 * log source served is VCN flow logs (`flowlogs`, category `all`, resource = a subnet OCID).
 */
const V = '/20200531';

/**
 * Logging display names: stricter than other services' (validation/names.ts): only letters, digits, '.', '_' and '-'
 * (what the console accepts, no spaces); unique per compartment (groups) or per group (logs).
 */
const LOGGING_NAME = /^[A-Za-z0-9._-]+$/;
/** `retentionDuration`: "30-day increments (30, 60, 90 and so on until 180)" (CreateLogDetails). */
const RETENTION_DAYS = [30, 60, 90, 120, 150, 180];
/** Service log sources this fake knows, with the categories each resource type offers. */
const SERVICE_SOURCES: Readonly<Record<string, { resourceKind: 'subnet'; categories: readonly string[] }>> = {
  flowlogs: { resourceKind: 'subnet', categories: ['all'] },
};
/** How long an update keeps a log or group UPDATING (realistic ms, scaled). */
const UPDATE_MS = 5_000;

type Group = StoredResource<'logGroup'>;
type Log = StoredResource<'log'>;

function checkLoggingName(name: string): void {
  checkDisplayName('displayName', name);
  if (!LOGGING_NAME.test(name)) throw invalidParameter('displayName', `"${name}" must be letters, digits, '.', '_' or '-' (no spaces)`);
}

function checkRetention(days: number | undefined): number {
  if (days === undefined) return 30;
  if (!RETENTION_DAYS.includes(days)) throw invalidParameter('retentionDuration', `${days} must be one of ${RETENTION_DAYS.join(', ')} (30-day increments)`);
  return days;
}

/** A work request for one log group or log; it finishes when the resource reaches `doneAt`. */
function startWorkRequest(core: FakeCore, resource: Group | Log, operationType: logging.models.OperationTypes, finalAction: string, doneAt: number): string {
  const id = core.ids.regional('loggingworkrequest');
  const entityType = resource.kind === 'logGroup' ? 'loggroup' : 'log';
  const uri = resource.kind === 'logGroup' ? `${V}/logGroups/${resource.id}` : `${V}/logGroups/${resource.parentId ?? ''}/logs/${resource.id}`;
  core.store.put('loggingWorkRequest', {
    id, compartmentId: resource.compartmentId, parentId: resource.id, phases: workRequestPhases(core, doneAt),
    body: {
      id, compartmentId: resource.compartmentId, operationType,
      resources: [{ entityType, actionType: finalAction as logging.models.ActionTypes, identifier: resource.id, entityUri: uri }],
      timeAccepted: core.clock.date(),
    },
  });
  resource.workRequestIds.push(id);
  return id;
}

const accepted = (wrId: string): HandlerResult => ({ status: 202, headers: { 'opc-work-request-id': wrId } });

/** UPDATING now, ACTIVE after the scaled duration; returns the time it is done. */
function startUpdate(core: FakeCore, resource: Group | Log): number {
  const now = core.clock.now();
  const doneAt = now + core.clock.scaled(UPDATE_MS);
  reschedule(resource.phases, now, [{ state: 'UPDATING', at: now }, { state: 'ACTIVE', at: doneAt }]);
  core.store.touch(resource);
  return doneAt;
}

function liveGroupNamed(core: FakeCore, compartmentId: string, name: string): Group | undefined {
  return core.store.list('logGroup').find((g) => g.compartmentId === compartmentId && g.body.displayName === name && !isIn(core, g, 'DELETING'));
}

function logsOf(core: FakeCore, groupId: string): Log[] {
  return core.store.list('log').filter((l) => l.parentId === groupId);
}

function createLogGroup(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  const d = bodyOf<logging.models.CreateLogGroupDetails>(ctx);
  const compartmentId = requireCompartment(core, d.compartmentId);
  const displayName = required(d, 'displayName');
  checkLoggingName(displayName);
  if (liveGroupNamed(core, compartmentId, displayName)) throw conflict(`A log group named "${displayName}" already exists in compartment ${compartmentId}.`);
  const id = core.ids.regional('loggroup');
  const now = core.clock.date();
  const phases = createPhases(core, 'logGroup');
  const group = core.store.put('logGroup', {
    id, compartmentId, phases,
    body: { id, compartmentId, displayName, ...(d.description ? { description: d.description } : {}), timeCreated: now, timeLastModified: now, ...tagsOf(d) },
  });
  return accepted(startWorkRequest(core, group, 'CREATE_LOG_GROUP' as logging.models.OperationTypes, 'CREATED', phases[phases.length - 1]!.at));
}

function groupSummary(core: FakeCore, g: Group): logging.models.LogGroupSummary {
  const v = core.store.view(g);
  return { ...v, lifecycleState: v.lifecycleState as logging.models.LogGroupLifecycleState };
}

function updateLogGroup(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  const group = requireResource(core, 'logGroup', ctx.params.logGroupId);
  checkIfMatch(ctx, group);
  if (!isIn(core, group, 'ACTIVE')) throw incorrectState(`Log group ${group.id} is ${core.store.state(group)}; it must be ACTIVE to update.`);
  const d = bodyOf<logging.models.UpdateLogGroupDetails>(ctx);
  if (d.displayName !== undefined && d.displayName !== group.body.displayName) {
    checkLoggingName(d.displayName);
    if (liveGroupNamed(core, group.compartmentId, d.displayName)) throw conflict(`A log group named "${d.displayName}" already exists in compartment ${group.compartmentId}.`);
    group.body.displayName = d.displayName;
  }
  if (d.description !== undefined) group.body.description = d.description;
  if (d.freeformTags !== undefined) group.body.freeformTags = d.freeformTags;
  if (d.definedTags !== undefined) group.body.definedTags = d.definedTags;
  group.body.timeLastModified = core.clock.date();
  return accepted(startWorkRequest(core, group, 'UPDATE_LOG_GROUP' as logging.models.OperationTypes, 'UPDATED', startUpdate(core, group)));
}

function deleteLogGroup(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  const group = requireResource(core, 'logGroup', ctx.params.logGroupId);
  checkIfMatch(ctx, group);
  if (isIn(core, group, 'DELETING')) return accepted(group.workRequestIds[group.workRequestIds.length - 1] ?? '');
  if (isIn(core, group, 'CREATING', 'UPDATING')) throw incorrectState(`Log group ${group.id} is ${core.store.state(group)}; delete it once it is ACTIVE.`);
  const logs = logsOf(core, group.id);
  if (logs.length > 0) throw conflict(`Log group ${group.id} is not empty (${logs.length} log(s), e.g. ${logs[0]!.id}); delete its logs first.`);
  scheduleDelete(core, group, 'logGroup');
  return accepted(startWorkRequest(core, group, 'DELETE_LOG_GROUP' as logging.models.OperationTypes, 'DELETED', timeOfState(group.phases, '__GONE__') ?? core.clock.now()));
}

/** The group a log call names: it must exist (404) and, for writes, be ACTIVE (409). */
function groupOf(ctx: HandlerContext, forWrite: boolean): Group {
  const group = requireResource(ctx.core, 'logGroup', ctx.params.logGroupId);
  if (forWrite && !isIn(ctx.core, group, 'ACTIVE')) {
    throw incorrectState(`Log group ${group.id} is ${ctx.core.store.state(group)}; logs can be changed only in an ACTIVE log group.`);
  }
  return group;
}

function logOf(ctx: HandlerContext, group: Group): Log {
  const log = requireResource(ctx.core, 'log', ctx.params.logId);
  if (log.parentId !== group.id) throw notFound(`log ${ctx.params.logId ?? ''} in log group ${group.id}`);
  return log;
}

/** A service log's source: a known service, a live resource of the kind it logs, a category it offers. */
function checkServiceSource(core: FakeCore, configuration: logging.models.Configuration | undefined): logging.models.OciService {
  if (!configuration) throw missingParameter('configuration');
  const source = configuration.source as logging.models.OciService | undefined;
  if (!source) throw missingParameter('configuration.source');
  if (source.sourceType !== 'OCISERVICE') throw invalidParameter('configuration.source.sourceType', `"${String(source.sourceType)}" must be OCISERVICE for a SERVICE log`);
  const known = SERVICE_SOURCES[source.service];
  if (!known) throw invalidParameter('configuration.source.service', `"${String(source.service)}" is not a log source of this fake (${Object.keys(SERVICE_SOURCES).join(', ')})`);
  const resource = core.store.get(known.resourceKind, source.resource ?? '');
  if (!resource || !isIn(core, resource, 'AVAILABLE')) {
    throw invalidParameter('configuration.source.resource', `"${String(source.resource)}" is not an AVAILABLE ${known.resourceKind} (service ${source.service} logs subnets)`);
  }
  if (!known.categories.includes(source.category)) {
    throw invalidParameter('configuration.source.category', `"${String(source.category)}" is not a category of ${source.service} (${known.categories.join(', ')})`);
  }
  return source;
}

function createLog(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  const group = groupOf(ctx, true);
  const d = bodyOf<logging.models.CreateLogDetails>(ctx);
  const displayName = required(d, 'displayName');
  checkLoggingName(displayName);
  const logType = required(d, 'logType');
  if (logType !== 'SERVICE' && logType !== 'CUSTOM') throw invalidParameter('logType', `"${String(logType)}" must be SERVICE or CUSTOM`);
  const retentionDuration = checkRetention(d.retentionDuration);
  if (logsOf(core, group.id).some((l) => l.body.displayName === displayName && !isIn(core, l, 'DELETING'))) {
    throw conflict(`A log named "${displayName}" already exists in log group ${group.id}.`);
  }
  let configuration: logging.models.Configuration | undefined;
  if (logType === 'SERVICE') {
    const source = checkServiceSource(core, d.configuration);
    // One service log per resource and category, whichever group holds it.
    const taken = core.store.list('log').find((l) => {
      const s = l.body.configuration?.source as logging.models.OciService | undefined;
      return !isIn(core, l, 'DELETING') && s?.service === source.service && s.resource === source.resource && s.category === source.category;
    });
    if (taken) throw conflict(`A ${source.service} log for ${source.resource} (category ${source.category}) already exists: ${taken.id}.`);
    configuration = {
      compartmentId: d.configuration?.compartmentId ?? group.compartmentId,
      source: { sourceType: 'OCISERVICE', service: source.service, resource: source.resource, category: source.category, parameters: source.parameters ?? {} } as logging.models.OciService,
      archiving: d.configuration?.archiving ?? { isEnabled: false },
    };
  } else if (d.configuration) {
    throw invalidParameter('configuration', 'a CUSTOM log takes no source configuration');
  }
  const id = core.ids.regional('log');
  const now = core.clock.date();
  const phases = createPhases(core, 'log');
  const log = core.store.put('log', {
    id, compartmentId: group.compartmentId, parentId: group.id, phases,
    body: {
      id, tenancyId: core.options.tenancyId, logGroupId: group.id, displayName, logType: logType as logging.models.Log.LogType,
      isEnabled: d.isEnabled ?? true, ...(configuration ? { configuration } : {}), retentionDuration, compartmentId: group.compartmentId,
      timeCreated: now, timeLastModified: now, ...tagsOf(d),
    },
  });
  return accepted(startWorkRequest(core, log, 'CREATE_LOG' as logging.models.OperationTypes, 'CREATED', phases[phases.length - 1]!.at));
}

function logSummary(core: FakeCore, l: Log): logging.models.LogSummary {
  const v = core.store.view(l);
  const { tenancyId: _tenancy, ...summary } = v;
  void _tenancy;
  return { ...summary, lifecycleState: v.lifecycleState as logging.models.LogLifecycleState, logType: v.logType as unknown as logging.models.LogSummary.LogType };
}

function listLogs(ctx: HandlerContext): HandlerResult {
  const { core, query } = ctx;
  const group = groupOf(ctx, false);
  const logType = query.one('logType');
  const service = query.one('sourceService');
  const resource = query.one('sourceResource');
  const displayName = query.one('displayName');
  const state = query.one('lifecycleState');
  const items = logsOf(core, group.id).filter((l) => {
    const source = l.body.configuration?.source as logging.models.OciService | undefined;
    return (logType === undefined || l.body.logType === logType)
      && (service === undefined || source?.service === service)
      && (resource === undefined || source?.resource === resource)
      && (displayName === undefined || l.body.displayName === displayName)
      && (state === undefined || core.store.state(l) === state);
  });
  return paged(ctx, items.map((l) => logSummary(core, l)));
}

function updateLog(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  const group = groupOf(ctx, true);
  const log = logOf(ctx, group);
  checkIfMatch(ctx, log);
  if (!isIn(core, log, 'ACTIVE', 'INACTIVE')) throw incorrectState(`Log ${log.id} is ${core.store.state(log)}; it must be ACTIVE to update.`);
  const d = bodyOf<logging.models.UpdateLogDetails>(ctx);
  if (d.displayName !== undefined && d.displayName !== log.body.displayName) {
    checkLoggingName(d.displayName);
    if (logsOf(core, group.id).some((l) => l.body.displayName === d.displayName)) throw conflict(`A log named "${d.displayName}" already exists in log group ${group.id}.`);
    log.body.displayName = d.displayName;
  }
  if (d.retentionDuration !== undefined) log.body.retentionDuration = checkRetention(d.retentionDuration);
  if (d.isEnabled !== undefined) log.body.isEnabled = d.isEnabled;
  if (d.configuration?.archiving !== undefined && log.body.configuration) log.body.configuration.archiving = d.configuration.archiving;
  if (d.freeformTags !== undefined) log.body.freeformTags = d.freeformTags;
  if (d.definedTags !== undefined) log.body.definedTags = d.definedTags;
  log.body.timeLastModified = core.clock.date();
  return accepted(startWorkRequest(core, log, 'UPDATE_LOG' as logging.models.OperationTypes, 'UPDATED', startUpdate(core, log)));
}

function deleteLog(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  const group = groupOf(ctx, false);
  const log = logOf(ctx, group);
  checkIfMatch(ctx, log);
  if (isIn(core, log, 'DELETING')) return accepted(log.workRequestIds[log.workRequestIds.length - 1] ?? '');
  if (isIn(core, log, 'CREATING', 'UPDATING')) throw incorrectState(`Log ${log.id} is ${core.store.state(log)}; delete it once it is ACTIVE.`);
  scheduleDelete(core, log, 'log');
  return accepted(startWorkRequest(core, log, 'DELETE_LOG' as logging.models.OperationTypes, 'DELETED', timeOfState(log.phases, '__GONE__') ?? core.clock.now()));
}

function workRequestView(core: FakeCore, wr: StoredResource<'loggingWorkRequest'>): logging.models.WorkRequest {
  const t = workRequestTimes(core, wr);
  return {
    ...wr.body,
    status: t.status as logging.models.OperationStatus,
    percentComplete: t.percentComplete,
    resources: wr.body.resources.map((r) => ({ ...r, actionType: t.actionType(r.actionType) as logging.models.ActionTypes })),
    ...(t.timeStarted ? { timeStarted: t.timeStarted } : {}),
    ...(t.timeFinished ? { timeFinished: t.timeFinished } : {}),
  };
}

function getWorkRequest(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  const wr = requireResource(core, 'loggingWorkRequest', ctx.params.workRequestId);
  const view = workRequestView(core, wr);
  const headers: Record<string, string> = { etag: core.store.etag(wr) };
  if (!view.timeFinished) headers['retry-after'] = '5';
  return { json: view, headers };
}

function listWorkRequestErrors(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  const wr = requireResource(core, 'loggingWorkRequest', ctx.params.workRequestId);
  if (core.store.state(wr) !== 'FAILED') return paged(ctx, []);
  const target = core.store.find(wr.parentId ?? '');
  const errors: logging.models.WorkRequestError[] = [{
    code: 'InternalError',
    message: `${target?.kind ?? 'resource'} ${wr.parentId ?? ''} could not be provisioned (work request ${wr.id} FAILED)`,
    timestamp: new Date(timeOfState(wr.phases, 'FAILED') ?? core.clock.now()),
  }];
  return paged(ctx, errors);
}

export const loggingRoutes: Route[] = [
  { method: 'POST', pattern: `${V}/logGroups`, op: 'CreateLogGroup', handler: createLogGroup },
  { method: 'GET', pattern: `${V}/logGroups`, op: 'ListLogGroups', handler: (ctx) => paged(ctx, listKind(ctx, 'logGroup', { nameParam: 'displayName' }).map((g) => groupSummary(ctx.core, g))) },
  { method: 'GET', pattern: `${V}/logGroups/{logGroupId}`, op: 'GetLogGroup', handler: (ctx) => resourceResult(ctx.core, requireResource(ctx.core, 'logGroup', ctx.params.logGroupId)) },
  { method: 'PUT', pattern: `${V}/logGroups/{logGroupId}`, op: 'UpdateLogGroup', handler: updateLogGroup },
  { method: 'DELETE', pattern: `${V}/logGroups/{logGroupId}`, op: 'DeleteLogGroup', handler: deleteLogGroup },
  { method: 'POST', pattern: `${V}/logGroups/{logGroupId}/logs`, op: 'CreateLog', handler: createLog },
  { method: 'GET', pattern: `${V}/logGroups/{logGroupId}/logs`, op: 'ListLogs', handler: listLogs },
  { method: 'GET', pattern: `${V}/logGroups/{logGroupId}/logs/{logId}`, op: 'GetLog', handler: (ctx) => resourceResult(ctx.core, logOf(ctx, groupOf(ctx, false))) },
  { method: 'PUT', pattern: `${V}/logGroups/{logGroupId}/logs/{logId}`, op: 'UpdateLog', handler: updateLog },
  { method: 'DELETE', pattern: `${V}/logGroups/{logGroupId}/logs/{logId}`, op: 'DeleteLog', handler: deleteLog },
  { method: 'GET', pattern: `${V}/workRequests/{workRequestId}`, op: 'GetWorkRequest', handler: getWorkRequest },
  { method: 'GET', pattern: `${V}/workRequests/{workRequestId}/errors`, op: 'ListWorkRequestErrors', handler: listWorkRequestErrors },
];

import type * as mysql from 'oci-mysql';
import type { FakeCore } from '../core';
import { conflict, incorrectState, invalidParameter } from '../errors';
import { timeOfState } from '../lifecycle';
import type { HandlerContext, HandlerResult, Route } from '../router';
import { availabilityDomainNames, faultDomainNames } from '../seed';
import type { StoredResource } from '../store';
import {
  bodyOf, createPhases, isIn, listKind, paged, requireCompartment, required, requireResource, resourceResult,
  scheduleDelete, tagsOf,
} from './common';
import { firstHost, parseIpv4Cidr } from '../validation/cidr';
import { checkNsgCount } from '../validation/limits';
import { checkDnsLabel } from '../validation/names';
import { workRequestPhases, workRequestTimes } from './work-requests';

const V = '/20190415';

function shapes(core: FakeCore): mysql.models.ShapeSummary[] {
  return core.options.mysqlShapes.map((name) => {
    const cores = Number(/\.(\d+)$/.exec(name)?.[1] ?? '1');
    const isLegacy = name.startsWith('MySQL.VM.');
    return {
      name, cpuCoreCount: isLegacy ? 1 : cores, memorySizeInGBs: isLegacy ? 8 : cores * 16,
      isSupportedFor: ['DBSYSTEM' as mysql.models.ShapeSummary.IsSupportedFor, ...(isLegacy ? [] : ['HEATWAVECLUSTER' as mysql.models.ShapeSummary.IsSupportedFor])],
    };
  });
}

function listShapes(ctx: HandlerContext): HandlerResult {
  const { core, query } = ctx;
  requireCompartment(core, query.one('compartmentId'));
  const supported = query.all('isSupportedFor');
  const name = query.one('name');
  const items = shapes(core).filter((s) => (name === undefined || s.name === name)
    && supported.every((want) => (s.isSupportedFor ?? []).some((have) => have === want)));
  return { json: items };
}

function listVersions(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  requireCompartment(core, ctx.query.one('compartmentId'));
  const families = new Map<string, mysql.models.Version[]>();
  for (const version of core.options.mysqlVersions) {
    const family = version.split('.').slice(0, 2).join('.');
    families.set(family, [...(families.get(family) ?? []), { version, description: `MySQL ${version}` }]);
  }
  const items: mysql.models.VersionSummary[] = [...families].map(([versionFamily, versions]) => ({ versionFamily, versions }));
  return { json: items };
}

/** MySQL HeatWave admin password rules: 8-32 characters with a digit, a lower, an upper and a special one. */
function checkAdminPassword(password: string): void {
  const ok = password.length >= 8 && password.length <= 32 && /\d/.test(password) && /[a-z]/.test(password)
    && /[A-Z]/.test(password) && /[^A-Za-z0-9]/.test(password);
  // Never echo the value.
  if (!ok) throw invalidParameter('adminPassword', 'must be 8-32 characters with at least one digit, one lower-case, one upper-case and one special character');
}

export function startWorkRequest(core: FakeCore, db: StoredResource<'dbSystem'>, operationType: string, finalAction: string, doneAt: number): string {
  const id = core.ids.regional('mysqlworkrequest');
  core.store.put('mysqlWorkRequest', {
    id, compartmentId: db.compartmentId, parentId: db.id, phases: workRequestPhases(core, doneAt),
    body: {
      id, compartmentId: db.compartmentId, operationType: operationType as mysql.models.WorkRequestOperationType,
      resources: [{ entityType: 'mysqldbsystem', actionType: finalAction as mysql.models.WorkRequestResourceActionType, identifier: db.id, entityUri: `${V}/dbSystems/${db.id}` }],
      timeAccepted: core.clock.date(),
    },
  });
  db.workRequestIds.push(id);
  return id;
}

function createDbSystem(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  const d = bodyOf<mysql.models.CreateDbSystemDetails>(ctx);
  const compartmentId = requireCompartment(core, d.compartmentId);
  const shapeName = required(d, 'shapeName');
  if (!core.options.mysqlShapes.includes(shapeName)) throw invalidParameter('shapeName', `"${shapeName}" is not offered; see listShapes (${core.options.mysqlShapes.join(', ')})`);
  const subnet = core.store.get('subnet', required(d, 'subnetId'));
  if (!subnet || !isIn(core, subnet, 'AVAILABLE')) throw invalidParameter('subnetId', `"${d.subnetId}" is not an AVAILABLE subnet`);
  const mysqlVersion = d.mysqlVersion ?? core.options.mysqlVersions[core.options.mysqlVersions.length - 1]!;
  if (!core.options.mysqlVersions.includes(mysqlVersion)) throw invalidParameter('mysqlVersion', `"${mysqlVersion}" is not offered; see listVersions`);
  const ads = availabilityDomainNames(core);
  if (d.availabilityDomain !== undefined && !ads.includes(d.availabilityDomain)) throw invalidParameter('availabilityDomain', `"${d.availabilityDomain}" is not one of ${ads.join(', ')}`);
  const fds = faultDomainNames(core);
  if (d.faultDomain !== undefined && !fds.includes(d.faultDomain)) throw invalidParameter('faultDomain', `"${d.faultDomain}" is not one of ${fds.join(', ')}`);
  required(d, 'adminUsername');
  checkAdminPassword(required(d, 'adminPassword'));
  checkDnsLabel('hostnameLabel', d.hostnameLabel);
  checkNsgCount('nsgIds', d.nsgIds);
  (d.nsgIds ?? []).forEach((id, i) => {
    const nsg = core.store.get('networkSecurityGroup', id);
    if (!nsg || nsg.parentId !== subnet.body.vcnId) throw invalidParameter(`nsgIds[${i}]`, `"${id}" is not an NSG of the subnet's VCN`);
  });
  const id = core.ids.regional('mysqldbsystem');
  const phases = createPhases(core, 'dbSystem');
  const now = core.clock.date();
  const storage = d.dataStorageSizeInGBs ?? 50;
  const port = d.port ?? 3306;
  const portX = d.portX ?? 33060;
  const ipAddress = d.ipAddress ?? firstHost(parseIpv4Cidr('subnet.cidrBlock', subnet.body.cidrBlock ?? '10.0.0.0/24')).replace(/\.(\d+)$/, (_, n: string) => `.${Number(n) + 9 + core.store.list('dbSystem').length}`);
  const db = core.store.put('dbSystem', {
    id, compartmentId, parentId: subnet.id, phases,
    body: {
      id, compartmentId, displayName: d.displayName ?? `mysql-${id.slice(-6)}`, ...(d.description ? { description: d.description } : {}),
      subnetId: subnet.id, ...(d.nsgIds ? { nsgIds: d.nsgIds } : {}), isHighlyAvailable: d.isHighlyAvailable ?? false,
      availabilityDomain: d.availabilityDomain ?? ads[0]!, faultDomain: d.faultDomain ?? fds[0]!,
      shapeName, mysqlVersion, dataStorageSizeInGBs: storage,
      dataStorage: { allocatedStorageSizeInGBs: storage, dataStorageSizeInGBs: storage, dataStorageSizeLimitInGBs: 131072, isAutoExpandStorageEnabled: false },
      ...(d.hostnameLabel ? { hostnameLabel: d.hostnameLabel } : {}), ipAddress, port, portX,
      endpoints: [{ ipAddress, port, portX, ...(d.hostnameLabel ? { hostname: d.hostnameLabel } : {}) }],
      maintenance: { windowStartTime: 'SUNDAY 02:00' },
      deletionPolicy: {
        automaticBackupRetention: (d.deletionPolicy?.automaticBackupRetention ?? 'DELETE') as mysql.models.DeletionPolicyDetails.AutomaticBackupRetention,
        finalBackup: (d.deletionPolicy?.finalBackup ?? 'SKIP_FINAL_BACKUP') as mysql.models.DeletionPolicyDetails.FinalBackup,
        isDeleteProtected: d.deletionPolicy?.isDeleteProtected ?? false,
      },
      ...(d.backupPolicy ? { backupPolicy: d.backupPolicy as mysql.models.BackupPolicy } : {}),
      ...(d.crashRecovery ? { crashRecovery: d.crashRecovery } : {}),
      databaseMode: 'READ_WRITE' as mysql.models.DbSystem.DatabaseMode, accessMode: 'UNRESTRICTED' as mysql.models.DbSystem.AccessMode,
      timeCreated: now, timeUpdated: now, ...tagsOf(d),
    },
  });
  const wrId = startWorkRequest(core, db, 'CREATE_DBSYSTEM', 'CREATED', phases[phases.length - 1]!.at);
  const result = resourceResult(core, db, 202);
  result.headers = { ...result.headers, 'opc-work-request-id': wrId, location: `${core.baseUrl()}/mysql${V}/dbSystems/${id}` };
  return result;
}

function deleteDbSystem(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  const db = requireResource(core, 'dbSystem', ctx.params.dbSystemId);
  if (isIn(core, db, 'DELETING', 'DELETED')) {
    return { status: 202, headers: { 'opc-work-request-id': db.workRequestIds[db.workRequestIds.length - 1] ?? '' } };
  }
  if (db.body.deletionPolicy.isDeleteProtected) throw conflict(`DB system ${db.id} is delete protected; update deletionPolicy.isDeleteProtected first.`);
  if (isIn(core, db, 'CREATING', 'UPDATING')) throw incorrectState(`DB system ${db.id} is ${core.store.state(db)}; delete it once it is ACTIVE.`);
  scheduleDelete(core, db, 'dbSystem');
  const wrId = startWorkRequest(core, db, 'DELETE_DBSYSTEM', 'DELETED', timeOfState(db.phases, 'DELETED')!);
  return { status: 202, headers: { 'opc-work-request-id': wrId } };
}

function getWorkRequest(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  const wr = requireResource(core, 'mysqlWorkRequest', ctx.params.workRequestId);
  const t = workRequestTimes(core, wr);
  const view: mysql.models.WorkRequest = {
    ...wr.body,
    status: t.status as mysql.models.WorkRequestOperationStatus,
    percentComplete: t.percentComplete,
    resources: wr.body.resources.map((r) => ({ ...r, actionType: t.actionType(r.actionType) as mysql.models.WorkRequestResourceActionType })),
    ...(t.timeStarted ? { timeStarted: t.timeStarted } : {}),
    ...(t.timeFinished ? { timeFinished: t.timeFinished } : {}),
  };
  const headers: Record<string, string> = { etag: core.store.etag(wr) };
  if (!view.timeFinished) headers['retry-after'] = '5';
  return { json: view, headers };
}

export const mysqlRoutes: Route[] = [
  { method: 'GET', pattern: `${V}/shapes`, op: 'ListShapes', handler: listShapes },
  { method: 'GET', pattern: `${V}/versions`, op: 'ListVersions', handler: listVersions },
  { method: 'POST', pattern: `${V}/dbSystems`, op: 'CreateDbSystem', handler: createDbSystem },
  { method: 'GET', pattern: `${V}/dbSystems`, op: 'ListDbSystems', handler: (ctx) => paged(ctx, listKind(ctx, 'dbSystem', { nameParam: 'displayName' }).map((r) => ctx.core.store.view(r))) },
  { method: 'GET', pattern: `${V}/dbSystems/{dbSystemId}`, op: 'GetDbSystem', handler: (ctx) => resourceResult(ctx.core, requireResource(ctx.core, 'dbSystem', ctx.params.dbSystemId)) },
  { method: 'DELETE', pattern: `${V}/dbSystems/{dbSystemId}`, op: 'DeleteDbSystem', handler: deleteDbSystem },
  { method: 'GET', pattern: `${V}/workRequests/{workRequestId}`, op: 'GetWorkRequest', handler: getWorkRequest },
];

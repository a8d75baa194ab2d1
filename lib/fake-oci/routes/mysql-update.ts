import type * as mysql from 'oci-mysql';
import type { FakeCore } from '../core';
import { incorrectState, invalidParameter } from '../errors';
import { reschedule } from '../lifecycle';
import type { HandlerContext, HandlerResult, Route } from '../router';
import type { StoredResource } from '../store';
import { bodyOf, checkIfMatch, isIn, requireResource } from './common';
import { checkDisplayName } from '../validation/names';
import { startWorkRequest } from './mysql';

const V = '/20190415';

/** Fields of UpdateDbSystemDetails this fake applies; any other field is refused rather than silently ignored. */
const SERVED = new Set(['displayName', 'description', 'deletionPolicy', 'backupPolicy', 'freeformTags', 'definedTags']);
/** Automatic backups are kept 1-35 days (OCI MySQL HeatWave backup retention). */
const RETENTION = { min: 1, max: 35 };
/** How long a policy update keeps the DB system UPDATING (realistic ms, scaled). */
const UPDATE_MS = 30_000;

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)?$/;

/** The backup policy after an update: partial fields merge into the current policy; PITR needs backups. */
function mergedBackupPolicy(current: mysql.models.BackupPolicy | undefined, d: mysql.models.UpdateBackupPolicyDetails): mysql.models.BackupPolicy {
  const pitrPolicy = d.pitrPolicy ?? current?.pitrPolicy;
  const softDelete = d.softDelete ?? current?.softDelete;
  const next: mysql.models.BackupPolicy = {
    isEnabled: d.isEnabled ?? current?.isEnabled ?? true,
    retentionInDays: d.retentionInDays ?? current?.retentionInDays ?? 7,
    windowStartTime: d.windowStartTime ?? current?.windowStartTime ?? '00:00',
    ...(pitrPolicy !== undefined ? { pitrPolicy } : {}),
    ...(softDelete !== undefined ? { softDelete } : {}),
  };
  if (!Number.isInteger(next.retentionInDays) || next.retentionInDays < RETENTION.min || next.retentionInDays > RETENTION.max) {
    throw invalidParameter('backupPolicy.retentionInDays', `${next.retentionInDays} must be ${RETENTION.min}..${RETENTION.max}`);
  }
  if (!HH_MM.test(next.windowStartTime)) throw invalidParameter('backupPolicy.windowStartTime', `"${next.windowStartTime}" must be the time part of an RFC 3339 timestamp, e.g. 02:00`);
  if (next.pitrPolicy?.isEnabled && !next.isEnabled) throw invalidParameter('backupPolicy.pitrPolicy.isEnabled', 'point-in-time recovery needs automatic backups (backupPolicy.isEnabled)');
  return next;
}

function mergedDeletionPolicy(current: mysql.models.DeletionPolicyDetails, d: mysql.models.UpdateDeletionPolicyDetails): mysql.models.DeletionPolicyDetails {
  const retention = d.automaticBackupRetention ?? current.automaticBackupRetention;
  const finalBackup = d.finalBackup ?? current.finalBackup;
  if (!['DELETE', 'RETAIN'].includes(retention)) throw invalidParameter('deletionPolicy.automaticBackupRetention', `"${retention}" must be DELETE or RETAIN`);
  if (!['SKIP_FINAL_BACKUP', 'REQUIRE_FINAL_BACKUP'].includes(finalBackup)) throw invalidParameter('deletionPolicy.finalBackup', `"${finalBackup}" must be SKIP_FINAL_BACKUP or REQUIRE_FINAL_BACKUP`);
  return {
    automaticBackupRetention: retention as mysql.models.DeletionPolicyDetails.AutomaticBackupRetention,
    finalBackup: finalBackup as mysql.models.DeletionPolicyDetails.FinalBackup,
    isDeleteProtected: d.isDeleteProtected ?? current.isDeleteProtected,
  };
}

function startUpdate(core: FakeCore, db: StoredResource<'dbSystem'>): number {
  const now = core.clock.now();
  const doneAt = now + core.clock.scaled(UPDATE_MS);
  reschedule(db.phases, now, [{ state: 'UPDATING', at: now }, { state: 'ACTIVE', at: doneAt }]);
  core.store.touch(db);
  return doneAt;
}

/** UpdateDbSystem (202 + work request): names, tags, deletion policy and backup policy of an ACTIVE DB system. */
function updateDbSystem(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  const db = requireResource(core, 'dbSystem', ctx.params.dbSystemId);
  checkIfMatch(ctx, db);
  if (!isIn(core, db, 'ACTIVE')) throw incorrectState(`DB system ${db.id} is ${core.store.state(db)}; it must be ACTIVE to update.`);
  const d = bodyOf<mysql.models.UpdateDbSystemDetails>(ctx);
  const unserved = Object.keys(d).filter((k) => !SERVED.has(k));
  if (unserved.length > 0) throw invalidParameter(unserved[0]!, `this fake applies only ${[...SERVED].join(', ')} in UpdateDbSystem`);
  // Validate everything before changing anything.
  checkDisplayName('displayName', d.displayName);
  const deletionPolicy = d.deletionPolicy ? mergedDeletionPolicy(db.body.deletionPolicy, d.deletionPolicy) : undefined;
  const backupPolicy = d.backupPolicy ? mergedBackupPolicy(db.body.backupPolicy, d.backupPolicy) : undefined;
  if (deletionPolicy) db.body.deletionPolicy = deletionPolicy;
  if (backupPolicy) db.body.backupPolicy = backupPolicy;
  if (d.displayName !== undefined) db.body.displayName = d.displayName;
  if (d.description !== undefined) db.body.description = d.description;
  if (d.freeformTags !== undefined) db.body.freeformTags = d.freeformTags;
  if (d.definedTags !== undefined) db.body.definedTags = d.definedTags;
  db.body.timeUpdated = core.clock.date();
  const wrId = startWorkRequest(core, db, 'UPDATE_DBSYSTEM', 'UPDATED', startUpdate(core, db));
  return { status: 202, headers: { 'opc-work-request-id': wrId } };
}

export const mysqlUpdateRoutes: Route[] = [
  { method: 'PUT', pattern: `${V}/dbSystems/{dbSystemId}`, op: 'UpdateDbSystem', handler: updateDbSystem },
];

import * as mysql from 'oci-mysql';
import type { Environment } from '../../config';
import type { Context, Resource } from '../engine';
import { tags } from '../engine';
import { BootstrapError } from '../errors';
import { compartment, defined, diff, listAll, pickTagged } from './common';
import { NET } from './network';
import { NSG } from './security-rules';
import { dbPassword, VAULT } from './vault';

export const DATABASE = { dbSystem: 'mysql-db-system' } as const;

const db = (ctx: Context) => ctx.clients.dbSystem;
type DbSystem = mysql.models.DbSystem | mysql.models.DbSystemSummary;

const Retention = mysql.models.CreateDeletionPolicyDetails.AutomaticBackupRetention;
const FinalBackup = mysql.models.CreateDeletionPolicyDetails.FinalBackup;

/** `deletionPolicy` from the environment: protected, final backup, automatic backups kept, unless it says otherwise. */
export function deletionPolicy(env: Environment): mysql.models.CreateDeletionPolicyDetails {
  return {
    isDeleteProtected: env.database.deleteProtection,
    finalBackup: env.database.finalBackup ? FinalBackup.RequireFinalBackup : FinalBackup.SkipFinalBackup,
    automaticBackupRetention: env.database.retainBackupsOnDelete ? Retention.Retain : Retention.Delete,
  };
}

/** `backupPolicy` from the environment (OCI picks the backup window). */
export function backupPolicy(env: Environment): mysql.models.CreateBackupPolicyDetails {
  const b = env.database.backup;
  return { isEnabled: b.enabled, retentionInDays: b.retentionDays, pitrPolicy: { isEnabled: b.enabled && b.pointInTimeRecovery } };
}

/** Drift lines of the two policies (what UpdateDbSystem can change in place). */
function policyDrift(env: Environment, d: DbSystem): string[] {
  const del = deletionPolicy(env);
  const backup = backupPolicy(env);
  return defined([
    diff('deletionPolicy.isDeleteProtected', d.deletionPolicy?.isDeleteProtected ?? false, del.isDeleteProtected),
    diff('deletionPolicy.finalBackup', d.deletionPolicy?.finalBackup ?? null, del.finalBackup),
    diff('deletionPolicy.automaticBackupRetention', d.deletionPolicy?.automaticBackupRetention ?? null, del.automaticBackupRetention),
    diff('backupPolicy.isEnabled', d.backupPolicy?.isEnabled ?? null, backup.isEnabled),
    diff('backupPolicy.retentionInDays', d.backupPolicy?.retentionInDays ?? null, backup.retentionInDays),
    diff('backupPolicy.pitrPolicy.isEnabled', d.backupPolicy?.pitrPolicy?.isEnabled ?? false, backup.pitrPolicy?.isEnabled),
  ]);
}

function waitDb(ctx: Context, d: DbSystem, justCreated: boolean, settled: (x: mysql.models.DbSystem) => boolean = () => true): Promise<DbSystem> {
  return ctx.waiter.until(`MySQL DB system "${ctx.env.database.name}"`, 'mysql-db-system', async () => (await db(ctx).getDbSystem({ dbSystemId: d.id })).dbSystem,
    (x) => x.lifecycleState === 'ACTIVE' && settled(x),
    (x) => (x.lifecycleState === 'FAILED' ? `went FAILED: ${x.lifecycleDetails ?? ''}` : undefined),
    { justCreated, isDead: (x) => x.lifecycleState === 'DELETED' });
}

/** Changes the deletion and/or backup policy, then waits until the DB system shows them and is ACTIVE again. */
async function updatePolicies(ctx: Context, d: DbSystem, details: mysql.models.UpdateDbSystemDetails): Promise<DbSystem> {
  await db(ctx).updateDbSystem({ dbSystemId: d.id, updateDbSystemDetails: details });
  const want = details.deletionPolicy;
  return waitDb(ctx, d, false, (x) => want === undefined || (
    x.deletionPolicy.isDeleteProtected === (want.isDeleteProtected ?? x.deletionPolicy.isDeleteProtected)
    && x.deletionPolicy.finalBackup === (want.finalBackup ?? x.deletionPolicy.finalBackup)));
}

function protectedWithoutConsent(ctx: Context, d: DbSystem): string | undefined {
  if (!d.deletionPolicy?.isDeleteProtected || ctx.flags.allowDeleteDatabase) return undefined;
  return `MySQL DB system "${ctx.env.database.name}" is delete-protected (database.deleteProtection); re-run with --allow-delete-database to delete it`
    + `${ctx.env.database.finalBackup ? ' (a final backup is taken first)' : ' (database.finalBackup is false: no final backup is taken)'}`;
}

/** MySQL HeatWave DB system in the private DB subnet; its admin password comes from the vault secret. */
export const dbSystem: Resource<DbSystem> = {
  id: DATABASE.dbSystem,
  kind: 'mysql-db-system',
  deps: [NET.dbSubnet, NSG.database, `${NSG.database}-rules`, VAULT.dbPassword],
  name: (ctx) => ctx.env.database.name,
  find: async (ctx) => pickTagged(await listAll((page) => db(ctx).listDbSystems({ compartmentId: compartment(ctx), displayName: ctx.env.database.name, page })), ctx, DATABASE.dbSystem),
  ocid: (d) => d.id,
  state: (d) => String(d.lifecycleState),
  attrs: (d) => ({ ipAddress: d.endpoints?.[0]?.ipAddress ?? (d as mysql.models.DbSystem).ipAddress ?? '', port: String((d as mysql.models.DbSystem).port ?? d.endpoints?.[0]?.port ?? '') }),
  drift: (ctx, d) => defined([
    diff('shapeName', d.shapeName, ctx.env.database.shape),
    diff('isHighlyAvailable', d.isHighlyAvailable, ctx.env.database.highlyAvailable),
    ...policyDrift(ctx.env, d),
  ]),
  async create(ctx, token) {
    const env = ctx.env;
    const details: mysql.models.CreateDbSystemDetails = {
      compartmentId: compartment(ctx),
      displayName: env.database.name,
      description: `MySQL of ${env.name} (oke-vn bootstrap)`,
      shapeName: env.database.shape,
      subnetId: ctx.ref(NET.dbSubnet).ocid,
      nsgIds: [ctx.ref(NSG.database).ocid],
      availabilityDomain: ctx.availabilityDomains.get(env.virtualNodePool.placement[0].availabilityDomain),
      isHighlyAvailable: env.database.highlyAvailable,
      adminUsername: env.database.adminUsername,
      dataStorageSizeInGBs: env.database.storageGB,
      port: env.database.port,
      portX: 33060,
      hostnameLabel: 'db',
      deletionPolicy: deletionPolicy(env),
      backupPolicy: backupPolicy(env),
      freeformTags: tags(ctx, DATABASE.dbSystem),
    };
    // The password is left out of the token derivation (the token is logged by proxies; a hash is still a hash).
    const password = await dbPassword(ctx);
    const created = (await db(ctx).createDbSystem({ createDbSystemDetails: { ...details, adminPassword: password }, opcRetryToken: token(details) })).dbSystem;
    return waitDb(ctx, created, true);
  },
  waitReady: (ctx, d) => waitDb(ctx, d, false),
  async update(ctx, d, drift) {
    const fixed = drift.filter((line) => !/^(deletionPolicy|backupPolicy)\./.test(line));
    if (fixed.length > 0) {
      throw new BootstrapError(`MySQL DB system "${ctx.env.database.name}" differs from the environment (${fixed.join('; ')}) in a way the bootstrap does not change in place; re-run with --replace mysql-db-system (with --allow-delete-database if it is delete-protected), or change it in the console`, 'drift');
    }
    return updatePolicies(ctx, d, { deletionPolicy: deletionPolicy(ctx.env), backupPolicy: backupPolicy(ctx.env) });
  },
  refuseRemoval: protectedWithoutConsent,
  async remove(ctx, d) {
    const refusal = protectedWithoutConsent(ctx, d);
    if (refusal !== undefined) throw new BootstrapError(refusal, 'refused');
    // Lift the protection and make sure the environment's final-backup choice is what OCI applies on delete.
    const want = { ...deletionPolicy(ctx.env), isDeleteProtected: false };
    const live = d.deletionPolicy;
    if (live?.isDeleteProtected || live?.finalBackup !== want.finalBackup) {
      ctx.note(DATABASE.dbSystem, `lifting delete protection; final backup: ${want.finalBackup}`);
      await updatePolicies(ctx, d, { deletionPolicy: want });
    }
    await db(ctx).deleteDbSystem({ dbSystemId: d.id });
    await ctx.waiter.untilGone(`MySQL DB system "${ctx.env.database.name}"`, 'mysql-db-system', async () => (await db(ctx).getDbSystem({ dbSystemId: d.id })).dbSystem, (x) => x.lifecycleState === 'DELETED');
  },
};

export const databaseResources: Resource[] = [dbSystem] as Resource[];

import * as mysql from 'oci-mysql';
import type { Context, Resource } from '../engine';
import { tags } from '../engine';
import { compartment, defined, diff, listAll, pickTagged } from './common';
import { NET } from './network';
import { NSG } from './security-rules';
import { dbPassword, VAULT } from './vault';

export const DATABASE = { dbSystem: 'mysql-db-system' } as const;

const db = (ctx: Context) => ctx.clients.dbSystem;
type DbSystem = mysql.models.DbSystem | mysql.models.DbSystemSummary;

function waitDb(ctx: Context, d: DbSystem, justCreated: boolean): Promise<DbSystem> {
  return ctx.waiter.until(`MySQL DB system "${ctx.env.database.name}"`, 'mysql-db-system', async () => (await db(ctx).getDbSystem({ dbSystemId: d.id })).dbSystem,
    (x) => x.lifecycleState === 'ACTIVE',
    (x) => (x.lifecycleState === 'FAILED' ? `went FAILED: ${x.lifecycleDetails ?? ''}` : undefined),
    { justCreated, isDead: (x) => x.lifecycleState === 'DELETED' });
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
      deletionPolicy: {
        isDeleteProtected: false,
        automaticBackupRetention: mysql.models.CreateDeletionPolicyDetails.AutomaticBackupRetention.Delete,
        finalBackup: mysql.models.CreateDeletionPolicyDetails.FinalBackup.RequireFinalBackup,
      },
      freeformTags: tags(ctx, DATABASE.dbSystem),
    };
    // The password is left out of the token derivation (the token is logged by proxies; a hash is still a hash).
    const password = await dbPassword(ctx);
    const created = (await db(ctx).createDbSystem({ createDbSystemDetails: { ...details, adminPassword: password }, opcRetryToken: token(details) })).dbSystem;
    return waitDb(ctx, created, true);
  },
  waitReady: (ctx, d) => waitDb(ctx, d, false),
  async remove(ctx, d) {
    await db(ctx).deleteDbSystem({ dbSystemId: d.id });
    await ctx.waiter.untilGone(`MySQL DB system "${ctx.env.database.name}"`, 'mysql-db-system', async () => (await db(ctx).getDbSystem({ dbSystemId: d.id })).dbSystem, (x) => x.lifecycleState === 'DELETED');
  },
};

export const databaseResources: Resource[] = [dbSystem] as Resource[];

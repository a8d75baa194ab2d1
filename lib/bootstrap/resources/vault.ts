import * as kms from 'oci-keymanagement';
import * as vault from 'oci-vault';
import type { Context, Resource } from '../engine';
import { tags } from '../engine';
import { BootstrapError, statusOf } from '../errors';
import { generateDbPassword } from '../password';
import { carriesTags } from '../tags';
import { compartment, defined, diff, listAll, pickTagged } from './common';

export const VAULT = { vault: 'vault', key: 'vault-key', dbPassword: 'db-password-secret', dbAppPassword: 'db-app-password-secret' } as const;

/** Name under which the generated DB admin password is held in memory for this run. */
export const DB_PASSWORD = 'db-admin-password';
/** Name under which the generated app user password is held in memory for this run (for redaction only). */
export const DB_APP_PASSWORD = 'db-app-password';

const kv = (ctx: Context) => ctx.clients.kmsVault;
const km = (ctx: Context) => ctx.clients.kmsManagement(ctx.ref(VAULT.vault).attrs.managementEndpoint as string);
const vs = (ctx: Context) => ctx.clients.vaults;
const gone = (s: string) => s === 'PENDING_DELETION' || s === 'SCHEDULING_DELETION' || s === 'DELETED';

type Vault = kms.models.Vault | kms.models.VaultSummary;

export const vaultResource: Resource<Vault> = {
  id: VAULT.vault,
  kind: 'vault',
  deps: [],
  name: (ctx) => ctx.env.vault.name,
  // ListVaults has no name filter: tags decide.
  find: async (ctx) => pickTagged(await listAll((page) => kv(ctx).listVaults({ compartmentId: compartment(ctx), page })), ctx, VAULT.vault),
  ocid: (v) => v.id,
  state: (v) => String(v.lifecycleState),
  attrs: (v) => ({ managementEndpoint: v.managementEndpoint }),
  // The type is fixed at creation: a vault of the other type means new keys and secrets (--replace vault).
  drift: (ctx, v) => defined([diff('vaultType', v.vaultType, ctx.env.vault.type)]),
  async create(ctx, token) {
    const details: kms.models.CreateVaultDetails = { compartmentId: compartment(ctx), displayName: ctx.env.vault.name, vaultType: ctx.env.vault.type as kms.models.CreateVaultDetails.VaultType, freeformTags: tags(ctx, VAULT.vault) };
    const v = (await kv(ctx).createVault({ createVaultDetails: details, opcRetryToken: token(details) })).vault;
    return waitVault(ctx, v, true);
  },
  waitReady: (ctx, v) => waitVault(ctx, v, false),
  async revive(ctx, v) {
    ctx.note(VAULT.vault, 'cancelling scheduled deletion');
    return waitVault(ctx, (await kv(ctx).cancelVaultDeletion({ vaultId: v.id })).vault, false);
  },
  async remove(ctx, v) {
    // Vaults are only scheduled for deletion (7-30 days); that counts as gone.
    await kv(ctx).scheduleVaultDeletion({ vaultId: v.id, scheduleVaultDeletionDetails: {} });
    await ctx.waiter.until(`vault "${ctx.env.vault.name}"`, 'vault', async () => (await kv(ctx).getVault({ vaultId: v.id })).vault, (x) => gone(String(x.lifecycleState)));
  },
};

function waitVault(ctx: Context, v: Vault, justCreated: boolean): Promise<Vault> {
  return ctx.waiter.until(`vault "${ctx.env.vault.name}"`, 'vault', async () => (await kv(ctx).getVault({ vaultId: v.id })).vault,
    (x) => x.lifecycleState === 'ACTIVE', (x) => (String(x.lifecycleState) === 'FAILED' ? 'went FAILED' : undefined),
    { justCreated, isDead: (x) => gone(String(x.lifecycleState)) });
}

type Key = kms.models.Key | kms.models.KeySummary;

function waitKey(ctx: Context, k: Key, justCreated: boolean): Promise<Key> {
  return ctx.waiter.until(`key "${ctx.env.vault.name}-key"`, 'vault-key', async () => (await km(ctx).getKey({ keyId: k.id })).key,
    (x) => x.lifecycleState === 'ENABLED', (x) => (String(x.lifecycleState) === 'FAILED' ? 'went FAILED' : undefined),
    { justCreated, isDead: (x) => gone(String(x.lifecycleState)) });
}

/**
 * Automatic rotation of the master key: OCI offers it only for keys in a VIRTUAL_PRIVATE vault ("This feature is
 * available only for virtual private vaults", Oracle, Enabling and Updating Auto Key Rotation), every 60-365 days. On a
 * DEFAULT vault the key is rotated by hand (lib/bootstrap/README.md, "Key rotation").
 */
export function autoRotation(ctx: Context): Pick<kms.models.CreateKeyDetails, 'isAutoRotationEnabled' | 'autoKeyRotationDetails'> {
  if (ctx.env.vault.type !== 'VIRTUAL_PRIVATE') return {};
  return { isAutoRotationEnabled: true, autoKeyRotationDetails: { rotationIntervalInDays: ctx.env.vault.keyRotationIntervalDays } };
}

/** AES-256 master key, created through the vault's own management endpoint; it encrypts the secrets and etcd. */
export const keyResource: Resource<Key> = {
  id: VAULT.key,
  kind: 'vault-key',
  deps: [VAULT.vault],
  name: (ctx) => `${ctx.env.vault.name}-key`,
  async find(ctx) {
    const vaultId = ctx.ref(VAULT.vault).ocid;
    const keys = await listAll((page) => km(ctx).listKeys({ compartmentId: compartment(ctx), page }));
    return pickTagged(keys.filter((k) => k.vaultId === vaultId), ctx, VAULT.key);
  },
  ocid: (k) => k.id,
  state: (k) => String(k.lifecycleState),
  async drift(ctx, k) {
    const want = autoRotation(ctx);
    if (!want.isAutoRotationEnabled) return [];
    // ListKeys' summary has the flag but not the interval.
    const full = (await km(ctx).getKey({ keyId: k.id })).key;
    return defined([
      diff('isAutoRotationEnabled', full.isAutoRotationEnabled ?? false, true),
      diff('autoKeyRotationDetails.rotationIntervalInDays', full.autoKeyRotationDetails?.rotationIntervalInDays ?? null, want.autoKeyRotationDetails?.rotationIntervalInDays),
    ]);
  },
  async create(ctx, token) {
    const details: kms.models.CreateKeyDetails = {
      compartmentId: compartment(ctx), displayName: keyResource.name(ctx),
      keyShape: { algorithm: kms.models.KeyShape.Algorithm.Aes, length: 32 },
      protectionMode: kms.models.CreateKeyDetails.ProtectionMode.Hsm,
      ...autoRotation(ctx),
      freeformTags: tags(ctx, VAULT.key),
    };
    return waitKey(ctx, (await km(ctx).createKey({ createKeyDetails: details, opcRetryToken: token(details) })).key, true);
  },
  waitReady: (ctx, k) => waitKey(ctx, k, false),
  async update(ctx, k) {
    return waitKey(ctx, (await km(ctx).updateKey({ keyId: k.id, updateKeyDetails: autoRotation(ctx) })).key, false);
  },
  async revive(ctx, k) {
    return waitKey(ctx, (await km(ctx).cancelKeyDeletion({ keyId: k.id })).key, false);
  },
  async remove(ctx, k) {
    await km(ctx).scheduleKeyDeletion({ keyId: k.id, scheduleKeyDeletionDetails: {} });
    await ctx.waiter.until(`key "${keyResource.name(ctx)}"`, 'vault-key', async () => (await km(ctx).getKey({ keyId: k.id })).key, (x) => gone(String(x.lifecycleState)));
  },
};

type Secret = vault.models.Secret | vault.models.SecretSummary;

/** A vault secret holding a password the bootstrap generates: the MySQL admin's, or the app user's. */
interface GeneratedSecretSpec {
  /** Logical id. */
  id: string;
  /** The secret's name in the vault (unique per vault; ESO reads it by name). */
  secretName(ctx: Context): string;
  /** The config field that names it, for messages. */
  nameField: string;
  /** What the secret is, for its description. */
  description(ctx: Context): string;
  /** The MySQL user the password belongs to (the password must not contain it). */
  username(ctx: Context): string;
  /** Key of the value in the run's SecretBox. */
  memoryKey: string;
}

function waitSecret(ctx: Context, spec: GeneratedSecretSpec, s: Secret, justCreated: boolean): Promise<Secret> {
  return ctx.waiter.until(`secret "${spec.secretName(ctx)}"`, 'secret', async () => (await vs(ctx).getSecret({ secretId: s.id })).secret,
    (x) => x.lifecycleState === 'ACTIVE', (x) => (x.lifecycleState === 'FAILED' ? 'went FAILED' : undefined),
    { justCreated, isDead: (x) => gone(String(x.lifecycleState)) });
}

async function secretsNamed(ctx: Context, name: string): Promise<vault.models.SecretSummary[]> {
  return listAll((page) => vs(ctx).listSecrets({ compartmentId: compartment(ctx), vaultId: ctx.ref(VAULT.vault).ocid, name, page }));
}

/**
 * A password generated here and stored only in the vault (and in memory while this run needs it).
 * Secret names are unique per vault, so a 409 on create means it exists: adopt it (F4).
 */
function generatedSecret(spec: GeneratedSecretSpec): Resource<Secret> {
  const r: Resource<Secret> = {
    id: spec.id,
    kind: 'vault-secret',
    deps: [VAULT.vault, VAULT.key],
    name: (ctx) => spec.secretName(ctx),
    find: async (ctx) => pickTagged(await secretsNamed(ctx, spec.secretName(ctx)), ctx, spec.id),
    ocid: (s) => s.id,
    state: (s) => String(s.lifecycleState),
    drift: (ctx, s) => (s.keyId && s.keyId !== ctx.maybeRef(VAULT.key)?.ocid ? [`keyId: ${s.keyId} → ${ctx.maybeRef(VAULT.key)?.ocid}`] : []),
    async create(ctx, token) {
      const password = generateDbPassword(spec.username(ctx));
      ctx.secrets.set(spec.memoryKey, password);
      const details: vault.models.CreateSecretDetails = {
        compartmentId: compartment(ctx), vaultId: ctx.ref(VAULT.vault).ocid, keyId: ctx.ref(VAULT.key).ocid,
        secretName: spec.secretName(ctx),
        description: spec.description(ctx),
        secretContent: { contentType: 'BASE64', content: Buffer.from(password, 'utf8').toString('base64'), stage: vault.models.SecretContentDetails.Stage.Current } as vault.models.Base64SecretContentDetails,
        freeformTags: tags(ctx, spec.id),
      };
      // The token is derived without the random content, so a lost answer is replayed rather than duplicated.
      const { secretContent: _content, ...stable } = details;
      void _content;
      try {
        return await waitSecret(ctx, spec, (await vs(ctx).createSecret({ createSecretDetails: details, opcRetryToken: token(stable) })).secret, true);
      } catch (e) {
        if (!(statusOf(e) === 409)) throw e;
        ctx.secrets.set(spec.memoryKey, ''); // not ours: the password is whatever the existing secret holds
        return adoptSecret(ctx, spec, r);
      }
    },
    waitReady: (ctx, s) => waitSecret(ctx, spec, s, false),
    update: async (_ctx, s) => s, // a secret's key cannot change; reported as drift only
    async revive(ctx, s) {
      await vs(ctx).cancelSecretDeletion({ secretId: s.id });
      return waitSecret(ctx, spec, s, false);
    },
    async remove(ctx, s) {
      await vs(ctx).scheduleSecretDeletion({ secretId: s.id, scheduleSecretDeletionDetails: {} });
      await ctx.waiter.until(`secret "${spec.secretName(ctx)}"`, 'secret', async () => (await vs(ctx).getSecret({ secretId: s.id })).secret, (x) => gone(String(x.lifecycleState)));
    },
  };
  return r;
}

/** The secret name is taken: take the secret over (tag it) unless it is scheduled for deletion. */
async function adoptSecret(ctx: Context, spec: GeneratedSecretSpec, r: Resource<Secret>): Promise<Secret> {
  const name = spec.secretName(ctx);
  const existing = await secretsNamed(ctx, name);
  const live = existing.find((s) => !gone(String(s.lifecycleState)));
  if (!live) {
    const pending = existing.find((s) => gone(String(s.lifecycleState)));
    if (pending && ctx.flags.cancelDeletion) return r.revive!(ctx, pending);
    throw new BootstrapError(`secret "${name}": the name is reserved by a secret scheduled for deletion in this vault; re-run with --cancel-deletion to restore it, or set ${spec.nameField} to a new name`, 'conflict');
  }
  if (!carriesTags(live.freeformTags, ctx.env.name, spec.id)) {
    ctx.note(spec.id, 'adopting existing secret');
    await vs(ctx).updateSecret({ secretId: live.id, updateSecretDetails: { freeformTags: { ...(live.freeformTags ?? {}), ...tags(ctx, spec.id) } } });
  }
  return waitSecret(ctx, spec, live, false);
}

/** The MySQL admin password: read only by the DB system create and, in the cluster, by the DB-user Job. */
export const dbPasswordSecret = generatedSecret({
  id: VAULT.dbPassword,
  secretName: (ctx) => ctx.env.vault.dbPasswordSecretName,
  nameField: 'vault.dbPasswordSecretName',
  description: (ctx) => `MySQL admin password of ${ctx.env.database.name} (oke-vn bootstrap)`,
  username: (ctx) => ctx.env.database.adminUsername,
  memoryKey: DB_PASSWORD,
});

/**
 * The app user's password. Nothing in the bootstrap uses it: the DB-user Job sets it on the user and ESO hands it to
 * the app, both inside the VCN (the bootstrap cannot reach the private DB).
 */
export const dbAppPasswordSecret = generatedSecret({
  id: VAULT.dbAppPassword,
  secretName: (ctx) => ctx.env.vault.dbAppPasswordSecretName,
  nameField: 'vault.dbAppPasswordSecretName',
  description: (ctx) => `MySQL password of the app user ${ctx.env.database.appUser.name} on ${ctx.env.database.name} (oke-vn bootstrap)`,
  username: (ctx) => ctx.env.database.appUser.name,
  memoryKey: DB_APP_PASSWORD,
});

/** The DB admin password: the one generated in this run, else read back from the vault. Never logged. */
export async function dbPassword(ctx: Context): Promise<string> {
  const held = ctx.secrets.get(DB_PASSWORD);
  if (held) return held;
  const bundle = (await ctx.clients.secrets.getSecretBundle({ secretId: ctx.ref(VAULT.dbPassword).ocid })).secretBundle;
  const content = bundle.secretBundleContent as { contentType?: string; content?: string } | undefined;
  if (!content?.content) throw new BootstrapError(`secret "${ctx.env.vault.dbPasswordSecretName}" has no content to use as the MySQL admin password`, 'bad-secret');
  const password = Buffer.from(content.content, 'base64').toString('utf8');
  ctx.secrets.set(DB_PASSWORD, password);
  return password;
}

export const vaultResources: Resource[] = [vaultResource, keyResource, dbPasswordSecret, dbAppPasswordSecret] as Resource[];

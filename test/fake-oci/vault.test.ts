import * as kms from 'oci-keymanagement';
import * as secrets from 'oci-secrets';
import * as vault from 'oci-vault';
import { errorOf, type Harness, silenceSdkWarnings, startHarness } from './support';

const DAY = 24 * 60 * 60 * 1000;
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('KMS, Vaults and Secrets on the fake', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ speed: 1 });
    silenceSdkWarnings();
    h.fake.clock.freeze();
  });
  afterEach(() => h.fake.stop());

  async function activeVaultAndKey(): Promise<{ vault: kms.models.Vault; key: kms.models.Key; mgmt: kms.KmsManagementClient }> {
    const created = await h.clients.kmsVault.createVault({ createVaultDetails: { compartmentId: h.tenancyId, displayName: 'v', vaultType: kms.models.CreateVaultDetails.VaultType.Default } });
    expect(created.vault.lifecycleState).toBe('CREATING');
    const mgmt = h.clients.kmsManagement(created.vault.managementEndpoint);
    const early = await errorOf(mgmt.createKey({ createKeyDetails: { compartmentId: h.tenancyId, displayName: 'k', keyShape: { algorithm: kms.models.KeyShape.Algorithm.Aes, length: 32 } } }));
    expect(early.serviceCode).toBe('IncorrectState');
    h.fake.advanceClock(2 * 60_000);
    const { vault } = await h.clients.kmsVault.getVault({ vaultId: created.vault.id });
    expect(vault.lifecycleState).toBe('ACTIVE');
    const k = await mgmt.createKey({ createKeyDetails: { compartmentId: h.tenancyId, displayName: 'k', keyShape: { algorithm: kms.models.KeyShape.Algorithm.Aes, length: 32 } } });
    expect(k.key.lifecycleState).toBe('CREATING');
    h.fake.advanceClock(10_000);
    const { key } = await mgmt.getKey({ keyId: k.key.id });
    expect(key).toMatchObject({ lifecycleState: 'ENABLED', protectionMode: 'HSM', vaultId: vault.id });
    return { vault, key, mgmt };
  }

  const secretDetails = (vaultId: string, keyId: string, name = 'db-admin', content = b64('s3cret!')) => ({
    compartmentId: h.tenancyId, vaultId, keyId, secretName: name, secretContent: { contentType: 'BASE64', content, stage: vault.models.SecretContentDetails.Stage.Current },
  });

  it('serves key operations on the per-vault management endpoint only', async () => {
    const { vault, key, mgmt } = await activeVaultAndKey();
    expect(vault.managementEndpoint).toBe(`${h.fake.url}/kms/${vault.id}/management`);
    const keys = await mgmt.listKeys({ compartmentId: h.tenancyId });
    expect(keys.items.map((k) => k.id)).toEqual([key.id]);
    const vaults = await h.clients.kmsVault.listVaults({ compartmentId: h.tenancyId });
    expect(vaults.items.map((v) => v.id)).toEqual([vault.id]);
    const misrouted = h.clients.kmsManagement(`${h.fake.url}/kms`);
    expect((await errorOf(misrouted.getKey({ keyId: key.id }))).statusCode).toBe(404);
    expect((await errorOf(mgmt.createKey({ createKeyDetails: { compartmentId: h.tenancyId, displayName: 'x', keyShape: { algorithm: kms.models.KeyShape.Algorithm.Aes, length: 20 } } }))).statusCode).toBe(400);
  });

  it('stores secrets, serves bundles by id and by name, and versions updates', async () => {
    const { vault, key } = await activeVaultAndKey();
    const { secret } = await h.clients.vaults.createSecret({ createSecretDetails: secretDetails(vault.id, key.id) });
    expect(JSON.stringify(secret)).not.toContain(b64('s3cret!'));
    h.fake.advanceClock(5_000);
    const byName = await h.clients.secrets.getSecretBundleByName({ secretName: 'db-admin', vaultId: vault.id });
    expect(byName.secretBundle).toMatchObject({ secretId: secret.id, versionNumber: 1, secretBundleContent: { contentType: 'BASE64', content: b64('s3cret!') } });
    await h.clients.vaults.updateSecret({ secretId: secret.id, updateSecretDetails: { secretContent: { contentType: 'BASE64', content: b64('n3w!') } } });
    const current = await h.clients.secrets.getSecretBundle({ secretId: secret.id });
    expect(current.secretBundle).toMatchObject({ versionNumber: 2, secretBundleContent: { content: b64('n3w!') } });
    const previous = await h.clients.secrets.getSecretBundle({ secretId: secret.id, stage: secrets.requests.GetSecretBundleRequest.Stage.Previous });
    expect(previous.secretBundle.versionNumber).toBe(1);
    expect((await h.clients.vaults.getSecret({ secretId: secret.id })).secret.currentVersionNumber).toBe(2);
    const listed = await h.clients.vaults.listSecrets({ compartmentId: h.tenancyId, name: 'db-admin', vaultId: vault.id });
    expect(listed.items.map((s) => s.id)).toEqual([secret.id]);
    // Neither the control API nor the request log carries secret values.
    expect(JSON.stringify(h.fake.resources())).not.toContain(b64('n3w!'));
    expect(JSON.stringify(h.fake.requests())).not.toContain(b64('n3w!'));
  });

  it('rejects a duplicate secret name (409) and keeps it reserved while PENDING_DELETION, freeing it once deleted', async () => {
    const { vault, key } = await activeVaultAndKey();
    const { secret } = await h.clients.vaults.createSecret({ createSecretDetails: secretDetails(vault.id, key.id) });
    const dup = await errorOf(h.clients.vaults.createSecret({ createSecretDetails: secretDetails(vault.id, key.id) }));
    expect(dup).toMatchObject({ statusCode: 409, serviceCode: 'Conflict' });
    h.fake.advanceClock(5_000);
    const when = new Date(h.fake.clock.now() + 2 * DAY);
    await h.clients.vaults.scheduleSecretDeletion({ secretId: secret.id, scheduleSecretDeletionDetails: { timeOfDeletion: when } });
    h.fake.advanceClock(10_000);
    const pending = (await h.clients.vaults.getSecret({ secretId: secret.id })).secret;
    expect(pending.lifecycleState).toBe('PENDING_DELETION');
    expect(new Date(pending.timeOfDeletion!).getTime()).toBe(when.getTime());
    const reserved = await errorOf(h.clients.vaults.createSecret({ createSecretDetails: secretDetails(vault.id, key.id) }));
    expect(reserved).toMatchObject({ statusCode: 409, serviceCode: 'Conflict' });
    expect(reserved.message).toContain('PENDING_DELETION');
    expect((await errorOf(h.clients.secrets.getSecretBundleByName({ secretName: 'db-admin', vaultId: vault.id }))).statusCode).toBe(404);
    h.fake.advanceClock(2 * DAY);
    expect((await h.clients.vaults.getSecret({ secretId: secret.id })).secret.lifecycleState).toBe('DELETED');
    const again = await h.clients.vaults.createSecret({ createSecretDetails: secretDetails(vault.id, key.id) });
    expect(again.secret.id).not.toBe(secret.id);
  });

  it('schedules vault deletion 7-30 days ahead (keys follow) and can cancel it', async () => {
    const { vault, key, mgmt } = await activeVaultAndKey();
    const tooSoon = await errorOf(h.clients.kmsVault.scheduleVaultDeletion({ vaultId: vault.id, scheduleVaultDeletionDetails: { timeOfDeletion: new Date(h.fake.clock.now() + DAY) } }));
    expect(tooSoon).toMatchObject({ statusCode: 400, serviceCode: 'InvalidParameter' });
    const scheduled = await h.clients.kmsVault.scheduleVaultDeletion({ vaultId: vault.id, scheduleVaultDeletionDetails: {} });
    expect(scheduled.vault.lifecycleState).toBe('SCHEDULING_DELETION');
    h.fake.advanceClock(10_000);
    expect((await h.clients.kmsVault.getVault({ vaultId: vault.id })).vault.lifecycleState).toBe('PENDING_DELETION');
    expect((await mgmt.getKey({ keyId: key.id })).key.lifecycleState).toBe('PENDING_DELETION');
    expect((await errorOf(mgmt.cancelKeyDeletion({ keyId: key.id }))).serviceCode).toBe('IncorrectState');
    await h.clients.kmsVault.cancelVaultDeletion({ vaultId: vault.id });
    h.fake.advanceClock(10_000);
    expect((await h.clients.kmsVault.getVault({ vaultId: vault.id })).vault.lifecycleState).toBe('ACTIVE');
    await mgmt.cancelKeyDeletion({ keyId: key.id });
    h.fake.advanceClock(10_000);
    expect((await mgmt.getKey({ keyId: key.id })).key.lifecycleState).toBe('ENABLED');
  });
});

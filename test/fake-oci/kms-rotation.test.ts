import * as kms from 'oci-keymanagement';
import { errorOf, type Harness, silenceSdkWarnings, startHarness } from './support';

const DAY = 24 * 60 * 60 * 1000;
const AES = { algorithm: kms.models.KeyShape.Algorithm.Aes, length: 32 };

/** Automatic key rotation: only in VIRTUAL_PRIVATE vaults, every 60-365 days (CreateKey / UpdateKey). */
describe('KMS key rotation on the fake', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ speed: 1 });
    silenceSdkWarnings();
    h.fake.clock.freeze();
  });
  afterEach(() => h.fake.stop());

  async function activeVault(vaultType: kms.models.CreateVaultDetails.VaultType): Promise<kms.KmsManagementClient> {
    const { vault } = await h.clients.kmsVault.createVault({ createVaultDetails: { compartmentId: h.tenancyId, displayName: 'v', vaultType } });
    h.fake.advanceClock(2 * 60_000);
    return h.clients.kmsManagement(vault.managementEndpoint);
  }

  it('a key of a VIRTUAL_PRIVATE vault rotates on a schedule: interval, start (today) and next rotation are shown', async () => {
    const mgmt = await activeVault(kms.models.CreateVaultDetails.VaultType.VirtualPrivate);
    const now = h.fake.clock.now();
    const today = now - (now % DAY);
    const { key } = await mgmt.createKey({ createKeyDetails: { compartmentId: h.tenancyId, displayName: 'k', keyShape: AES, isAutoRotationEnabled: true, autoKeyRotationDetails: { rotationIntervalInDays: 90 } } });
    h.fake.advanceClock(10_000);
    const got = (await mgmt.getKey({ keyId: key.id })).key;
    expect(got.isAutoRotationEnabled).toBe(true);
    expect(got.autoKeyRotationDetails?.rotationIntervalInDays).toBe(90);
    expect(new Date(got.autoKeyRotationDetails!.timeOfScheduleStart!).getTime()).toBe(today);
    expect(new Date(got.autoKeyRotationDetails!.timeOfNextRotation!).getTime()).toBe(today + 90 * DAY);
    expect((await mgmt.listKeys({ compartmentId: h.tenancyId })).items[0]!.isAutoRotationEnabled).toBe(true);
  });

  it('refuses auto-rotation in a DEFAULT vault, without an interval, or outside 60-365 days', async () => {
    const shared = await activeVault(kms.models.CreateVaultDetails.VaultType.Default);
    const refused = await errorOf(shared.createKey({ createKeyDetails: { compartmentId: h.tenancyId, displayName: 'k', keyShape: AES, isAutoRotationEnabled: true, autoKeyRotationDetails: { rotationIntervalInDays: 90 } } }));
    expect(refused).toMatchObject({ statusCode: 400, serviceCode: 'InvalidParameter' });
    expect(refused.message).toContain('only for keys in a VIRTUAL_PRIVATE vault');
    const dedicated = await activeVault(kms.models.CreateVaultDetails.VaultType.VirtualPrivate);
    expect((await errorOf(dedicated.createKey({ createKeyDetails: { compartmentId: h.tenancyId, displayName: 'k', keyShape: AES, isAutoRotationEnabled: true } }))).serviceCode).toBe('MissingParameter');
    for (const days of [30, 400]) {
      expect((await errorOf(dedicated.createKey({ createKeyDetails: { compartmentId: h.tenancyId, displayName: 'k', keyShape: AES, isAutoRotationEnabled: true, autoKeyRotationDetails: { rotationIntervalInDays: days } } }))).message)
        .toContain(`${days} must be 60..365`);
    }
    expect(h.fake.resources('key')).toEqual([]);
  });

  it('UpdateKey turns rotation on, changes the interval and turns it off; on a DEFAULT vault it is refused', async () => {
    const mgmt = await activeVault(kms.models.CreateVaultDetails.VaultType.VirtualPrivate);
    const { key } = await mgmt.createKey({ createKeyDetails: { compartmentId: h.tenancyId, displayName: 'k', keyShape: AES } });
    expect((await errorOf(mgmt.updateKey({ keyId: key.id, updateKeyDetails: { displayName: 'x' } }))).serviceCode).toBe('IncorrectState');
    h.fake.advanceClock(10_000);
    const on = (await mgmt.updateKey({ keyId: key.id, updateKeyDetails: { isAutoRotationEnabled: true, autoKeyRotationDetails: { rotationIntervalInDays: 180 } } })).key;
    expect(on).toMatchObject({ isAutoRotationEnabled: true, autoKeyRotationDetails: { rotationIntervalInDays: 180 } });
    const longer = (await mgmt.updateKey({ keyId: key.id, updateKeyDetails: { autoKeyRotationDetails: { rotationIntervalInDays: 365 } } })).key;
    expect(longer.autoKeyRotationDetails?.rotationIntervalInDays).toBe(365);
    // A blank name is refused before anything changes (rotation stays on).
    expect((await errorOf(mgmt.updateKey({ keyId: key.id, updateKeyDetails: { isAutoRotationEnabled: false, displayName: '' } }))).message).toContain('displayName: "" must be 1 to 255 characters');
    expect((await mgmt.getKey({ keyId: key.id })).key.isAutoRotationEnabled).toBe(true);
    const off = (await mgmt.updateKey({ keyId: key.id, updateKeyDetails: { isAutoRotationEnabled: false } })).key;
    expect(off.isAutoRotationEnabled).toBe(false);
    expect(off.autoKeyRotationDetails).toBeUndefined();

    const shared = await activeVault(kms.models.CreateVaultDetails.VaultType.Default);
    const plain = (await shared.createKey({ createKeyDetails: { compartmentId: h.tenancyId, displayName: 'k', keyShape: AES } })).key;
    h.fake.advanceClock(10_000);
    expect((await errorOf(shared.updateKey({ keyId: plain.id, updateKeyDetails: { isAutoRotationEnabled: true, autoKeyRotationDetails: { rotationIntervalInDays: 90 } } }))).statusCode).toBe(400);
    expect((await shared.updateKey({ keyId: plain.id, updateKeyDetails: { displayName: 'renamed' } })).key.displayName).toBe('renamed');
  });
});

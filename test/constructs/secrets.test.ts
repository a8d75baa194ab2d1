import { OciVaultSecretStore } from '../../lib/constructs/oci-vault-secret-store';
import { OcirPullSecret, VaultExternalSecret } from '../../lib/constructs/vault-external-secret';
import { WorkloadIdentityServiceAccount } from '../../lib/constructs/workload-identity-service-account';
import { at, findObject, synthObjects } from '../helpers';

const VAULT = 'ocid1.vault.oc1.eu-frankfurt-1.aaaaaaaavaultvaultvaultvaultvault';

describe('WorkloadIdentityServiceAccount', () => {
  test('plain ServiceAccount, no annotation, token not mounted by default', () => {
    const sa = findObject(synthObjects((s) => new WorkloadIdentityServiceAccount(s, 'sa', { name: 'reader', namespace: 'shop' })), 'ServiceAccount');
    expect(sa).toEqual({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'reader', namespace: 'shop' }, automountServiceAccountToken: false });
  });
  test('mounts the token when the pods call OCI themselves', () => {
    const sa = findObject(synthObjects((s) => new WorkloadIdentityServiceAccount(s, 'sa', { name: 'r', namespace: 'n', automountToken: true })), 'ServiceAccount');
    expect(sa.automountServiceAccountToken).toBe(true);
  });
});

describe('OciVaultSecretStore', () => {
  test('Oracle provider with vault, region, Workload principal and the ServiceAccount', () => {
    const store = findObject(synthObjects((s) => new OciVaultSecretStore(s, 'store', { name: 'oci-vault', namespace: 'shop', vaultId: VAULT, region: 'eu-frankfurt-1', serviceAccountName: 'reader' })), 'SecretStore');
    expect(store.apiVersion).toBe('external-secrets.io/v1');
    expect(at(store, 'metadata.namespace')).toBe('shop');
    expect(at(store, 'spec.provider')).toEqual({
      oracle: { vault: VAULT, region: 'eu-frankfurt-1', principalType: 'Workload', serviceAccountRef: { name: 'reader' } },
    });
  });
});

describe('VaultExternalSecret', () => {
  const es = findObject(synthObjects((s) => new VaultExternalSecret(s, 'es', {
    name: 'db', namespace: 'shop', secretStoreName: 'oci-vault', targetSecretName: 'db-credentials', refreshInterval: '30m',
    keys: [{ secretKey: 'password', vaultSecretName: 'shop-db-password' }], labels: { team: 'a' },
  })), 'ExternalSecret');

  test('reads the vault secret by name into an ESO-owned Secret', () => {
    expect(es.apiVersion).toBe('external-secrets.io/v1');
    expect(at(es, 'spec.secretStoreRef')).toEqual({ kind: 'SecretStore', name: 'oci-vault' });
    expect(at(es, 'spec.data[0].secretKey')).toBe('password');
    expect(at(es, 'spec.data[0].remoteRef.key')).toBe('shop-db-password');
    expect(at(es, 'spec.target.name')).toBe('db-credentials');
    expect(at(es, 'spec.target.creationPolicy')).toBe('Owner');
    expect(at(es, 'spec.target.deletionPolicy')).toBe('Retain');
  });

  test('spells out every field ESO would default, so Argo CD sees no drift', () => {
    expect(at(es, 'spec.refreshInterval')).toBe('30m');
    expect(at(es, 'spec.refreshPolicy')).toBe('Periodic');
    expect(at(es, 'spec.data[0].remoteRef')).toEqual({
      key: 'shop-db-password', conversionStrategy: 'Default', decodingStrategy: 'None', metadataPolicy: 'None', nullBytePolicy: 'Ignore',
    });
    expect(at(es, 'spec.target.template')).toEqual({ type: 'Opaque', engineVersion: 'v2', mergePolicy: 'Replace', metadata: { labels: { team: 'a' } } });
  });
});

describe('OcirPullSecret', () => {
  test('templates a dockerconfigjson for the registry from the auth token', () => {
    const es = findObject(synthObjects((s) => new OcirPullSecret(s, 'pull', {
      name: 'ocir-pull', namespace: 'shop', secretStoreName: 'oci-vault', registry: 'fra.ocir.io', username: 'ns/puller', authTokenSecretName: 'ocir-token', refreshInterval: '1h',
    })), 'ExternalSecret');
    expect(at(es, 'spec.target.template.type')).toBe('kubernetes.io/dockerconfigjson');
    expect(at(es, 'spec.data[0]')).toMatchObject({ secretKey: 'token', remoteRef: { key: 'ocir-token' } });
    const template = at(es, 'spec.target.template.data') as Record<string, string>;
    const rendered = (template['.dockerconfigjson'] as string)
      .replace('{{ .token | toJson }}', JSON.stringify('t0k"en'))
      .replace(/\{\{ printf "%s:%s" "ns\/puller" \.token \| b64enc \}\}/, Buffer.from('ns/puller:t0k"en').toString('base64'));
    // What ESO renders is valid JSON with the token and the basic-auth pair, whatever characters the token holds.
    expect(JSON.parse(rendered)).toEqual({ auths: { 'fra.ocir.io': { username: 'ns/puller', password: 't0k"en', auth: Buffer.from('ns/puller:t0k"en').toString('base64') } } });
  });
});

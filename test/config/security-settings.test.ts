import * as yaml from 'js-yaml';
import { ConfigError, loadEnvironment } from '../../lib/config';
import { CONFIG_DIR, tempConfig } from '../helpers';

/** Loads the example with a change applied to the parsed document; returns the environment or the ConfigError. */
function load(change: (doc: Record<string, Record<string, unknown>>) => void) {
  const t = tempConfig();
  t.edit('example.yaml', (text) => {
    const doc = yaml.load(text) as Record<string, Record<string, unknown>>;
    change(doc);
    return yaml.dump(doc);
  });
  try {
    return loadEnvironment('example', { configDir: t.configDir });
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
}

function messageOf(change: (doc: Record<string, Record<string, unknown>>) => void): string {
  const result = load(change);
  if (!(result instanceof ConfigError)) throw new Error('expected a ConfigError');
  return result.message;
}

describe('security settings of an environment', () => {
  test('the example states them; left out, the safe defaults apply', () => {
    const example = loadEnvironment('example', { configDir: CONFIG_DIR });
    expect(example.database.appUser).toEqual({ name: 'app', provisionerNamespace: 'db-user', provisionerServiceAccountName: 'db-user' });
    expect(example.vault.dbAppPasswordSecretName).toBe('oke-vn-example-db-app-password');
    const defaults = load((doc) => {
      for (const key of ['appUser', 'deleteProtection', 'finalBackup', 'retainBackupsOnDelete', 'backup']) delete doc.database![key];
      for (const key of ['dbAppPasswordSecretName', 'type', 'keyRotationIntervalDays']) delete doc.vault![key];
      delete doc.logging;
    });
    if (defaults instanceof ConfigError) throw defaults;
    expect(defaults.database).toMatchObject({
      appUser: { name: 'app', provisionerNamespace: 'db-user', provisionerServiceAccountName: 'db-user' },
      deleteProtection: true, finalBackup: true, retainBackupsOnDelete: true, backup: { enabled: true, retentionDays: 7, pointInTimeRecovery: true },
    });
    expect(defaults.vault).toMatchObject({ dbAppPasswordSecretName: 'db-app-password', type: 'DEFAULT', keyRotationIntervalDays: 90 });
    expect(defaults.logging).toEqual({ flowLogSubnets: ['pods'], retentionDays: 30 });
  });

  test.each([
    ['the app user is the admin', (d: Record<string, Record<string, unknown>>) => { d.database!.appUser = { name: 'admin' }; },
      /database\.appUser\.name \(got "admin"\) is the admin user \(database\.adminUsername\); the app needs a user of its own/],
    ['the Job shares the app namespace', (d: Record<string, Record<string, unknown>>) => { d.database!.appUser = { provisionerNamespace: 'app' }; },
      /database\.appUser\.provisionerNamespace \(got "app"\) is also app\.namespace; the Job that reads the admin password needs a namespace of its own/],
    ['the app password secret is the admin secret', (d: Record<string, Record<string, unknown>>) => { d.vault!.dbAppPasswordSecretName = 'oke-vn-example-db-password'; },
      /vault\.dbAppPasswordSecretName \(got "oke-vn-example-db-password"\) is the admin password secret/],
    ['the OCIR token secret is the admin secret', (d: Record<string, Record<string, unknown>>) => { (d.app!.pullSecret as Record<string, unknown>).authTokenSecretName = 'oke-vn-example-db-password'; },
      /app\.pullSecret\.authTokenSecretName .* the app namespace must never read it/],
    ['a vault reader names the admin secret', (d: Record<string, Record<string, unknown>>) => { d.vault!.readers = [{ namespace: 'shop', serviceAccount: 'orders', secrets: ['shop-orders', 'oke-vn-example-db-password'] }]; },
      /vault\.readers\[0\]\.secrets\[1\] \(got "oke-vn-example-db-password"\) is the admin password secret \(vault\.dbPasswordSecretName\); only the DB-user Job may read it/],
    ['the TLS certificate is the admin secret', (d: Record<string, Record<string, unknown>>) => { (d.ingress!.tls as Record<string, unknown>).vaultSecretName = 'oke-vn-example-db-password'; },
      /ingress\.tls\.vaultSecretName \(got "oke-vn-example-db-password"\) is the admin password secret/],
    ['a workload mounts the admin secret', (d: Record<string, Record<string, unknown>>) => {
      d.workloads = { workers: [{ name: 'w', namespace: 'shop', image: { repository: 'fra.ocir.io/examplenamespace/w', tag: '1' }, secrets: [{ name: 's', mountPath: '/s', keys: [{ secretKey: 'p', vaultSecretName: 'oke-vn-example-db-password' }] }] }] };
    }, /workloads\.workers\[0\]\.secrets\[0\]\.keys\[0\]\.vaultSecretName \(got "oke-vn-example-db-password"\) is the admin password secret/],
    ['a workload shares the Job\'s namespace', (d: Record<string, Record<string, unknown>>) => {
      d.workloads = { workers: [{ name: 'w', namespace: 'db-user', image: { repository: 'fra.ocir.io/examplenamespace/w', tag: '1' } }] };
    }, /database\.appUser\.provisionerNamespace \(got "db-user"\) is also workloads\.workers\[0\]\.namespace; the Job that reads the admin password needs a namespace of its own/],
    ['a vault reader without its secrets', (d: Record<string, Record<string, unknown>>) => { d.vault!.readers = [{ namespace: 'shop', serviceAccount: 'orders' }]; },
      /vault\.readers\[0\]\.secrets is required \(array\); add it/],
    ['flow logs without the pod subnet', (d: Record<string, Record<string, unknown>>) => { d.logging!.flowLogSubnets = ['database']; },
      /logging\.flowLogSubnets .*must include "pods"/],
    ['an unknown subnet', (d: Record<string, Record<string, unknown>>) => { d.logging!.flowLogSubnets = ['pods', 'lb']; },
      /logging\.flowLogSubnets\[1\] \(got "lb"\) must be one of pods, apiEndpoint, loadBalancer, database/],
    ['a retention OCI Logging does not offer', (d: Record<string, Record<string, unknown>>) => { d.logging!.retentionDays = 45; },
      /logging\.retentionDays \(got 45\) must be one of 30, 60, 90, 120, 150, 180/],
    ['a rotation interval OCI does not accept', (d: Record<string, Record<string, unknown>>) => { d.vault!.keyRotationIntervalDays = 30; },
      /vault\.keyRotationIntervalDays \(got 30\) must be 60-365 days/],
    ['a backup retention beyond 35 days', (d: Record<string, Record<string, unknown>>) => { (d.database!.backup as Record<string, unknown>).retentionDays = 40; },
      /database\.backup\.retentionDays \(got 40\) must be 1-35 days/],
    ['an unknown vault type', (d: Record<string, Record<string, unknown>>) => { d.vault!.type = 'EXTERNAL'; },
      /vault\.type \(got "EXTERNAL"\) must be DEFAULT or VIRTUAL_PRIVATE/],
  ])('%s is refused with the field, the value and the fix', (_name, change, expected) => {
    expect(messageOf(change)).toMatch(expected);
  });
});

import '../../lib/guard/jest';
import { DB_USER_JOB_CONTRACT, DbUserProvisioner, type DbUserProvisionerProps } from '../../lib/constructs/db-user-provisioner';
import { at, findObject, synthObjects } from '../helpers';

const VAULT = 'ocid1.vault.oc1.eu-frankfurt-1.aaaaaaaavaultvaultvaultvaultvault';

const props = (over: Partial<DbUserProvisionerProps> = {}): DbUserProvisionerProps => ({
  namespace: 'db-user', serviceAccountName: 'db-user', labels: { team: 'a' },
  vault: { id: VAULT, region: 'eu-frankfurt-1', adminPasswordSecretName: 'shop-db-admin', appPasswordSecretName: 'shop-db-app', refreshInterval: '1h' },
  image: 'fra.ocir.io/ns/shop/app:1.2.3',
  database: { host: '10.0.50.12', port: 3306, schema: 'shop', adminUser: 'admin', appUser: 'shop', tlsMode: 'REQUIRED' },
  scheduling: { nodeLabel: { key: 'pool', value: 'virtual' } },
  ...over,
});

describe('DbUserProvisioner', () => {
  const objects = synthObjects((s) => new DbUserProvisioner(s, 'db-user', props()));

  test('everything lives in its own namespace: ServiceAccount, SecretStore, one ExternalSecret, the Job (the namespace itself comes from 10-namespaces)', () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata?.namespace ?? '-'}/${o.metadata?.name}`)).toEqual([
      'ServiceAccount/db-user/db-user', 'SecretStore/db-user/oci-vault', 'ExternalSecret/db-user/db-user-credentials', 'Job/db-user/db-user',
    ]);
    expect(at(findObject(objects, 'ServiceAccount'), 'automountServiceAccountToken')).toBe(false);
    expect(at(findObject(objects, 'SecretStore'), 'spec.provider.oracle')).toEqual({ vault: VAULT, region: 'eu-frankfurt-1', principalType: 'Workload', serviceAccountRef: { name: 'db-user' } });
  });

  test('the ExternalSecret brings both passwords by vault secret name into one Secret the Job mounts', () => {
    const es = findObject(objects, 'ExternalSecret');
    expect((at(es, 'spec.data') as Array<{ secretKey: string; remoteRef: { key: string } }>).map((d) => [d.secretKey, d.remoteRef.key])).toEqual([
      ['admin-password', 'shop-db-admin'], ['app-password', 'shop-db-app'],
    ]);
    const pod = at(findObject(objects, 'Job'), 'spec.template.spec');
    expect(at(pod, 'volumes[1]')).toEqual({ name: 'credentials', secret: { secretName: 'db-user-credentials', items: [{ key: 'admin-password', path: 'admin-password' }, { key: 'app-password', path: 'app-password' }] } });
    expect(at(pod, 'containers[0].volumeMounts[1]')).toEqual({ name: 'credentials', mountPath: DB_USER_JOB_CONTRACT.passwordMountDir, readOnly: true });
  });

  test('the Job runs the image\'s db-user entry point once, with settings as env and passwords as files, and is cleaned up', () => {
    const job = findObject(objects, 'Job');
    expect(at(job, 'spec.ttlSecondsAfterFinished')).toBe(300);
    expect(at(job, 'spec.backoffLimit')).toBe(6);
    expect(at(job, 'spec.activeDeadlineSeconds')).toBe(900);
    const pod = at(job, 'spec.template.spec') as Record<string, unknown>;
    expect(pod.restartPolicy).toBe('Never');
    expect(pod.serviceAccountName).toBe('db-user');
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.nodeSelector).toEqual({ pool: 'virtual' });
    expect(pod).not.toHaveProperty(['tolerations']);
    expect(pod).not.toHaveProperty(['imagePullSecrets']);
    const c = at(pod, 'containers[0]') as Record<string, unknown>;
    expect(c.image).toBe('fra.ocir.io/ns/shop/app:1.2.3');
    expect(c.command).toEqual(['node', 'app/build/db-user/main.js']);
    expect(c.env).toEqual([
      { name: 'DB_HOST', value: '10.0.50.12' }, { name: 'DB_PORT', value: '3306' }, { name: 'DB_NAME', value: 'shop' }, { name: 'DB_TLS_MODE', value: 'REQUIRED' },
      { name: 'DB_ADMIN_USER', value: 'admin' }, { name: 'DB_ADMIN_PASSWORD_FILE', value: '/var/run/secrets/db-user/admin-password' },
      { name: 'DB_APP_USER', value: 'shop' }, { name: 'DB_APP_PASSWORD_FILE', value: '/var/run/secrets/db-user/app-password' },
    ]);
    expect(at(c, 'resources.requests')).toEqual(at(c, 'resources.limits'));
    expect(at(c, 'resources.limits')).toEqual({ cpu: 1, memory: '1Gi' });
    expect(at(c, 'securityContext')).toEqual({ runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
  });

  test('a tainted pool is tolerated; a private image gets its own pull secret from the vault', () => {
    const objs = synthObjects((s) => new DbUserProvisioner(s, 'db-user', props({
      scheduling: { nodeLabel: { key: 'pool', value: 'virtual' }, taint: { key: 'virtual', value: 'true', effect: 'NoSchedule' } },
      pullSecret: { registry: 'fra.ocir.io', username: 'ns/puller', authTokenSecretName: 'ocir-token' },
    })));
    const pod = at(findObject(objs, 'Job'), 'spec.template.spec');
    expect(at(pod, 'tolerations')).toEqual([{ key: 'virtual', operator: 'Equal', value: 'true', effect: 'NoSchedule' }]);
    expect(at(pod, 'imagePullSecrets')).toEqual([{ name: 'db-user-ocir-pull' }]);
    const pull = findObject(objs, 'ExternalSecret', 'db-user-ocir-pull');
    expect(at(pull, 'spec.data[0].remoteRef.key')).toBe('ocir-token');
    expect(at(pull, 'spec.target.template.type')).toBe('kubernetes.io/dockerconfigjson');
  });

  test('passes the guard (virtual nodes, security, reliability) with no opt-outs', () => {
    expect(objects).toPassGuard();
  });
});

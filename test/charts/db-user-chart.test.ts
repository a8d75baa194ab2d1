import { DbUserChart } from '../../lib/charts/db-user-chart';
import { Environment } from '../../lib/config';
import { synthesizeEnvironment, type KubeObject } from '../../lib/synth/environment-app';
import { at, chartObjects, exampleEnv, findObject } from '../helpers';

describe('DbUserChart (example environment)', () => {
  const env = exampleEnv();
  const objects = chartObjects(DbUserChart, env);

  test('the Job creates database.appUser with rights on database.schemaName, acting as database.adminUsername', () => {
    const env_ = at(findObject(objects, 'Job'), 'spec.template.spec.containers[0].env') as Array<{ name: string; value: string }>;
    const value = (name: string) => env_.find((e) => e.name === name)?.value;
    expect([value('DB_APP_USER'), value('DB_NAME'), value('DB_ADMIN_USER'), value('DB_HOST'), value('DB_TLS_MODE')])
      .toEqual([env.database.appUser.name, env.database.schemaName, env.database.adminUsername, env.database.host, env.app.dbTlsMode]);
    expect(at(findObject(objects, 'Job'), 'spec.template.spec.containers[0].image')).toBe('fra.ocir.io/examplenamespace/oke-vn/app:0.1.0');
    expect(objects.every((o) => o.metadata?.namespace === env.database.appUser.provisionerNamespace)).toBe(true);
  });

  test('the ServiceAccount is the one the Workload Identity policy names; the pull secret follows app.pullSecret', () => {
    expect(at(findObject(objects, 'ServiceAccount'), 'metadata.name')).toBe(env.database.appUser.provisionerServiceAccountName);
    expect(objects.filter((o) => o.kind === 'ExternalSecret').map((o) => o.metadata?.name)).toEqual(['db-user-credentials', 'db-user-ocir-pull']);
    const off: Environment = { ...env, app: { ...env.app, pullSecret: { ...env.app.pullSecret, enabled: false } } };
    expect(chartObjects(DbUserChart, off).filter((o) => o.kind === 'ExternalSecret').map((o) => o.metadata?.name)).toEqual(['db-user-credentials']);
  });
});

describe('the admin password across the whole environment', () => {
  const env = exampleEnv();
  const all: KubeObject[] = synthesizeEnvironment(env).manifests.flatMap((m) => m.objects);
  const readers = (vaultSecret: string) => all.filter((o) => o.kind === 'ExternalSecret'
    && (at(o, 'spec.data') as Array<{ remoteRef: { key: string } }>).some((d) => d.remoteRef.key === vaultSecret)).map((o) => `${o.metadata?.namespace}/${o.metadata?.name}`);

  test('is read by nothing in the app namespace: only the DB-user Job\'s ExternalSecret, in its own namespace, reads it', () => {
    expect(readers(env.vault.dbPasswordSecretName)).toEqual(['db-user/db-user-credentials']);
    expect(readers(env.vault.dbAppPasswordSecretName)).toEqual(['db-user/db-user-credentials', 'app/app-db']);
  });

  test('its namespace is created by 10-namespaces (derived from the Job chart\'s objects), with the Pod Security Admission labels', () => {
    const namespaces = synthesizeEnvironment(env).manifests.find((m) => m.path === '10-namespaces.k8s.yaml')?.objects ?? [];
    const ns = findObject(namespaces, 'Namespace', env.database.appUser.provisionerNamespace);
    expect(at(ns, 'metadata.labels')).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/warn': 'restricted' });
    expect(all.filter((o) => o.kind === 'Namespace').map((o) => o.metadata?.name)).toEqual(['traefik', 'app', 'db-user']);
  });

  test('the app Deployment logs in as the app user, not the admin', () => {
    const app = all.find((o) => o.kind === 'Deployment' && o.metadata?.namespace === env.app.namespace) as KubeObject;
    const vars = at(app, 'spec.template.spec.containers[0].env') as Array<{ name: string; value: string }>;
    expect(vars.find((e) => e.name === 'DB_USER')?.value).toBe(env.database.appUser.name);
    expect(env.database.appUser.name).not.toBe(env.database.adminUsername);
  });
});

import { workloadIdentityStatements } from '../../lib/bootstrap/resources/iam';
import type { Context } from '../../lib/bootstrap/engine';
import { exampleEnv } from '../helpers';

describe('the Workload Identity policy statements', () => {
  const ctx = (env: ReturnType<typeof exampleEnv>) => ({ env, ref: (id: string) => ({ ocid: `ocid1.${id}` }) }) as unknown as Context;
  /** `namespace/serviceAccount: secret` of each statement, in order. */
  const scopes = (statements: string[]) => statements.map((s) => {
    const [, ns, sa, secret] = /request\.principal\.namespace = '([^']+)', request\.principal\.service_account = '([^']+)', .*target\.secret\.name = '([^']+)'\}$/.exec(s) ?? [];
    return `${ns}/${sa}: ${secret}`;
  });

  test('one statement per ServiceAccount and secret it reads, each scoped to namespace, ServiceAccount, cluster, vault and secret name', () => {
    const env = exampleEnv();
    const statements = workloadIdentityStatements(ctx({ ...env, vault: { ...env.vault, readers: [{ namespace: 'shop', serviceAccount: 'orders', secrets: ['shop-orders-db-password'] }] } }));
    expect(statements[statements.length - 1]).toBe(`Allow any-user to read secret-bundles in compartment id ${env.oci.compartmentId} where all {request.principal.type = 'workload', `
      + "request.principal.namespace = 'shop', request.principal.service_account = 'orders', request.principal.cluster_id = 'ocid1.cluster', target.vault.id = 'ocid1.vault', "
      + "target.secret.name = 'shop-orders-db-password'}");
    expect(scopes(statements).slice(-1)).toEqual(['shop/orders: shop-orders-db-password']);
  });

  test('the example: the app reads its own DB password, the OCIR token and its certificate; only the DB-user Job reads the admin password', () => {
    expect(scopes(workloadIdentityStatements(ctx(exampleEnv())))).toEqual([
      'app/app: oke-vn-example-db-app-password', 'app/app: oke-vn-example-ocir-token', 'app/app: oke-vn-example-tls',
      'db-user/db-user: oke-vn-example-db-password', 'db-user/db-user: oke-vn-example-db-app-password', 'db-user/db-user: oke-vn-example-ocir-token',
    ]);
  });

  test('a ServiceAccount named twice (a workload and vault.readers) reads the union, one statement per secret', () => {
    const env = exampleEnv();
    const statements = workloadIdentityStatements(ctx({ ...env, vault: { ...env.vault, readers: [
      { namespace: 'app', serviceAccount: 'app', secrets: ['app-extra', 'oke-vn-example-tls'] },
    ] } }));
    expect(scopes(statements).filter((s) => s.startsWith('app/app'))).toEqual([
      'app/app: oke-vn-example-db-app-password', 'app/app: oke-vn-example-ocir-token', 'app/app: oke-vn-example-tls', 'app/app: app-extra',
    ]);
  });
});

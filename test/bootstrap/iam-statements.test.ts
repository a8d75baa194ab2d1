import { workloadIdentityStatements } from '../../lib/bootstrap/resources/iam';
import type { Context } from '../../lib/bootstrap/engine';
import { exampleEnv } from '../helpers';

describe('the Workload Identity policy statements', () => {
  const ctx = (env: ReturnType<typeof exampleEnv>) => ({ env, ref: (id: string) => ({ ocid: `ocid1.${id}` }) }) as unknown as Context;

  test('one statement per ServiceAccount that reads the vault, each scoped to namespace, ServiceAccount, cluster and vault', () => {
    const env = exampleEnv();
    const statements = workloadIdentityStatements(ctx({ ...env, vault: { ...env.vault, readers: [{ namespace: 'shop', serviceAccount: 'orders' }] } }));
    expect(statements).toHaveLength(2);
    expect(statements[0]).toContain("request.principal.namespace = 'app', request.principal.service_account = 'app'");
    expect(statements[1]).toBe(`Allow any-user to read secret-bundles in compartment id ${env.oci.compartmentId} where all {request.principal.type = 'workload', `
      + "request.principal.namespace = 'shop', request.principal.service_account = 'orders', request.principal.cluster_id = 'ocid1.cluster', target.vault.id = 'ocid1.vault'}");
  });

  test('the example environment keeps its single statement (no drift for existing policies)', () => {
    expect(workloadIdentityStatements(ctx(exampleEnv()))).toHaveLength(1);
  });
});

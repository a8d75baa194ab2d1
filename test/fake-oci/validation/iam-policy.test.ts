import type { Context } from '../../../lib/bootstrap/engine';
import { clusterKmsStatements, endorseStatements, workloadIdentityStatements } from '../../../lib/bootstrap/resources/iam';
import { checkPolicyStatements, parseStatement, type PolicyCompartment, type PolicyContext } from '../../../lib/fake-oci/validation/iam-policy';
import { OciApiError } from '../../../lib/fake-oci/errors';
import { exampleEnv } from '../../helpers';
import { errorOf, type Harness, silenceSdkWarnings, startHarness } from '../support';

const TENANCY = 'ocid1.tenancy.oc1..aaaaaaaatesttenancy0000000000000000000000000000000';
const APP = 'ocid1.compartment.oc1..aaaaaaaaappcompartment000000000000000000000000000';
const APP_SUB = 'ocid1.compartment.oc1..aaaaaaaaappsubcompartment0000000000000000000000';
const OTHER = 'ocid1.compartment.oc1..aaaaaaaaothercompartment00000000000000000000000';
const KEY = 'ocid1.key.oc1.eu-frankfurt-1.aaaaaaaakey0000000000000000000000000000000000';
const CLUSTER = 'ocid1.cluster.oc1.eu-frankfurt-1.aaaaaaaacluster00000000000000000000000000000';
const VAULT = 'ocid1.vault.oc1.eu-frankfurt-1.aaaaaaaavault000000000000000000000000000000000';

/** A tenancy: root → app → app-sub, root → other; one dynamic group. */
function tenancy(policyCompartmentId: string): PolicyContext {
  const all: PolicyCompartment[] = [
    { id: TENANCY, name: 'acme' },
    { id: APP, name: 'app', parentId: TENANCY },
    { id: APP_SUB, name: 'app-sub', parentId: APP },
    { id: OTHER, name: 'other', parentId: TENANCY },
  ];
  return {
    policyCompartmentId,
    compartment: (id) => all.find((c) => c.id === id),
    children: (id) => all.filter((c) => c.parentId === id),
    dynamicGroupExists: (name) => name === 'workers',
  };
}

/** The 400 a statement list gets, or undefined when it is accepted. */
function refusal(statements: string[], policyCompartmentId = TENANCY): string | undefined {
  try {
    checkPolicyStatements(statements, tenancy(policyCompartmentId));
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(OciApiError);
    expect(e).toMatchObject({ status: 400, code: 'InvalidParameter' });
    return (e as Error).message;
  }
}

describe('IAM policy statements', () => {
  describe('the project\'s own policies', () => {
    it('parses the Workload Identity and cluster key statements exactly as the bootstrap writes them: one per reader and secret', () => {
      const example = exampleEnv();
      const env = {
        ...example,
        oci: { ...example.oci, compartmentId: APP },
        vault: { ...example.vault, readers: [{ namespace: 'shop', serviceAccount: 'orders', secrets: ['shop-orders-db-password', 'shop-orders-tls'] }] },
      };
      const ctx = { env, ref: (id: string) => ({ ocid: id === 'cluster' ? CLUSTER : id === 'vault' ? VAULT : KEY }) } as unknown as Context;
      const statements = workloadIdentityStatements(ctx);
      expect(refusal([...statements, ...clusterKmsStatements(ctx)], APP)).toBeUndefined();
      // Each statement names one ServiceAccount and one secret, inside this cluster and vault.
      const scopes = statements.map((text) => {
        const parsed = parseStatement(text);
        if (parsed.kind !== 'allow' || parsed.where?.kind !== 'all') throw new Error(`not an Allow … where all {…}: ${text}`);
        const values = new Map(parsed.where.conditions.flatMap((c) => (c.kind === 'compare' ? [[c.variable.text, c.value.text] as const] : [])));
        expect([values.get('request.principal.cluster_id'), values.get('target.vault.id')]).toEqual([CLUSTER, VAULT]);
        return `${values.get('request.principal.namespace')}/${values.get('request.principal.service_account')}: ${values.get('target.secret.name')}`;
      });
      expect(scopes).toEqual([
        'app/app: oke-vn-example-db-app-password', 'app/app: oke-vn-example-ocir-token', 'app/app: oke-vn-example-tls',
        'db-user/db-user: oke-vn-example-db-password', 'db-user/db-user: oke-vn-example-db-app-password', 'db-user/db-user: oke-vn-example-ocir-token',
        'shop/orders: shop-orders-db-password', 'shop/orders: shop-orders-tls',
      ]);
    });

    it('parses Oracle\'s virtual-node endorse statements (define, associate … of tenancy … with, 2.subnet.id)', () => {
      expect(refusal(endorseStatements())).toBeUndefined();
      const [endorse] = endorseStatements().slice(2).map(parseStatement);
      expect(endorse).toMatchObject({ kind: 'endorse', grant: { kind: 'associate', location: { kind: 'compartment-name' } }, location: { kind: 'tenancy' } });
    });

    it('parses the KMS key policy of the cluster (issue 11) and Logging statements', () => {
      expect(refusal([
        `Allow any-user to use keys in compartment id ${APP} where ALL {request.principal.type = 'cluster', target.key.id = '${KEY}'}`,
        `Allow any-user to use log-content in compartment id ${APP} where all {request.principal.type = 'workload', request.principal.namespace = 'app'}`,
        `Allow group LogAdmins to manage log-groups in compartment id ${APP}`,
        'Allow group LogAdmins to manage logging-family in compartment app',
        'Allow group LogReaders to read logs in compartment app:app-sub',
      ], TENANCY)).toBeUndefined();
    });
  });

  describe('grammar', () => {
    it.each([
      'Allow group A-Admins, B-Admins to manage all-resources in tenancy',
      'Allow group id ocid1.group.oc1..aaaaaaaagroupa, id ocid1.group.oc1..aaaaaaaagroupb to read vnics in tenancy',
      "Allow group 'Dev Team' to inspect vcns in tenancy",
      'Allow group Default/NetworkAdmins to manage virtual-network-family in tenancy',
      'Allow dynamic-group workers to read repos in tenancy',
      'Allow any-group to inspect users in tenancy',
      'Allow service blockstorage, objectstorage-eu-frankfurt-1 to use keys in tenancy',
      "Allow any-user to {SECRET_BUNDLE_READ, SECRET_READ} in tenancy where target.secret.name = 'db-password'",
      'ALLOW GROUP admins TO MANAGE users IN TENANCY',
      'Allow group GroupAdmins to manage groups in tenancy where target.group.name = /A-Users-*/',
      "Allow group x to read cluster-family in tenancy where any {request.operation = 'GetCluster', all {request.region != 'phx', target.resource.tag.ops.env = 'dev'}}",
      "Allow group x to read secret-bundles in tenancy\n  where request.principal.type='workload'",
      "deny group low-privilege-peter to manage dynamic-groups in tenancy where target.dynamicgroup.name = 'x'",
      'Allow group x to manage mysql-family in tenancy',
    ])('accepts %s', (statement) => {
      expect(refusal([statement])).toBeUndefined();
    });

    it('accepts cross-tenancy Define / Endorse / Admit statements whose aliases are defined in the policy', () => {
      expect(refusal([
        'Define tenancy Acme as ocid1.tenancy.oc1..aaaaaaaaacme',
        'Define group NewHires as ocid1.group.oc1..aaaaaaaanewhires',
        'Endorse group NorthWestAdmins to manage object-family in tenancy Acme',
        'Endorse group NorthWestAdmins to read buckets in any-tenancy',
        'Admit group NewHires of tenancy Acme to manage object-family in compartment app',
      ])).toBeUndefined();
    });

    // [statement, problem, column, hint]
    it.each([
      ['Allow group x to frobnicate everything in tenancy', 'unknown verb "frobnicate"', 18, ''],
      ['Allow group x to manage everything in tenancy', 'unknown resource-type "everything"', 25, ''],
      ['Allow group x to manage secret-bundle in tenancy', 'unknown resource-type "secret-bundle"', 25, 'did you mean secret-bundles?'],
      ["Allow any-user to read secret-bundles in tenancy where all {request.principal.type = 'workload'", 'expected "," or "}" in the all {…} group, found the end of the statement', 96, 'the braces are unbalanced: close the group with }'],
      ["Allow any-user to read secret-bundles in tenancy where all {request.principal.type = 'workload'}}", 'unexpected "}" after the end of the statement', 97, ''],
      ["Allow any-user to read secret-bundles in tenancy where request.principal.typo = 'x'", 'unknown variable "request.principal.typo"', 56, 'did you mean request.principal.type?'],
      ['Allow group x to manage objects in tenancy where target.bucket.name=mybucket', 'invalid right-hand side "mybucket" in the condition on target.bucket.name', 69, "values are quoted: target.bucket.name = 'mybucket'"],
      ['Allow any-user to read secret-bundles in tenancy where request.principal.type = "workload"', 'unexpected double quote', 81, ''],
      ['Allow any-user to read secret-bundles in tenancy where all {}', 'empty all {} group', 61, ''],
      ['Allow any-user to read secret-bundles in tenancy where', 'expected a condition variable, found the end of the statement', 55, ''],
      ['Allow group x to read vnics', 'expected "in", found the end of the statement', 28, ''],
      ['Allow group x to read vnics in the-cloud', 'expected a location after "in", found "the-cloud"', 32, ''],
      ['Allow group x to read vnics in tenancy now', 'unexpected "now" after the end of the statement', 40, ''],
      ['Permit everything', 'a statement starts with Allow, Endorse, Admit, Define or Deny, not "Permit"', 1, ''],
      ['Allow to read vnics in tenancy', 'unknown subject "to"', 7, ''],
      ['Allow group to read vnics in tenancy', 'expected a group name, found "to"', 13, ''],
      ['Allow group x to {secret-bundles} in tenancy', 'expected a permission such as SECRET_BUNDLE_READ, found "secret-bundles"', 19, ''],
      ['Allow any-user to associate compute-container-instances in tenancy with subnets in tenancy', 'unknown verb "associate"', 19, ''],
      ['Allow group x to read vnics in compartment id app', 'expected an OCID (ocid1.…), found "app"', 47, ''],
      ['Define tenancy ske as ocid1.compartment.oc1..aaaaaaaaske', 'ocid1.compartment.oc1..aaaaaaaaske is a compartment OCID, not a tenancy OCID', 23, ''],
      ['', 'the statement is empty', 1, ''],
    ])('refuses %j: %s at column %d', (statement, problem, column, hint) => {
      const message = refusal(['Allow group ok to read vnics in tenancy', statement]);
      expect(message).toContain(`Invalid statements[1] ${JSON.stringify(statement)}: ${problem} at line 1, column ${column}${hint ? `; ${hint}` : ''}`);
    });

    it('reports the line of a multi-line statement', () => {
      expect(refusal(['Allow group x to read vnics\n in tenancy\n where request.principal.typ = \'x\''])).toContain('unknown variable "request.principal.typ" at line 3, column 8');
    });
  });

  describe('what statements refer to', () => {
    it('refuses a compartment id outside the policy\'s compartment subtree, or one that does not exist', () => {
      expect(refusal([`Allow group x to read vnics in compartment id ${APP_SUB}`], APP)).toBeUndefined();
      expect(refusal([`Allow group x to read vnics in compartment id ${OTHER}`], APP))
        .toContain(`compartment ${OTHER} does not exist or is not part of the policy compartment subtree at line 1, column 47`);
      expect(refusal(['Allow group x to read vnics in compartment id ocid1.compartment.oc1..aaaaaaaanone'])).toContain('does not exist or is not part of the policy compartment subtree');
    });

    it('resolves compartment names from the policy\'s compartment (a:b paths)', () => {
      expect(refusal(['Allow group x to read vnics in compartment app:app-sub'])).toBeUndefined();
      expect(refusal(['Allow group x to read vnics in compartment app'], APP)).toBeUndefined();
      expect(refusal(['Allow group x to read vnics in compartment app-sub'], APP)).toBeUndefined();
      expect(refusal(['Allow group x to read vnics in compartment other'], APP)).toContain('compartment other does not exist or is not part of the policy compartment subtree');
      // An OCID written without "id" is read as a name (OCI answers the same way).
      expect(refusal([`Allow group x to read vnics in compartment ${APP}`])).toContain(`compartment ${APP} does not exist`);
    });

    it('refuses a dynamic group that does not exist and aliases that are not defined in the policy', () => {
      expect(refusal(['Allow dynamic-group builders to read repos in tenancy'])).toContain('the dynamic-group builders specified in the policy statement does not exist');
      expect(refusal(['Endorse group Admins to manage object-family in tenancy Acme'])).toContain('tenancy alias "Acme" is not defined in this policy at line 1, column 57; add "Define tenancy Acme as <ocid>" to the same policy');
      expect(refusal(['Define tenancy Acme as ocid1.tenancy.oc1..aaaaaaaaacme', 'Admit group NewHires of tenancy Acme to read buckets in tenancy'])).toContain('group alias "NewHires" is not defined');
    });
  });

  describe('through the IdentityClient', () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarness({ compartments: [{ name: 'app', id: APP }, { name: 'other', id: OTHER }] });
    });
    beforeEach(() => silenceSdkWarnings());
    afterAll(() => h.fake.stop());

    const create = (name: string, statements: string[], compartmentId = APP) =>
      h.clients.identity.createPolicy({ createPolicyDetails: { compartmentId, name, description: 'd', statements } });

    it('answers a malformed statement with 400 InvalidParameter naming the statement and the column', async () => {
      const err = await errorOf(create('p1', ['Allow group x to frobnicate everything']));
      expect(err).toMatchObject({ statusCode: 400, serviceCode: 'InvalidParameter' });
      expect(err.message).toBe('Invalid statements[0] "Allow group x to frobnicate everything": unknown verb "frobnicate" at line 1, column 18; expected inspect, read, use, manage or a {PERMISSION, …} list.');
      const braces = await errorOf(create('p2', [`Allow any-user to use keys in compartment id ${APP}`, `Allow any-user to use keys in compartment id ${APP} where all {target.key.id = '${KEY}'`]));
      expect(braces.message).toContain('Invalid statements[1]');
      expect(braces.message).toContain('the braces are unbalanced');
      expect(h.fake.resources('policy')).toEqual([]);
    });

    it('creates the KMS key policy and refuses a compartment outside the policy\'s own; updates are checked too', async () => {
      const kms = `Allow any-user to use keys in compartment id ${APP} where ALL {request.principal.type = 'cluster', target.key.id = '${KEY}'}`;
      const { policy } = await create('kms', [kms]);
      expect(policy.statements).toEqual([kms]);
      const outside = await errorOf(create('p3', [`Allow group x to read vnics in compartment id ${OTHER}`]));
      expect(outside.message).toContain(`compartment ${OTHER} does not exist or is not part of the policy compartment subtree`);
      const update = await errorOf(h.clients.identity.updatePolicy({ policyId: policy.id, updatePolicyDetails: { statements: [kms, 'Allow group x to manage everything in tenancy'] } }));
      expect(update).toMatchObject({ statusCode: 400, serviceCode: 'InvalidParameter' });
      expect(update.message).toContain('Invalid statements[1] "Allow group x to manage everything in tenancy": unknown resource-type "everything"');
      expect((await h.clients.identity.getPolicy({ policyId: policy.id })).policy.statements).toEqual([kms]);
    });
  });
});

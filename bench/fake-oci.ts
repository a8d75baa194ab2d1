/**
 * Benchmark of the fake OCI API: start-up, signature verification, SDK round trips and a whole-stack flow.
 * Run alone: node --require tsx/cjs bench/fake-oci.ts
 */
import { createHash, createSign } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import * as common from 'oci-common';
import * as ce from 'oci-containerengine';
import * as core from 'oci-core';
import * as kms from 'oci-keymanagement';
import * as vault from 'oci-vault';
import { type FakeOci, generateApiKeyPair, startFakeOci } from '../lib/fake-oci';
import { KeyRegistry, verifyRequestSignature } from '../lib/fake-oci/signature';

common.CircuitBreaker.EnableGlobalCircuitBreaker = false;
const USER = 'ocid1.user.oc1..aaaabenchuser';
const noRetry: common.ClientConfiguration = {
  retryConfiguration: { terminationStrategy: new common.MaxAttemptsTerminationStrategy(1), delayStrategy: new common.FixedTimeDelayStrategy(0) },
};

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function timeEach(n: number, fn: (i: number) => Promise<unknown>): Promise<{ p50: number; p95: number; perSecond: number }> {
  const samples: number[] = [];
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    samples.push(performance.now() - t);
  }
  const total = performance.now() - start;
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), perSecond: (n / total) * 1000 };
}

function auth(fake: FakeOci): common.SimpleAuthenticationDetailsProvider {
  const pair = generateApiKeyPair();
  fake.registerKey(`${fake.options.tenancyId}/${USER}/${pair.fingerprint}`, pair.publicKeyPem);
  return new common.SimpleAuthenticationDetailsProvider(fake.options.tenancyId, USER, pair.fingerprint, pair.privateKeyPem, null, common.Region.EU_FRANKFURT_1);
}

function verifyCost(n: number): number {
  const pair = generateApiKeyPair();
  const keys = new KeyRegistry();
  keys.register('bench/key', pair.publicKeyPem);
  const body = Buffer.from(JSON.stringify({ compartmentId: 'ocid1.tenancy.oc1..x', cidrBlocks: ['10.0.0.0/16'] }));
  const headers: Record<string, string> = {
    host: '127.0.0.1:1', 'x-date': new Date().toUTCString(), 'content-type': 'application/json',
    'content-length': String(body.length), 'x-content-sha256': createHash('sha256').update(body).digest('base64'),
  };
  const names = ['x-date', '(request-target)', 'host', 'content-type', 'content-length', 'x-content-sha256'];
  const lines = names.map((h) => (h === '(request-target)' ? `${h}: post /iaas/20160918/vcns` : `${h}: ${headers[h]}`));
  const signature = createSign('RSA-SHA256').update(lines.join('\n')).sign(pair.privateKeyPem, 'base64');
  headers.authorization = `Signature version="1",keyId="bench/key",algorithm="rsa-sha256",headers="${names.join(' ')}",signature="${signature}"`;
  const start = performance.now();
  for (let i = 0; i < n; i++) verifyRequestSignature({ method: 'POST', url: '/iaas/20160918/vcns', headers, body }, keys, 300);
  return ((performance.now() - start) / n) * 1000;
}

/** VCN, 3 gateways, route table, NSG + 10 rules, 2 subnets, vault, key, secret, enhanced cluster, node pool. */
async function wholeStack(fake: FakeOci, a: common.AuthenticationDetailsProvider): Promise<number> {
  const params = { authenticationDetailsProvider: a };
  const vn = new core.VirtualNetworkClient(params, noRetry);
  vn.endpoint = fake.endpoint('iaas');
  const cec = new ce.ContainerEngineClient(params, noRetry);
  cec.endpoint = fake.endpoint('containerengine');
  const kv = new kms.KmsVaultClient(params, noRetry);
  kv.endpoint = fake.endpoint('kms');
  const vs = new vault.VaultsClient(params, noRetry);
  vs.endpoint = fake.endpoint('vaults');
  const c = fake.options.tenancyId;
  const settle = () => new Promise((r) => setTimeout(r, 2));
  const start = performance.now();
  const { vcn } = await vn.createVcn({ createVcnDetails: { compartmentId: c, cidrBlocks: ['10.0.0.0/16'] } });
  await settle();
  const osn = (await vn.listServices({})).items[0]!;
  const igw = (await vn.createInternetGateway({ createInternetGatewayDetails: { compartmentId: c, vcnId: vcn.id, isEnabled: true } })).internetGateway;
  await vn.createNatGateway({ createNatGatewayDetails: { compartmentId: c, vcnId: vcn.id } });
  await vn.createServiceGateway({ createServiceGatewayDetails: { compartmentId: c, vcnId: vcn.id, services: [{ serviceId: osn.id }] } });
  const rt = (await vn.createRouteTable({ createRouteTableDetails: { compartmentId: c, vcnId: vcn.id, routeRules: [{ networkEntityId: igw.id, destination: '0.0.0.0/0' }] } })).routeTable;
  const nsg = (await vn.createNetworkSecurityGroup({ createNetworkSecurityGroupDetails: { compartmentId: c, vcnId: vcn.id } })).networkSecurityGroup;
  await settle();
  await vn.addNetworkSecurityGroupSecurityRules({ networkSecurityGroupId: nsg.id, addNetworkSecurityGroupSecurityRulesDetails: {
    securityRules: Array.from({ length: 10 }, (_, i) => ({ direction: core.models.AddSecurityRuleDetails.Direction.Ingress, protocol: '6', source: '10.0.0.0/16', tcpOptions: { destinationPortRange: { min: 8000 + i, max: 8000 + i } } })),
  } });
  const api = (await vn.createSubnet({ createSubnetDetails: { compartmentId: c, vcnId: vcn.id, cidrBlock: '10.0.0.0/28', routeTableId: rt.id } })).subnet;
  const pods = (await vn.createSubnet({ createSubnetDetails: { compartmentId: c, vcnId: vcn.id, cidrBlock: '10.0.16.0/20' } })).subnet;
  const v = (await kv.createVault({ createVaultDetails: { compartmentId: c, displayName: 'v', vaultType: kms.models.CreateVaultDetails.VaultType.Default } })).vault;
  await settle();
  const km = new kms.KmsManagementClient(params, noRetry);
  km.endpoint = v.managementEndpoint;
  const key = (await km.createKey({ createKeyDetails: { compartmentId: c, displayName: 'k', keyShape: { algorithm: kms.models.KeyShape.Algorithm.Aes, length: 32 } } })).key;
  await settle();
  await vs.createSecret({ createSecretDetails: { compartmentId: c, vaultId: v.id, keyId: key.id, secretName: 'db', secretContent: { contentType: 'BASE64', content: Buffer.from('x').toString('base64') } } });
  const version = (await cec.getClusterOptions({ clusterOptionId: 'all' })).clusterOptions.kubernetesVersions![0]!;
  const cl = await cec.createCluster({ createClusterDetails: { name: 'c', compartmentId: c, vcnId: vcn.id, kubernetesVersion: version, type: ce.models.ClusterType.EnhancedCluster, endpointConfig: { subnetId: api.id }, clusterPodNetworkOptions: [{ cniType: 'OCI_VCN_IP_NATIVE' }] } });
  await settle();
  const clusterId = (await cec.getWorkRequest({ workRequestId: cl.opcWorkRequestId })).workRequest.resources![0]!.identifier!;
  await cec.createVirtualNodePool({ createVirtualNodePoolDetails: { compartmentId: c, clusterId, displayName: 'p', size: 1, placementConfigurations: [{ availabilityDomain: 'Uocm:EU-FRANKFURT-1-AD-1', subnetId: pods.id, faultDomain: ['FAULT-DOMAIN-1'] }], podConfiguration: { subnetId: pods.id, shape: 'Pod.Standard.E4.Flex' } } });
  return performance.now() - start;
}

/** Cost of the client side alone: SDK signing, and an unsigned fetch round trip to the control API. */
async function clientSide(fake: FakeOci, a: common.AuthenticationDetailsProvider): Promise<{ signMs: number; fetchMs: number }> {
  const signer = new common.DefaultRequestSigner(a);
  const sign = await timeEach(100, () => signer.signHttpRequest({ uri: `${fake.url}/iaas/20160918/vcns`, method: 'GET', headers: new Headers() }));
  const plain = await timeEach(100, async () => (await fetch(`${fake.url}/_fake/clock`)).text());
  return { signMs: sign.p50, fetchMs: plain.p50 };
}

export async function run(): Promise<string> {
  const starts: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const f = await startFakeOci();
    starts.push(performance.now() - t);
    await f.stop();
  }
  starts.sort((a, b) => a - b);
  const fake = await startFakeOci({ speed: 1_000_000 });
  const a = auth(fake);
  const vn = new core.VirtualNetworkClient({ authenticationDetailsProvider: a }, noRetry);
  vn.endpoint = fake.endpoint('iaas');
  await vn.listVcns({ compartmentId: fake.options.tenancyId });
  const list = await timeEach(300, () => vn.listVcns({ compartmentId: fake.options.tenancyId }));
  const create = await timeEach(200, (i) => vn.createVcn({ createVcnDetails: { compartmentId: fake.options.tenancyId, cidrBlocks: [`10.${i % 250}.0.0/16`] } }));
  const listBig = await timeEach(50, () => vn.listVcns({ compartmentId: fake.options.tenancyId }));
  const client = await clientSide(fake, a);
  fake.reset();
  const stack = await wholeStack(fake, a);
  const calls = fake.requests().length;
  await fake.stop();
  const verifyUs = verifyCost(2000);
  const f = (n: number) => n.toFixed(2);
  const rows = [
    ['start-up (startFakeOci, median of 5)', `${f(percentile(starts, 50))} ms`],
    ['signature verification (POST, RSA-2048)', `${f(verifyUs)} µs`],
    ['client side: SDK request signing alone (p50)', `${f(client.signMs)} ms`],
    ['client side: unsigned fetch round trip to /_fake/clock (p50)', `${f(client.fetchMs)} ms`],
    ['SDK ListVcns, empty (300 sequential)', `p50 ${f(list.p50)} ms, p95 ${f(list.p95)} ms, ${list.perSecond.toFixed(0)} req/s`],
    ['SDK CreateVcn (200 sequential)', `p50 ${f(create.p50)} ms, p95 ${f(create.p95)} ms, ${create.perSecond.toFixed(0)} req/s`],
    ['SDK ListVcns, 200 VCNs (50 sequential)', `p50 ${f(listBig.p50)} ms, p95 ${f(listBig.p95)} ms`],
    [`whole stack through the SDK (${calls} calls, speed 10^6)`, `${f(stack)} ms`],
  ];
  return ['| fake OCI API | figure |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join('\n');
}

if (require.main === module) run().then(console.log);

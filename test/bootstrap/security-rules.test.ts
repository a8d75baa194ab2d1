import { loadEnvironment } from '../../lib/config';
import { desiredRules, NSG, RULE_OWNER_PREFIX, ruleKey, toSdkRule } from '../../lib/bootstrap/resources/security-rules';
import * as path from 'path';

const env = loadEnvironment('example', { configDir: path.join(__dirname, '../../config') });
const rules = desiredRules(env);
const resolve = { nsg: (id: string) => `ocid1.networksecuritygroup.oc1.eu-frankfurt-1.${id.replace(/-/g, '')}xxxxxxxxxxxx`, osnCidr: () => 'all-fra-services-in-oracle-services-network' };

describe('NSG rules of the architecture (docs/virtual-nodes.md §6.2)', () => {
  test('every NSG has rules, every rule has a description carrying the owner prefix, and no rule is duplicated', () => {
    for (const id of Object.values(NSG)) {
      const sdk = rules[id].map((r) => toSdkRule(r, resolve));
      expect(sdk.length).toBeGreaterThan(0);
      for (const r of sdk) expect(r.description).toMatch(new RegExp(`^${RULE_OWNER_PREFIX}\\S.{5,}`));
      expect(new Set(sdk.map(ruleKey)).size).toBe(sdk.length);
    }
  });

  const has = (nsg: keyof typeof rules, direction: string, peer: string, proto: string, ports?: string) =>
    rules[nsg].map((r) => toSdkRule(r, resolve)).some((r) => r.direction === direction && (r.source ?? r.destination) === peer && r.protocol === proto
      && (ports === undefined || `${(r.tcpOptions ?? r.udpOptions)?.destinationPortRange?.min}-${(r.tcpOptions ?? r.udpOptions)?.destinationPortRange?.max}` === ports));

  test('API endpoint: kubectl from the allowed CIDRs, 6443/12250 and path MTU from pods, 443 to OSN', () => {
    expect(has(NSG.apiEndpoint, 'INGRESS', '203.0.113.0/24', '6', '6443-6443')).toBe(true);
    expect(has(NSG.apiEndpoint, 'INGRESS', '0.0.0.0/0', '6', '6443-6443')).toBe(false);
    expect(has(NSG.apiEndpoint, 'INGRESS', resolve.nsg(NSG.pods), '6', '12250-12250')).toBe(true);
    expect(has(NSG.apiEndpoint, 'INGRESS', resolve.nsg(NSG.pods), '1')).toBe(true);
    expect(has(NSG.apiEndpoint, 'EGRESS', resolve.osnCidr(), '6', '443-443')).toBe(true);
  });

  test('pods: NodePorts and kube-proxy health from the LB NSG, MySQL to the DB NSG, proxymux to the API', () => {
    expect(has(NSG.pods, 'INGRESS', resolve.nsg(NSG.loadBalancer), '6', '30000-32767')).toBe(true);
    expect(has(NSG.pods, 'INGRESS', resolve.nsg(NSG.loadBalancer), '6', '10256-10256')).toBe(true);
    expect(has(NSG.pods, 'EGRESS', resolve.nsg(NSG.database), '6', `${env.database.port}-${env.database.port}`)).toBe(true);
    expect(has(NSG.pods, 'EGRESS', resolve.nsg(NSG.apiEndpoint), '6', '12250-12250')).toBe(true);
    expect(has(NSG.pods, 'EGRESS', '0.0.0.0/0', 'all')).toBe(true);
  });

  test('load balancer: listeners from the ingress CIDRs only; database: MySQL from pods only', () => {
    expect(has(NSG.loadBalancer, 'INGRESS', '0.0.0.0/0', '6', '443-443')).toBe(true);
    expect(has(NSG.loadBalancer, 'EGRESS', resolve.nsg(NSG.pods), '6', '30000-32767')).toBe(true);
    expect(rules[NSG.database].map((r) => toSdkRule(r, resolve)).every((r) => r.direction === 'INGRESS' && r.source === resolve.nsg(NSG.pods))).toBe(true);
  });
});

import { startHarness, writes } from './harness';

/**
 * The network module's other shapes (private API endpoint, internal load balancer, long CIDR lists) pass the fake's
 * OCI validation too (lib/fake-oci/README.md, "Conformance"): the default layout is covered by lifecycle.test.ts.
 */
describe('bootstrap network variants against the validating fake', () => {
  test('private API endpoint, internal load balancer, 58 ingress CIDRs (119 rules in one NSG): apply succeeds, no-op re-apply', async () => {
    const ingress = Array.from({ length: 58 }, (_, i) => `198.51.${i}.0/24`);
    const h = await startHarness({}, (doc) => {
      doc.network.publicApiEndpoint = false;
      doc.network.apiEndpointAllowedCidrs = ['10.0.0.0/16', '192.168.10.0/24', '172.16.0.0/12'];
      doc.network.ingressAllowedCidrs = ingress;
      doc.ingress.loadBalancer.internal = true;
    });
    try {
      const result = await h.run('apply');
      expect(result.results.filter((r) => r.status !== 'done')).toEqual([]);
      const subnets = h.fake.resources('subnet');
      expect(subnets.every((s) => s.model.prohibitPublicIpOnVnic === true)).toBe(true);
      const cluster = h.fake.resources('cluster')[0]!;
      expect(cluster.lifecycleState).toBe('ACTIVE');
      expect((cluster.model.endpoints as { publicEndpoint?: string }).publicEndpoint).toBeUndefined();
      h.fake.clearRequests();
      expect((await h.run('apply')).ok).toBe(true);
      expect(writes(h.fake)).toEqual([]);
    } finally {
      await h.stop();
    }
  });
});

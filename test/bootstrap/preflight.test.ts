import { ConfigError } from '../../lib/config';
import { startHarness, writes } from './harness';

/** Checks only OCI can answer, made with reads before the first write; config checks come from the loader. */
describe('bootstrap preflight (bad input → clear message, nothing created)', () => {
  test('an AD or fault domain that does not exist, a pod shape or MySQL shape or Kubernetes version the region lacks', async () => {
    const h = await startHarness({ availabilityDomains: 2, faultDomains: 2, podShapes: ['Pod.Standard.E3.Flex'], mysqlShapes: ['MySQL.8'], kubernetesVersions: ['v1.33.1'] });
    try {
      const error = await h.run('apply').then(() => undefined, (e: Error) => e);
      expect(error?.message).toBe([
        'the environment does not fit region eu-frankfurt-1 (nothing was created):',
        '  - cluster.kubernetesVersion (got "v1.34.1") is not offered by OKE in eu-frankfurt-1 (offered: v1.33.1)',
        '  - database.shape (got "MySQL.2") is not offered in eu-frankfurt-1 (offered: MySQL.8); pick one of those',
        '  - virtualNodePool.placement[0].faultDomains (got "FAULT-DOMAIN-3") does not exist in EU-FRANKFURT-1-AD-1 (there: FAULT-DOMAIN-1, FAULT-DOMAIN-2)',
        '  - virtualNodePool.placement[1].faultDomains (got "FAULT-DOMAIN-3") does not exist in EU-FRANKFURT-1-AD-2 (there: FAULT-DOMAIN-1, FAULT-DOMAIN-2)',
        '  - virtualNodePool.placement[2].availabilityDomain (got "EU-FRANKFURT-1-AD-3") does not exist in eu-frankfurt-1 (there: EU-FRANKFURT-1-AD-1, EU-FRANKFURT-1-AD-2)',
        '  - virtualNodePool.podShape (got "Pod.Standard.E4.Flex") is not offered in EU-FRANKFURT-1-AD-1 (offered: Pod.Standard.E3.Flex); pick one of those',
        '  - virtualNodePool.podShape (got "Pod.Standard.E4.Flex") is not offered in EU-FRANKFURT-1-AD-2 (offered: Pod.Standard.E3.Flex); pick one of those',
      ].join('\n'));
      expect(writes(h.fake)).toEqual([]);
    } finally {
      await h.stop();
    }
  });

  test('a region the tenancy has not subscribed to', async () => {
    // A consistent Amsterdam environment (region, ADs, OCIDs, OCIR host), so the config's own region checks pass
    // and the tenancy's subscriptions are what stops it.
    const h = await startHarness({}, (doc) => {
      const moved = JSON.parse(JSON.stringify(doc).replaceAll('eu-frankfurt-1', 'eu-amsterdam-1').replaceAll('EU-FRANKFURT-1', 'EU-AMSTERDAM-1').replaceAll('fra.ocir.io', 'ams.ocir.io'));
      moved.virtualNodePool.placement = [{ availabilityDomain: 'EU-AMSTERDAM-1-AD-1' }];
      Object.assign(doc, moved);
    });
    try {
      await expect(h.run('plan')).rejects.toThrow(/oci\.region \(got "eu-amsterdam-1"\) is not subscribed by the tenancy \(subscribed: eu-frankfurt-1\)/);
      expect(writes(h.fake)).toEqual([]);
    } finally {
      await h.stop();
    }
  });

  test('overlapping CIDRs and a pod subnet too small for the HPA maximum are config errors, before any call', async () => {
    const h = await startHarness({}, (doc) => {
      doc.network.databaseSubnetCidr = '10.0.20.0/25';
      doc.network.podSubnetCidr = '10.0.32.0/28';
      doc.app.autoscaling.maxReplicas = 40;
    });
    try {
      const error = await h.run('apply').then(() => undefined, (e: Error) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect(error?.message).toMatch(/network\.databaseSubnetCidr .*overlap/i);
      expect(error?.message).toMatch(/network\.podSubnetCidr \(got "10\.0\.32\.0\/28"\) has \d+ usable IPs but up to \d+ pods/);
      expect(h.fake.requests()).toEqual([]);
    } finally {
      await h.stop();
    }
  });

  test('CIDR lists that would put more than 120 rules in one NSG, before any call', async () => {
    // Two rules (80, 443) per ingress CIDR plus three egress rules: 59 CIDRs make 121.
    const cidrs = Array.from({ length: 59 }, (_, i) => `198.51.${i}.0/24`);
    const h = await startHarness({}, (doc) => { doc.network.ingressAllowedCidrs = cidrs; });
    try {
      const error = await h.run('apply').then(() => undefined, (e: Error) => e);
      expect(error?.message).toBe('config/dev.yaml is not ready for OCI:\n'
        + '  - nsg-load-balancer would hold 121 security rules but OCI allows 120 per network security group; '
        + 'list fewer CIDRs in network.ingressAllowedCidrs (merge neighbouring ones into a wider block)');
      expect(h.fake.requests()).toEqual([]);
    } finally {
      await h.stop();
    }
  });
});

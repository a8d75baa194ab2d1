import { ociLoadBalancerAnnotations } from '../../lib/constructs/oci-load-balancer';

const SUBNET = 'ocid1.subnet.oc1.eu-frankfurt-1.aaaaaaaasubnetsubnetsubnetsubnet';
const NSG = 'ocid1.networksecuritygroup.oc1.eu-frankfurt-1.aaaaaaaansgnsgnsgnsgnsgnsg';

describe('ociLoadBalancerAnnotations', () => {
  test('flexible LB with NSG, security-list mode None, health check', () => {
    expect(ociLoadBalancerAnnotations({ type: 'lb', shape: 'flexible', minMbps: 10, maxMbps: 100, internal: false, subnetId: SUBNET, nsgIds: [NSG] })).toEqual({
      'oci.oraclecloud.com/load-balancer-type': 'lb',
      'service.beta.kubernetes.io/oci-load-balancer-shape': 'flexible',
      'service.beta.kubernetes.io/oci-load-balancer-shape-flex-min': '10',
      'service.beta.kubernetes.io/oci-load-balancer-shape-flex-max': '100',
      'service.beta.kubernetes.io/oci-load-balancer-internal': 'false',
      'service.beta.kubernetes.io/oci-load-balancer-subnet1': SUBNET,
      'oci.oraclecloud.com/oci-network-security-groups': NSG,
      'service.beta.kubernetes.io/oci-load-balancer-security-list-management-mode': 'None',
      'service.beta.kubernetes.io/oci-load-balancer-health-check-interval': '10000',
      'service.beta.kubernetes.io/oci-load-balancer-health-check-timeout': '3000',
      'service.beta.kubernetes.io/oci-load-balancer-health-check-retries': '3',
    });
  });

  test('TLS at the LB adds ssl-ports and the secret', () => {
    const a = ociLoadBalancerAnnotations({ type: 'lb', internal: true, subnetId: SUBNET, nsgIds: [NSG, NSG], tlsSecretName: 'traefik/lb-cert' });
    expect(a['service.beta.kubernetes.io/oci-load-balancer-ssl-ports']).toBe('443');
    expect(a['service.beta.kubernetes.io/oci-load-balancer-tls-secret']).toBe('traefik/lb-cert');
    expect(a['service.beta.kubernetes.io/oci-load-balancer-internal']).toBe('true');
    expect(a['oci.oraclecloud.com/oci-network-security-groups']).toBe(`${NSG},${NSG}`);
  });

  test('NLB uses its own annotation prefix and no shape', () => {
    const a = ociLoadBalancerAnnotations({ type: 'nlb', internal: false, subnetId: SUBNET, nsgIds: [NSG], healthCheck: { intervalMs: 5000 } });
    expect(a['oci.oraclecloud.com/load-balancer-type']).toBe('nlb');
    expect(a['oci-network-load-balancer.oraclecloud.com/subnet']).toBe(SUBNET);
    expect(a['oci-network-load-balancer.oraclecloud.com/oci-network-security-groups']).toBe(NSG);
    expect(a['oci-network-load-balancer.oraclecloud.com/security-list-management-mode']).toBe('None');
    expect(a['oci-network-load-balancer.oraclecloud.com/health-check-interval']).toBe('5000');
    expect(Object.keys(a).some((k) => k.includes('shape'))).toBe(false);
  });

  test('rejects inconsistent settings', () => {
    expect(() => ociLoadBalancerAnnotations({ type: 'lb', minMbps: 400, maxMbps: 100, internal: false, subnetId: SUBNET, nsgIds: [NSG] })).toThrow(/minMbps \(400\) must not exceed maxMbps \(100\)/);
    expect(() => ociLoadBalancerAnnotations({ type: 'lb', internal: false, subnetId: SUBNET, nsgIds: [] })).toThrow(/1 to 5 NSGs/);
    expect(() => ociLoadBalancerAnnotations({ type: 'nlb', internal: false, subnetId: SUBNET, nsgIds: [NSG], tlsSecretName: 'x' })).toThrow(/does not terminate TLS/);
  });
});

import * as core from 'oci-core';
import { availableVcn, errorOf, type Harness, silenceSdkWarnings, startHarness } from '../support';

const Rule = core.models.AddSecurityRuleDetails;
type AddRule = core.models.AddSecurityRuleDetails;
const OSN = 'all-fra-services-in-oracle-services-network';

/** NSG and security list rule shape (lib/fake-oci/validation/security-rules.ts), through the real VirtualNetworkClient. */
describe('security rule shape', () => {
  let h: Harness;
  let vcnId: string;
  let nsgId: string;
  let otherVcnNsgId: string;
  beforeAll(async () => {
    h = await startHarness({ speed: 1000 });
    h.fake.clock.freeze();
    vcnId = (await availableVcn(h)).id;
    const otherVcnId = (await availableVcn(h, '10.1.0.0/16', 'other')).id;
    nsgId = (await h.clients.vn.createNetworkSecurityGroup({ createNetworkSecurityGroupDetails: { compartmentId: h.tenancyId, vcnId, displayName: 'pods' } })).networkSecurityGroup.id;
    otherVcnNsgId = (await h.clients.vn.createNetworkSecurityGroup({ createNetworkSecurityGroupDetails: { compartmentId: h.tenancyId, vcnId: otherVcnId, displayName: 'elsewhere' } })).networkSecurityGroup.id;
    h.fake.advanceClock(60_000);
  });
  beforeEach(() => silenceSdkWarnings());
  afterAll(() => h.fake.stop());

  const ingress = (extra: Partial<AddRule>): AddRule => ({ direction: Rule.Direction.Ingress, protocol: '6', source: '10.0.0.0/16', sourceType: Rule.SourceType.CidrBlock, ...extra });
  const add = (...securityRules: AddRule[]) => h.clients.vn.addNetworkSecurityGroupSecurityRules({ networkSecurityGroupId: nsgId, addNetworkSecurityGroupSecurityRulesDetails: { securityRules } });
  const refused = async (rule: AddRule) => {
    const err = await errorOf(add(rule));
    expect(err).toMatchObject({ statusCode: 400, serviceCode: 'InvalidParameter' });
    return err.message;
  };

  it('refuses a CIDR_BLOCK source that is not a CIDR', async () => {
    expect(await refused(ingress({ source: 'pods' }))).toBe('Invalid securityRules[0].source: "pods" is not a CIDR block such as 10.0.0.0/16 (sourceType CIDR_BLOCK)');
    expect(await refused(ingress({ source: '10.0.0.0' }))).toContain('is not a CIDR block');
  });

  it('refuses a port range whose min is above its max, and ports outside 1..65535', async () => {
    expect(await refused(ingress({ tcpOptions: { destinationPortRange: { min: 9000, max: 80 } } })))
      .toBe('Invalid securityRules[0].tcpOptions.destinationPortRange: min 9000 is greater than max 80; the minimum port must not be greater than the maximum');
    expect(await refused(ingress({ tcpOptions: { destinationPortRange: { min: 0, max: 80 } } })))
      .toBe('Invalid securityRules[0].tcpOptions.destinationPortRange.min: 0 must be a port number 1-65535');
    expect(await refused(ingress({ protocol: '17', udpOptions: { sourcePortRange: { min: 1, max: 65536 } } })))
      .toBe('Invalid securityRules[0].udpOptions.sourcePortRange.max: 65536 must be a port number 1-65535');
  });

  it('refuses options that do not belong to the protocol ("all" with tcpOptions, UDP options on TCP, ICMP options on UDP)', async () => {
    expect(await refused(ingress({ protocol: 'all', tcpOptions: { destinationPortRange: { min: 443, max: 443 } } })))
      .toBe('Invalid securityRules[0].tcpOptions: tcpOptions are only valid with protocol "6" (TCP); this rule\'s protocol is "all"');
    expect(await refused(ingress({ udpOptions: { destinationPortRange: { min: 53, max: 53 } } }))).toContain('udpOptions are only valid with protocol "17" (UDP)');
    expect(await refused(ingress({ protocol: '17', icmpOptions: { type: 3 } }))).toContain('icmpOptions are only valid with protocol "1" (ICMP) or "58" (ICMPv6)');
  });

  it('refuses protocols that are neither "all" nor a protocol number, and ICMP types outside 0..255', async () => {
    expect(await refused(ingress({ protocol: 'tcp' }))).toContain('Invalid securityRules[0].protocol: "tcp" must be "all" or an IPv4 protocol number 0-255');
    expect(await refused(ingress({ protocol: '300' }))).toContain('"300" must be "all" or an IPv4 protocol number');
    expect(await refused(ingress({ protocol: '1', icmpOptions: { type: 300 } }))).toBe('Invalid securityRules[0].icmpOptions.type: 300 must be an ICMP type 0-255 (the type is required, the code optional)');
  });

  it('refuses an unknown service CIDR label and accepts the region\'s one', async () => {
    const egress = (destination: string): AddRule => ({ direction: Rule.Direction.Egress, protocol: '6', destination, destinationType: Rule.DestinationType.ServiceCidrBlock });
    expect(await refused(egress('all-phx-services-in-oracle-services-network')))
      .toBe(`Invalid securityRules[0].destination: "all-phx-services-in-oracle-services-network" is not the cidrBlock of a service in this region (ListServices: ${OSN}, oci-fra-objectstorage)`);
    expect((await add(egress(OSN))).addedNetworkSecurityGroupSecurityRules.securityRules![0]!.destination).toBe(OSN);
  });

  it('refuses a peer NSG of another VCN or one that does not exist, and accepts its own', async () => {
    const peer = (source: string) => ingress({ source, sourceType: Rule.SourceType.NetworkSecurityGroup });
    expect(await refused(peer(otherVcnNsgId))).toMatch(/^Invalid securityRules\[0\]\.source: NSG ocid1\.networksecuritygroup\..+ belongs to VCN ocid1\.vcn\..+; a rule can only name an NSG in the same VCN/);
    expect(await refused(peer('ocid1.networksecuritygroup.oc1.eu-frankfurt-1.aaaaaaaanone'))).toContain('is not a network security group');
    expect((await add(peer(nsgId))).addedNetworkSecurityGroupSecurityRules.securityRules).toHaveLength(1);
  });

  it('refuses unknown directions and peer types', async () => {
    expect(await refused(ingress({ direction: 'INBOUND' as never }))).toBe('Invalid securityRules[0].direction: "INBOUND" must be INGRESS or EGRESS');
    expect(await refused(ingress({ sourceType: 'SUBNET' as never }))).toContain('"SUBNET" must be one of CIDR_BLOCK, SERVICE_CIDR_BLOCK, NETWORK_SECURITY_GROUP');
  });

  it('accepts IPv6 CIDRs and an omitted type (CIDR_BLOCK), and names the right rule index', async () => {
    const { securityRules } = (await add(ingress({ source: '2001:db8::/56', sourceType: undefined }))).addedNetworkSecurityGroupSecurityRules;
    expect(securityRules![0]).toMatchObject({ source: '2001:db8::/56', sourceType: 'CIDR_BLOCK' });
    const err = await errorOf(add(ingress({}), ingress({ source: 'x' })));
    expect(err.message).toContain('securityRules[1].source');
  });

  it('checks security list rules the same way, without NSG peers', async () => {
    const list = (ingressSecurityRules: core.models.IngressSecurityRule[]) => h.clients.vn.createSecurityList({ createSecurityListDetails: {
      compartmentId: h.tenancyId, vcnId, ingressSecurityRules, egressSecurityRules: [],
    } });
    const ports = await errorOf(list([{ protocol: '6', source: '0.0.0.0/0', tcpOptions: { destinationPortRange: { min: 9000, max: 80 } } }]));
    expect(ports).toMatchObject({ statusCode: 400, serviceCode: 'InvalidParameter' });
    expect(ports.message).toContain('Invalid ingressSecurityRules[0].tcpOptions.destinationPortRange: min 9000 is greater than max 80');
    const nsgPeer = await errorOf(list([{ protocol: 'all', source: nsgId, sourceType: 'NETWORK_SECURITY_GROUP' as never }]));
    expect(nsgPeer.message).toContain('"NETWORK_SECURITY_GROUP" must be one of CIDR_BLOCK, SERVICE_CIDR_BLOCK');
    const { securityList } = await list([{ protocol: '6', source: '0.0.0.0/0', tcpOptions: { destinationPortRange: { min: 22, max: 22 } } }]);
    expect(securityList.ingressSecurityRules).toHaveLength(1);
    h.fake.advanceClock(60_000);
    // A refused update changes nothing, not even the valid half.
    const update = await errorOf(h.clients.vn.updateSecurityList({ securityListId: securityList.id, updateSecurityListDetails: {
      ingressSecurityRules: [], egressSecurityRules: [{ protocol: 'all', destination: 'everywhere' }],
    } }));
    expect(update.message).toContain('Invalid egressSecurityRules[0].destination: "everywhere" is not a CIDR block');
    expect((await h.clients.vn.getSecurityList({ securityListId: securityList.id })).securityList.ingressSecurityRules).toHaveLength(1);
  });
});

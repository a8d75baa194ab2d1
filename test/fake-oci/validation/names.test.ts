import { availableVcn, errorOf, type Harness, silenceSdkWarnings, startHarness } from '../support';

/** Display-name and DNS-label rules (lib/fake-oci/validation/names.ts), through the real VirtualNetworkClient. */
describe('name rules', () => {
  let h: Harness;
  let vcnId: string;
  beforeAll(async () => {
    h = await startHarness({ speed: 1000 });
    h.fake.clock.freeze();
    vcnId = (await availableVcn(h)).id;
  });
  beforeEach(() => silenceSdkWarnings());
  afterAll(() => h.fake.stop());

  const subnet = (cidrBlock: string, dnsLabel?: string, displayName?: string) => h.clients.vn.createSubnet({ createSubnetDetails: {
    compartmentId: h.tenancyId, vcnId, cidrBlock, ...(dnsLabel ? { dnsLabel } : {}), ...(displayName !== undefined ? { displayName } : {}),
  } });

  it('refuses a second subnet with the same dnsLabel in one VCN, case-insensitively', async () => {
    await subnet('10.0.1.0/24', 'pods');
    for (const label of ['pods', 'Pods']) {
      const err = await errorOf(subnet('10.0.2.0/24', label));
      expect(err).toMatchObject({ statusCode: 400, serviceCode: 'InvalidParameter' });
      expect(err.message).toMatch(new RegExp(`^Invalid dnsLabel: "${label}" is already the DNS label of subnet ocid1\\.subnet\\..+ in this VCN; subnet DNS labels are unique within a VCN$`));
    }
  });

  it('allows the same subnet dnsLabel in another VCN', async () => {
    const other = await availableVcn(h, '10.1.0.0/16', 'other');
    const { subnet: s } = await h.clients.vn.createSubnet({ createSubnetDetails: { compartmentId: h.tenancyId, vcnId: other.id, cidrBlock: '10.1.1.0/24', dnsLabel: 'pods' } });
    expect(s.subnetDomainName).toBe('pods.vcn1.oraclevcn.com');
  });

  it('refuses DNS labels that do not start with a letter, hold other characters or pass 15 characters', async () => {
    for (const label of ['1pods', 'pod-s', 'abcdefghijklmnop']) {
      const err = await errorOf(subnet('10.0.3.0/24', label));
      expect(err).toMatchObject({ statusCode: 400, serviceCode: 'InvalidParameter' });
      expect(err.message).toBe(`Invalid dnsLabel: "${label}" must start with a letter and have at most 15 letters or digits`);
    }
    const vcnLabel = await errorOf(h.clients.vn.createVcn({ createVcnDetails: { compartmentId: h.tenancyId, cidrBlocks: ['10.2.0.0/16'], dnsLabel: 'my_vcn' } }));
    expect(vcnLabel.message).toContain('Invalid dnsLabel: "my_vcn"');
  });

  it('refuses a subnet dnsLabel in a VCN created without one', async () => {
    const { vcn } = await h.clients.vn.createVcn({ createVcnDetails: { compartmentId: h.tenancyId, cidrBlocks: ['10.3.0.0/16'] } });
    h.fake.advanceClock(60_000);
    const err = await errorOf(h.clients.vn.createSubnet({ createSubnetDetails: { compartmentId: h.tenancyId, vcnId: vcn.id, cidrBlock: '10.3.1.0/24', dnsLabel: 'pods' } }));
    expect(err).toMatchObject({ statusCode: 400, serviceCode: 'InvalidParameter' });
    expect(err.message).toBe('Invalid dnsLabel: the VCN has no dnsLabel, so its subnets cannot have one');
  });

  it('refuses empty and over-long display names (1-255 characters)', async () => {
    const empty = await errorOf(subnet('10.0.4.0/24', undefined, ' '));
    expect(empty).toMatchObject({ statusCode: 400, serviceCode: 'InvalidParameter' });
    expect(empty.message).toContain('Invalid displayName: " " must be 1 to 255 characters (it has 1)');
    const long = await errorOf(h.clients.vn.createNetworkSecurityGroup({ createNetworkSecurityGroupDetails: { compartmentId: h.tenancyId, vcnId, displayName: 'n'.repeat(256) } }));
    expect(long.message).toContain('must be 1 to 255 characters (it has 256)');
    expect((await subnet('10.0.4.0/24', undefined, 'n'.repeat(255))).subnet.displayName).toHaveLength(255);
  });
});

import { availableVcn, errorOf, type Harness, silenceSdkWarnings, startHarness } from '../support';

/** CIDR rules of VCNs and subnets (lib/fake-oci/validation/cidr.ts), through the real VirtualNetworkClient. */
describe('CIDR rules', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ speed: 1000 });
    h.fake.clock.freeze();
  });
  beforeEach(() => silenceSdkWarnings());
  afterAll(() => h.fake.stop());

  const createVcn = (cidrBlocks: string[]) => h.clients.vn.createVcn({ createVcnDetails: { compartmentId: h.tenancyId, cidrBlocks } });

  it('accepts VCN CIDR blocks from /16 to /30', async () => {
    for (const cidr of ['10.10.0.0/16', '10.11.0.0/30']) {
      expect((await createVcn([cidr])).vcn.cidrBlocks).toEqual([cidr]);
    }
  });

  it('refuses a VCN CIDR block larger than /16 or smaller than /30 (400 InvalidParameter)', async () => {
    const wide = await errorOf(createVcn(['10.0.0.0/8']));
    expect(wide).toMatchObject({ statusCode: 400, serviceCode: 'InvalidParameter' });
    expect(wide.message).toBe('Invalid cidrBlocks[0]: 10.0.0.0/8 is a /8; a VCN CIDR block must be /16 to /30');
    expect((await errorOf(createVcn(['10.0.0.0/31']))).message).toContain('/31; a VCN CIDR block must be /16 to /30');
  });

  it('refuses malformed VCN CIDR blocks, naming the field', async () => {
    const noPrefix = await errorOf(createVcn(['10.0.0.0/16', '10.1.0.0']));
    expect(noPrefix).toMatchObject({ statusCode: 400, serviceCode: 'InvalidParameter' });
    expect(noPrefix.message).toBe('Invalid cidrBlocks[1]: "10.1.0.0" is not an IPv4 CIDR block such as 10.0.0.0/16 (the /prefix length is missing)');
    expect((await errorOf(createVcn(['10.300.0.0/16']))).message).toContain('"10.300.0.0/16" is not an IPv4 CIDR block');
  });

  it('refuses overlapping CIDR blocks of one VCN', async () => {
    const err = await errorOf(createVcn(['10.20.0.0/16', '10.20.128.0/17']));
    expect(err).toMatchObject({ statusCode: 400, serviceCode: 'InvalidParameter' });
    expect(err.message).toContain('cidrBlocks[1]: 10.20.128.0/17 overlaps cidrBlocks[0] 10.20.0.0/16');
  });

  it('holds subnets to /16../30 as well', async () => {
    const vcn = await availableVcn(h, '10.30.0.0/16', 'subnets');
    const subnet = (cidrBlock: string) => h.clients.vn.createSubnet({ createSubnetDetails: { compartmentId: h.tenancyId, vcnId: vcn.id, cidrBlock } });
    const tiny = await errorOf(subnet('10.30.0.0/31'));
    expect(tiny).toMatchObject({ statusCode: 400, serviceCode: 'InvalidParameter' });
    expect(tiny.message).toBe('Invalid cidrBlock: 10.30.0.0/31 is a /31; a subnet CIDR block must be /16 to /30');
    expect((await errorOf(subnet('pods'))).message).toContain('"pods" is not an IPv4 CIDR block');
    expect((await subnet('10.30.0.0/30')).subnet.cidrBlock).toBe('10.30.0.0/30');
  });
});

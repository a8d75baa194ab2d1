import * as core from 'oci-core';
import { availableVcn, errorOf, type Harness, silenceSdkWarnings, startHarness } from '../support';

const Dest = core.models.RouteRule.DestinationType;
const OSN = 'all-fra-services-in-oracle-services-network';
const OBJECT_STORAGE = 'oci-fra-objectstorage';

/** Route rules: destination type vs target kind (lib/fake-oci/validation/route-rules.ts), through the real client. */
describe('route rule rules', () => {
  let h: Harness;
  let vcnId: string;
  let igw: string;
  let nat: string;
  let sgw: string;
  let otherVcnId: string;
  let objectStorageOnlySgw: string;
  beforeAll(async () => {
    h = await startHarness({ speed: 1000 });
    h.fake.clock.freeze();
    const { vn } = h.clients;
    const c = h.tenancyId;
    vcnId = (await availableVcn(h)).id;
    otherVcnId = (await availableVcn(h, '10.1.0.0/16', 'other')).id;
    const services = (await vn.listServices({})).items;
    const id = (cidr: string) => services.find((s) => s.cidrBlock === cidr)!.id;
    igw = (await vn.createInternetGateway({ createInternetGatewayDetails: { compartmentId: c, vcnId, isEnabled: true } })).internetGateway.id;
    nat = (await vn.createNatGateway({ createNatGatewayDetails: { compartmentId: c, vcnId } })).natGateway.id;
    sgw = (await vn.createServiceGateway({ createServiceGatewayDetails: { compartmentId: c, vcnId, services: [{ serviceId: id(OSN) }] } })).serviceGateway.id;
    objectStorageOnlySgw = (await vn.createServiceGateway({ createServiceGatewayDetails: { compartmentId: c, vcnId: otherVcnId, services: [{ serviceId: id(OBJECT_STORAGE) }] } })).serviceGateway.id;
    h.fake.advanceClock(60_000);
  });
  beforeEach(() => silenceSdkWarnings());
  afterAll(() => h.fake.stop());

  const table = (routeRules: core.models.RouteRule[], vcn = vcnId) => h.clients.vn.createRouteTable({ createRouteTableDetails: { compartmentId: h.tenancyId, vcnId: vcn, routeRules } });
  const refused = async (routeRules: core.models.RouteRule[], vcn = vcnId) => {
    const err = await errorOf(table(routeRules, vcn));
    expect(err).toMatchObject({ statusCode: 400, serviceCode: 'InvalidParameter' });
    return err.message;
  };

  it('refuses a service CIDR label routed to an internet gateway or a NAT gateway', async () => {
    expect(await refused([{ destination: OSN, destinationType: Dest.ServiceCidrBlock, networkEntityId: igw }]))
      .toBe(`Invalid routeRules[0].networkEntityId: a SERVICE_CIDR_BLOCK destination (${OSN}) can only route to a service gateway, not to an internet gateway`);
    expect(await refused([{ destination: OSN, destinationType: Dest.ServiceCidrBlock, networkEntityId: nat }])).toContain('not to a NAT gateway');
  });

  it('refuses 0.0.0.0/0 (a CIDR_BLOCK) routed to a service gateway', async () => {
    expect(await refused([{ destination: '0.0.0.0/0', destinationType: Dest.CidrBlock, networkEntityId: sgw }]))
      .toBe('Invalid routeRules[0].networkEntityId: a service gateway only takes SERVICE_CIDR_BLOCK destinations (a service\'s cidrBlock); 0.0.0.0/0 is a CIDR_BLOCK');
  });

  it('refuses an unknown service label, and a label the service gateway does not serve', async () => {
    expect(await refused([{ destination: 'all-services', destinationType: Dest.ServiceCidrBlock, networkEntityId: sgw }])).toContain('"all-services" is not the cidrBlock of a service in this region');
    expect(await refused([{ destination: OSN, destinationType: Dest.ServiceCidrBlock, networkEntityId: objectStorageOnlySgw }], otherVcnId))
      .toBe(`Invalid routeRules[0].destination: the service gateway does not serve ${OSN} (it serves ${OBJECT_STORAGE})`);
  });

  it('refuses a CIDR destination that is malformed or inside the VCN, and an IPv6 one via a NAT gateway', async () => {
    expect(await refused([{ destination: 'internet', networkEntityId: igw }])).toContain('"internet" is not a CIDR block such as 0.0.0.0/0');
    expect(await refused([{ destination: '10.0.5.0/24', networkEntityId: nat }])).toContain('10.0.5.0/24 lies within the VCN\'s own CIDR');
    expect(await refused([{ destination: '::/0', networkEntityId: nat }])).toContain('an IPv6 destination (::/0) can only route to a DRG or an internet gateway, not to a NAT gateway');
  });

  it('refuses cidrBlock together with destination, unknown types and a gateway of another VCN', async () => {
    expect(await refused([{ cidrBlock: '0.0.0.0/0', destination: '0.0.0.0/0', networkEntityId: igw }])).toContain('has both cidrBlock (deprecated) and destination');
    expect(await refused([{ destination: '0.0.0.0/0', destinationType: 'PRIVATE_IP' as never, networkEntityId: igw }])).toContain('"PRIVATE_IP" must be CIDR_BLOCK or SERVICE_CIDR_BLOCK');
    expect(await refused([{ destination: '0.0.0.0/0', networkEntityId: igw }], otherVcnId)).toMatch(/networkEntityId: "ocid1\.internetgateway\..+" is not a gateway of VCN/);
  });

  it('accepts the bootstrap\'s layout and normalizes the deprecated cidrBlock; updates are checked too', async () => {
    const { routeTable } = await table([
      { destination: '0.0.0.0/0', destinationType: Dest.CidrBlock, networkEntityId: nat },
      { destination: OSN, destinationType: Dest.ServiceCidrBlock, networkEntityId: sgw },
      { cidrBlock: '192.168.0.0/16', networkEntityId: igw },
    ]);
    expect(routeTable.routeRules.map((r) => [r.destination, r.destinationType])).toEqual([['0.0.0.0/0', 'CIDR_BLOCK'], [OSN, 'SERVICE_CIDR_BLOCK'], ['192.168.0.0/16', 'CIDR_BLOCK']]);
    const update = await errorOf(h.clients.vn.updateRouteTable({ rtId: routeTable.id, updateRouteTableDetails: { routeRules: [{ destination: '0.0.0.0/0', networkEntityId: sgw }] } }));
    expect(update).toMatchObject({ statusCode: 400, serviceCode: 'InvalidParameter' });
  });
});

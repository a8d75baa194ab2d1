import * as core from 'oci-core';
import { errorOf, type Harness, silenceSdkWarnings, startHarness } from './support';

describe('VirtualNetwork on the fake', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ speed: 1000 });
    silenceSdkWarnings();
    h.fake.clock.freeze();
  });
  afterEach(() => h.fake.stop());

  const createVcn = (cidr = '10.0.0.0/16') =>
    h.clients.vn.createVcn({ createVcnDetails: { compartmentId: h.tenancyId, cidrBlocks: [cidr], displayName: 'app', dnsLabel: 'app', freeformTags: { stack: 's1' } } });

  it('moves a VCN PROVISIONING → AVAILABLE on the clock and returns etag + request id', async () => {
    const created = await createVcn();
    expect(created.vcn.lifecycleState).toBe('PROVISIONING');
    expect(created.etag).toMatch(/^[0-9a-f]{16}$/);
    expect(created.opcRequestId).toBeTruthy();
    expect(created.vcn).toMatchObject({ vcnDomainName: 'app.oraclevcn.com', freeformTags: { stack: 's1' } });
    expect(created.vcn.defaultRouteTableId).toMatch(/^ocid1\.routetable\./);
    h.fake.advanceClock(2_999 / 1000);
    expect((await h.clients.vn.getVcn({ vcnId: created.vcn.id })).vcn.lifecycleState).toBe('PROVISIONING');
    h.fake.advanceClock(1);
    expect((await h.clients.vn.getVcn({ vcnId: created.vcn.id })).vcn.lifecycleState).toBe('AVAILABLE');
  });

  it('answers 409 IncorrectState for children of a provisioning VCN', async () => {
    const { vcn } = await createVcn();
    const err = await errorOf(h.clients.vn.createSubnet({ createSubnetDetails: { compartmentId: h.tenancyId, vcnId: vcn.id, cidrBlock: '10.0.1.0/24' } }));
    expect(err).toMatchObject({ statusCode: 409, serviceCode: 'IncorrectState' });
  });

  it('refuses to delete a VCN with children (409 Conflict), then deletes it TERMINATING → TERMINATED → 404', async () => {
    const { vcn } = await createVcn();
    h.fake.advanceClock(10);
    const { internetGateway } = await h.clients.vn.createInternetGateway({ createInternetGatewayDetails: { compartmentId: h.tenancyId, vcnId: vcn.id, isEnabled: true } });
    const { subnet } = await h.clients.vn.createSubnet({ createSubnetDetails: { compartmentId: h.tenancyId, vcnId: vcn.id, cidrBlock: '10.0.1.0/24', dnsLabel: 'pods' } });
    h.fake.advanceClock(100);
    const err = await errorOf(h.clients.vn.deleteVcn({ vcnId: vcn.id }));
    expect(err).toMatchObject({ statusCode: 409, serviceCode: 'Conflict' });
    expect(err.message).toContain(subnet.id);

    await h.clients.vn.deleteSubnet({ subnetId: subnet.id });
    await h.clients.vn.deleteInternetGateway({ igId: internetGateway.id });
    // Children still TERMINATING keep the VCN busy.
    expect((await errorOf(h.clients.vn.deleteVcn({ vcnId: vcn.id }))).serviceCode).toBe('Conflict');
    h.fake.advanceClock(100);
    await h.clients.vn.deleteVcn({ vcnId: vcn.id });
    expect((await h.clients.vn.getVcn({ vcnId: vcn.id })).vcn.lifecycleState).toBe('TERMINATING');
    h.fake.advanceClock(3);
    expect((await h.clients.vn.getVcn({ vcnId: vcn.id })).vcn.lifecycleState).toBe('TERMINATED');
    // Default route table and security list went with it.
    expect((await h.clients.vn.getRouteTable({ rtId: vcn.defaultRouteTableId! })).routeTable.lifecycleState).toBe('TERMINATED');
    h.fake.advanceClock(60);
    expect(await errorOf(h.clients.vn.getVcn({ vcnId: vcn.id }))).toMatchObject({ statusCode: 404, serviceCode: 'NotAuthorizedOrNotFound' });
    expect(h.fake.resources('vcn')).toEqual([]);
  });

  it('checks subnet CIDRs against the VCN and each other', async () => {
    const { vcn } = await createVcn();
    h.fake.advanceClock(10);
    const outside = await errorOf(h.clients.vn.createSubnet({ createSubnetDetails: { compartmentId: h.tenancyId, vcnId: vcn.id, cidrBlock: '10.1.0.0/24' } }));
    expect(outside).toMatchObject({ statusCode: 400, serviceCode: 'InvalidParameter' });
    await h.clients.vn.createSubnet({ createSubnetDetails: { compartmentId: h.tenancyId, vcnId: vcn.id, cidrBlock: '10.0.0.0/20' } });
    const overlap = await errorOf(h.clients.vn.createSubnet({ createSubnetDetails: { compartmentId: h.tenancyId, vcnId: vcn.id, cidrBlock: '10.0.8.0/24' } }));
    expect(overlap.message).toContain('overlaps');
  });

  it('keeps gateways in use by a route table and attached route tables (409)', async () => {
    const { vcn } = await createVcn();
    h.fake.advanceClock(10);
    const { items: services } = await h.clients.vn.listServices({});
    const osn = services.find((s) => s.name === 'All FRA Services In Oracle Services Network')!;
    expect(osn.cidrBlock).toBe('all-fra-services-in-oracle-services-network');
    const { serviceGateway } = await h.clients.vn.createServiceGateway({ createServiceGatewayDetails: { compartmentId: h.tenancyId, vcnId: vcn.id, services: [{ serviceId: osn.id }] } });
    expect(serviceGateway.services).toEqual([{ serviceId: osn.id, serviceName: osn.name }]);
    const { natGateway } = await h.clients.vn.createNatGateway({ createNatGatewayDetails: { compartmentId: h.tenancyId, vcnId: vcn.id } });
    h.fake.advanceClock(100);
    const { routeTable } = await h.clients.vn.createRouteTable({ createRouteTableDetails: {
      compartmentId: h.tenancyId, vcnId: vcn.id, displayName: 'private',
      routeRules: [
        { networkEntityId: natGateway.id, destination: '0.0.0.0/0' },
        { networkEntityId: serviceGateway.id, destination: osn.cidrBlock, destinationType: core.models.RouteRule.DestinationType.ServiceCidrBlock },
      ],
    } });
    expect(routeTable.routeRules[0]).toMatchObject({ destinationType: 'CIDR_BLOCK' });
    const { subnet } = await h.clients.vn.createSubnet({ createSubnetDetails: { compartmentId: h.tenancyId, vcnId: vcn.id, cidrBlock: '10.0.2.0/24', routeTableId: routeTable.id } });
    h.fake.advanceClock(100);
    expect((await errorOf(h.clients.vn.deleteNatGateway({ natGatewayId: natGateway.id }))).serviceCode).toBe('Conflict');
    expect((await errorOf(h.clients.vn.deleteRouteTable({ rtId: routeTable.id }))).serviceCode).toBe('Conflict');
    expect((await errorOf(h.clients.vn.deleteRouteTable({ rtId: vcn.defaultRouteTableId! }))).serviceCode).toBe('Conflict');
    await h.clients.vn.updateSubnet({ subnetId: subnet.id, updateSubnetDetails: { routeTableId: vcn.defaultRouteTableId! } });
    await h.clients.vn.updateRouteTable({ rtId: routeTable.id, updateRouteTableDetails: { routeRules: [] } });
    await h.clients.vn.deleteRouteTable({ rtId: routeTable.id });
    await h.clients.vn.deleteNatGateway({ natGatewayId: natGateway.id });
    const bad = await errorOf(h.clients.vn.createRouteTable({ createRouteTableDetails: { compartmentId: h.tenancyId, vcnId: vcn.id, routeRules: [{ networkEntityId: 'ocid1.natgateway.oc1..nope', destination: '0.0.0.0/0' }] } }));
    expect(bad.statusCode).toBe(400);
  });

  it('manages NSG rules: IncorrectState while provisioning, ≤ 25 per call, list by direction, remove', async () => {
    const { vcn } = await createVcn();
    h.fake.advanceClock(10);
    const { networkSecurityGroup: nsg } = await h.clients.vn.createNetworkSecurityGroup({ createNetworkSecurityGroupDetails: { compartmentId: h.tenancyId, vcnId: vcn.id, displayName: 'pods' } });
    const Rule = core.models.AddSecurityRuleDetails;
    const rule: core.models.AddSecurityRuleDetails = { direction: Rule.Direction.Ingress, protocol: '6', source: '10.0.0.0/16', sourceType: Rule.SourceType.CidrBlock, tcpOptions: { destinationPortRange: { min: 443, max: 443 } }, description: 'https' };
    const early = await errorOf(h.clients.vn.addNetworkSecurityGroupSecurityRules({ networkSecurityGroupId: nsg.id, addNetworkSecurityGroupSecurityRulesDetails: { securityRules: [rule] } }));
    expect(early).toMatchObject({ statusCode: 409, serviceCode: 'IncorrectState' });
    h.fake.advanceClock(10);
    const tooMany = await errorOf(h.clients.vn.addNetworkSecurityGroupSecurityRules({ networkSecurityGroupId: nsg.id, addNetworkSecurityGroupSecurityRulesDetails: { securityRules: Array.from({ length: 26 }, () => rule) } }));
    expect(tooMany.statusCode).toBe(400);
    const added = await h.clients.vn.addNetworkSecurityGroupSecurityRules({ networkSecurityGroupId: nsg.id, addNetworkSecurityGroupSecurityRulesDetails: {
      securityRules: [rule, { direction: Rule.Direction.Egress, protocol: 'all', destination: nsg.id, destinationType: Rule.DestinationType.NetworkSecurityGroup, description: 'self' }],
    } });
    const rules = added.addedNetworkSecurityGroupSecurityRules.securityRules!;
    expect(rules.map((r) => [r.direction, r.isValid, typeof r.id])).toEqual([['INGRESS', true, 'string'], ['EGRESS', true, 'string']]);
    const byVcn = await h.clients.vn.listNetworkSecurityGroups({ vcnId: vcn.id });
    expect(byVcn.items.map((n) => n.id)).toEqual([nsg.id]);
    expect((await errorOf(h.clients.vn.listNetworkSecurityGroups({}))).serviceCode).toBe('MissingParameter');
    const ingress = await h.clients.vn.listNetworkSecurityGroupSecurityRules({ networkSecurityGroupId: nsg.id, direction: core.requests.ListNetworkSecurityGroupSecurityRulesRequest.Direction.Ingress });
    expect(ingress.items.map((r) => r.description)).toEqual(['https']);
    await h.clients.vn.removeNetworkSecurityGroupSecurityRules({ networkSecurityGroupId: nsg.id, removeNetworkSecurityGroupSecurityRulesDetails: { securityRuleIds: [rules[0]!.id!] } });
    const left = await h.clients.vn.listNetworkSecurityGroupSecurityRules({ networkSecurityGroupId: nsg.id });
    expect(left.items.map((r) => r.description)).toEqual(['self']);
  });

  it('filters lists by exact displayName and lifecycleState and pages with opc-next-page', async () => {
    for (const cidr of ['10.0.0.0/16', '10.1.0.0/16', '10.2.0.0/16']) await createVcn(cidr);
    await h.clients.vn.createVcn({ createVcnDetails: { compartmentId: h.tenancyId, cidrBlocks: ['10.3.0.0/16'], displayName: 'other' } });
    const page1 = await h.clients.vn.listVcns({ compartmentId: h.tenancyId, displayName: 'app', limit: 2 });
    expect(page1.items).toHaveLength(2);
    expect(page1.opcNextPage).toBeDefined();
    const page2 = await h.clients.vn.listVcns({ compartmentId: h.tenancyId, displayName: 'app', limit: 2, page: page1.opcNextPage! });
    expect(page2.items.map((v) => v.cidrBlocks[0])).toEqual(['10.2.0.0/16']);
    expect(page2.opcNextPage).toBeUndefined();
    expect((await h.clients.vn.listVcns({ compartmentId: h.tenancyId, lifecycleState: core.models.Vcn.LifecycleState.Available })).items).toEqual([]);
    const unknownCompartment = await errorOf(h.clients.vn.listVcns({ compartmentId: 'ocid1.compartment.oc1..nope' }));
    expect(unknownCompartment.statusCode).toBe(404);
  });

  it('rejects if-match with a stale etag (412)', async () => {
    const { vcn, etag } = await createVcn();
    h.fake.advanceClock(10);
    await h.clients.vn.updateVcn({ vcnId: vcn.id, updateVcnDetails: { displayName: 'renamed' }, ifMatch: etag! });
    const stale = await errorOf(h.clients.vn.updateVcn({ vcnId: vcn.id, updateVcnDetails: { displayName: 'again' }, ifMatch: etag! }));
    expect(stale.statusCode).toBe(412);
  });
});

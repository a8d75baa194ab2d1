import { Region } from 'oci-common';
import { OCI_REGIONS, availabilityDomainPrefix, ocirHosts, regionOfOcirHost } from '../../lib/config/regions';

describe('the region table', () => {
  test('is exactly the region registry of the pinned OCI SDK (identifier, key, realm)', () => {
    const sdk = Object.values(Region).filter((v): v is Region => v instanceof Region)
      .map((r) => [r.regionId, r.regionCode, r.realm.realmId]).sort(([a], [b]) => String(a).localeCompare(String(b)));
    const ours = [...OCI_REGIONS.values()].map((r) => [r.id, r.key, r.realm]);
    expect(ours).toEqual(sdk);
  });

  test('the issue\'s region keys', () => {
    expect(OCI_REGIONS.get('eu-frankfurt-1')?.key).toBe('fra');
    expect(OCI_REGIONS.get('us-ashburn-1')?.key).toBe('iad');
    expect(regionOfOcirHost('fra.ocir.io')?.id).toBe('eu-frankfurt-1');
    expect(regionOfOcirHost('ocir.us-ashburn-1.oci.oraclecloud.com')?.id).toBe('us-ashburn-1');
    expect(regionOfOcirHost('docker.io')).toBeUndefined();
    expect(ocirHosts(OCI_REGIONS.get('us-langley-1') as never)).toEqual([]);
  });

  test('AD names: the legacy Ashburn and Phoenix forms, the region identifier elsewhere', () => {
    expect(availabilityDomainPrefix('us-ashburn-1')).toBe('US-ASHBURN-');
    expect(availabilityDomainPrefix('us-phoenix-1')).toBe('PHX-');
    expect(availabilityDomainPrefix('uk-london-1')).toBe('UK-LONDON-1-');
  });
});

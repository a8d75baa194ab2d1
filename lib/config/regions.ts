/**
 * OCI regions: identifier, region key and realm. Source: the region registry of the OCI TypeScript SDK this
 * project pins, oci-common 2.139.1 `lib/region.js` (`Region.register(regionId, realm, regionCode)`), which
 * mirrors Oracle's "Regions and Availability Domains" table
 * (https://docs.oracle.com/en-us/iaas/Content/General/Concepts/regions.htm). test/config/regions.test.ts
 * compares this table with the SDK, so a bumped SDK with new regions fails until they are added here.
 */

/** One OCI region. */
export interface OciRegion {
  /** Region identifier, e.g. eu-frankfurt-1. */
  readonly id: string;
  /** Region key (three letters), e.g. fra: the OCIR host `fra.ocir.io`, and the OCID region segment of older regions. */
  readonly key: string;
  /** Realm, e.g. oc1 (commercial). */
  readonly realm: string;
}

const TABLE: ReadonlyArray<readonly [id: string, key: string, realm: string]> = [
  ['af-casablanca-1', 'lej', 'oc1'],
  ['af-johannesburg-1', 'jnb', 'oc1'],
  ['ap-batam-1', 'hsg', 'oc1'],
  ['ap-chiyoda-1', 'nja', 'oc8'],
  ['ap-chuncheon-1', 'yny', 'oc1'],
  ['ap-chuncheon-2', 'bno', 'oc35'],
  ['ap-dcc-canberra-1', 'wga', 'oc10'],
  ['ap-dcc-gazipur-1', 'dac', 'oc15'],
  ['ap-delhi-1', 'onm', 'oc1'],
  ['ap-hyderabad-1', 'hyd', 'oc1'],
  ['ap-ibaraki-1', 'ukb', 'oc8'],
  ['ap-kulai-2', 'jbp', 'oc1'],
  ['ap-melbourne-1', 'mel', 'oc1'],
  ['ap-mumbai-1', 'bom', 'oc1'],
  ['ap-osaka-1', 'kix', 'oc1'],
  ['ap-seoul-1', 'icn', 'oc1'],
  ['ap-seoul-2', 'dtz', 'oc35'],
  ['ap-singapore-1', 'sin', 'oc1'],
  ['ap-singapore-2', 'xsp', 'oc1'],
  ['ap-suwon-1', 'dln', 'oc35'],
  ['ap-sydney-1', 'syd', 'oc1'],
  ['ap-tokyo-1', 'nrt', 'oc1'],
  ['ca-montreal-1', 'yul', 'oc1'],
  ['ca-toronto-1', 'yyz', 'oc1'],
  ['eu-amsterdam-1', 'ams', 'oc1'],
  ['eu-budapest-1', 'jsk', 'oc51'],
  ['eu-crissier-1', 'avf', 'oc24'],
  ['eu-dcc-dublin-1', 'ork', 'oc14'],
  ['eu-dcc-dublin-2', 'snn', 'oc14'],
  ['eu-dcc-milan-1', 'bgy', 'oc14'],
  ['eu-dcc-milan-2', 'mxp', 'oc14'],
  ['eu-dcc-rating-1', 'dus', 'oc14'],
  ['eu-dcc-rating-2', 'dtm', 'oc14'],
  ['eu-dcc-zurich-1', 'avz', 'oc24'],
  ['eu-frankfurt-1', 'fra', 'oc1'],
  ['eu-frankfurt-2', 'str', 'oc19'],
  ['eu-jovanovac-1', 'beg', 'oc20'],
  ['eu-madrid-1', 'mad', 'oc1'],
  ['eu-madrid-2', 'vll', 'oc19'],
  ['eu-madrid-3', 'orf', 'oc1'],
  ['eu-marseille-1', 'mrs', 'oc1'],
  ['eu-milan-1', 'lin', 'oc1'],
  ['eu-paris-1', 'cdg', 'oc1'],
  ['eu-stockholm-1', 'arn', 'oc1'],
  ['eu-turin-1', 'nrq', 'oc1'],
  ['eu-zurich-1', 'zrh', 'oc1'],
  ['il-jerusalem-1', 'mtz', 'oc1'],
  ['me-abudhabi-1', 'auh', 'oc1'],
  ['me-abudhabi-2', 'rkt', 'oc29'],
  ['me-abudhabi-3', 'ahu', 'oc26'],
  ['me-abudhabi-4', 'shj', 'oc29'],
  ['me-alain-1', 'rba', 'oc26'],
  ['me-alrayyan-1', 'vve', 'oc21'],
  ['me-dcc-doha-1', 'doh', 'oc21'],
  ['me-dcc-muscat-1', 'mct', 'oc9'],
  ['me-dubai-1', 'dxb', 'oc1'],
  ['me-ibri-1', 'ibr', 'oc9'],
  ['me-jeddah-1', 'jed', 'oc1'],
  ['me-riyadh-1', 'ruh', 'oc1'],
  ['mx-monterrey-1', 'mty', 'oc1'],
  ['mx-queretaro-1', 'qro', 'oc1'],
  ['sa-bogota-1', 'bog', 'oc1'],
  ['sa-riodejaneiro-1', 'hnw', 'oc52'],
  ['sa-santiago-1', 'scl', 'oc1'],
  ['sa-saopaulo-1', 'gru', 'oc1'],
  ['sa-valparaiso-1', 'vap', 'oc1'],
  ['sa-vinhedo-1', 'vcp', 'oc1'],
  ['uk-cardiff-1', 'cwl', 'oc1'],
  ['uk-gov-cardiff-1', 'brs', 'oc4'],
  ['uk-gov-london-1', 'ltn', 'oc4'],
  ['uk-london-1', 'lhr', 'oc1'],
  ['us-ashburn-1', 'iad', 'oc1'],
  ['us-ashburn-2', 'yxj', 'oc42'],
  ['us-chicago-1', 'ord', 'oc1'],
  ['us-gov-ashburn-1', 'ric', 'oc3'],
  ['us-gov-chicago-1', 'pia', 'oc3'],
  ['us-gov-phoenix-1', 'tus', 'oc3'],
  ['us-langley-1', 'lfi', 'oc2'],
  ['us-luke-1', 'luf', 'oc2'],
  ['us-newark-1', 'pgc', 'oc42'],
  ['us-phoenix-1', 'phx', 'oc1'],
  ['us-saltlake-2', 'aga', 'oc1'],
  ['us-sanjose-1', 'sjc', 'oc1'],
  ['us-somerset-1', 'ebb', 'oc23'],
  ['us-thames-1', 'ebl', 'oc23'],
];

/** Every region the pinned SDK knows, by identifier. */
export const OCI_REGIONS: ReadonlyMap<string, OciRegion> = new Map(TABLE.map(([id, key, realm]) => [id, { id, key, realm }]));

/**
 * The prefix of the region's availability domain names (without the tenancy prefix `Uocm:`): the upper-case
 * region identifier, except in the two oldest regions, whose ADs predate that scheme: `US-ASHBURN-AD-1`,
 * `PHX-AD-1` beside `EU-FRANKFURT-1-AD-1` (docs/virtual-nodes.md §4, from Oracle's "Supported Labels"
 * page: https://docs.oracle.com/en-us/iaas/Content/ContEng/Reference/contengsupportedlabelsusecases.htm).
 */
export function availabilityDomainPrefix(regionId: string): string {
  if (regionId === 'us-ashburn-1') return 'US-ASHBURN-';
  if (regionId === 'us-phoenix-1') return 'PHX-';
  return `${regionId.toUpperCase()}-`;
}

/** OCIR hosts of a commercial-realm region: `<key>.ocir.io` and `ocir.<region>.oci.oraclecloud.com`. */
export function ocirHosts(region: OciRegion): string[] {
  return region.realm === 'oc1' ? [`${region.key}.ocir.io`, `ocir.${region.id}.oci.oraclecloud.com`] : [];
}

/** The region an OCIR host belongs to (commercial realm), or undefined for another registry. */
export function regionOfOcirHost(host: string): OciRegion | undefined {
  for (const region of OCI_REGIONS.values()) if (ocirHosts(region).includes(host)) return region;
  return undefined;
}

/** Whether a registry host is OCIR: `<key>.ocir.io` or `ocir.<region>.oci.oraclecloud.com`. */
export function isOcirHost(host: string): boolean {
  return /^[a-z0-9-]+\.ocir\.io$/.test(host) || /^ocir\.[a-z0-9-]+\.oci\.oraclecloud\.com$/.test(host);
}

/** Options of `startFakeOci`; every field is optional. */
export interface FakeOciOptions {
  /** TCP port on 127.0.0.1; 0 picks a free one. Default 0. */
  port?: number;
  /** Host to listen on. Default `127.0.0.1`. */
  host?: string;
  /** The one region this instance serves. Default `eu-frankfurt-1`. */
  region?: string;
  /** The tenancy's home region; IAM writes to any other region get 403 NotAllowed. Default = `region`. */
  homeRegion?: string;
  /** Lifecycle speed factor: a realistic duration d takes d / speed ms. Default 1 (realistic). */
  speed?: number;
  /** Seed of the fault-injection PRNG; same seed + same call sequence = same faults. Default 1. */
  seed?: number;
  /** Tenancy OCID. Default `ocid1.tenancy.oc1..aaaaaaaafaketenancy000000001`. */
  tenancyId?: string;
  /** Tenancy name (also the OCIR namespace). Default `faketenancy`. */
  tenancyName?: string;
  /** Extra compartments that exist at start, created under the tenancy. Default none. */
  compartments?: Array<{ name: string; id?: string }>;
  /** Number of availability domains in the region. Default 3. */
  availabilityDomains?: number;
  /** Pod shapes offered by listPodShapes (a subset of Pod.Standard.E3.Flex, E4.Flex, A1.Flex). Default all three. */
  podShapes?: string[];
  /** Fault domains per availability domain, 1..3. Default 3. */
  faultDomains?: number;
  /** Kubernetes versions offered by getClusterOptions, oldest first. Default v1.32.1, v1.33.1, v1.34.1. */
  kubernetesVersions?: string[];
  /** MySQL shapes offered by listShapes. Default MySQL.2, MySQL.4, MySQL.8 and the legacy MySQL.VM.Standard.E3.1.8GB. */
  mysqlShapes?: string[];
  /** MySQL versions offered by listVersions. Default 8.0.43, 8.4.6, 9.4.1. */
  mysqlVersions?: string[];
  /** Allowed clock skew of signed requests, seconds. Default 300 (OCI's 5 minutes). */
  clockSkewSeconds?: number;
  /** Identity state (policies, compartments, dynamic groups) to share with another fake instance,
   *  so a home-region fake and a workload-region fake see the same IAM objects. Default: own state. */
  sharedIdentityFrom?: { readonly identityState: IdentityState };
}

/** Opaque handle to one instance's identity resources (see `sharedIdentityFrom`). */
export interface IdentityState {
  readonly kind: 'identity-state';
}

/** The user OCID the fake reports as creator and writes into generated configs. */
export const FAKE_USER_ID = 'ocid1.user.oc1..aaaaaaaafakeuser0000000001';

export interface ResolvedOptions {
  port: number;
  host: string;
  region: string;
  regionKey: string;
  homeRegion: string;
  homeRegionKey: string;
  speed: number;
  seed: number;
  tenancyId: string;
  tenancyName: string;
  compartments: Array<{ name: string; id?: string }>;
  availabilityDomains: number;
  podShapes?: string[];
  faultDomains: number;
  kubernetesVersions: string[];
  mysqlShapes: string[];
  mysqlVersions: string[];
  clockSkewSeconds: number;
}

const REGION_KEYS: Record<string, string> = {
  'eu-frankfurt-1': 'FRA', 'eu-amsterdam-1': 'AMS', 'eu-zurich-1': 'ZRH', 'eu-paris-1': 'CDG', 'eu-madrid-1': 'MAD',
  'eu-milan-1': 'LIN', 'eu-stockholm-1': 'ARN', 'uk-london-1': 'LHR', 'us-ashburn-1': 'IAD', 'us-phoenix-1': 'PHX',
  'us-chicago-1': 'ORD', 'us-sanjose-1': 'SJC', 'ca-toronto-1': 'YYZ', 'ap-tokyo-1': 'NRT', 'ap-sydney-1': 'SYD',
  'ap-mumbai-1': 'BOM', 'sa-saopaulo-1': 'GRU',
};

/** OCI region key (e.g. `FRA` for eu-frankfurt-1); unknown regions get the first 3 letters of the city. */
export function regionKeyOf(region: string): string {
  const known = REGION_KEYS[region];
  if (known) return known;
  const city = region.split('-')[1] ?? region;
  return city.slice(0, 3).toUpperCase();
}

const REGION_PATTERN = /^[a-z]{2,3}-[a-z]+-\d+$/;

export function resolveOptions(options: FakeOciOptions): ResolvedOptions {
  const region = options.region ?? 'eu-frankfurt-1';
  const homeRegion = options.homeRegion ?? region;
  for (const [field, value] of [['region', region], ['homeRegion', homeRegion]] as const) {
    if (!REGION_PATTERN.test(value)) {
      throw new Error(`fake OCI option ${field}="${value}" is not a region identifier; use e.g. "eu-frankfurt-1"`);
    }
  }
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`fake OCI option port=${port} must be an integer 0..65535 (0 = any free port)`);
  }
  const ads = options.availabilityDomains ?? 3;
  if (!Number.isInteger(ads) || ads < 1 || ads > 3) {
    throw new Error(`fake OCI option availabilityDomains=${ads} must be 1, 2 or 3`);
  }
  const fds = options.faultDomains ?? 3;
  if (!Number.isInteger(fds) || fds < 1 || fds > 3) {
    throw new Error(`fake OCI option faultDomains=${fds} must be 1, 2 or 3`);
  }
  const knownShapes = ['Pod.Standard.E3.Flex', 'Pod.Standard.E4.Flex', 'Pod.Standard.A1.Flex'];
  const unknownShape = (options.podShapes ?? []).find((s) => !knownShapes.includes(s));
  if (unknownShape !== undefined) {
    throw new Error(`fake OCI option podShapes contains "${unknownShape}"; use a subset of ${knownShapes.join(', ')}`);
  }
  return {
    port,
    host: options.host ?? '127.0.0.1',
    region,
    regionKey: regionKeyOf(region),
    homeRegion,
    homeRegionKey: regionKeyOf(homeRegion),
    speed: options.speed ?? 1,
    seed: options.seed ?? 1,
    tenancyId: options.tenancyId ?? 'ocid1.tenancy.oc1..aaaaaaaafaketenancy000000001',
    tenancyName: options.tenancyName ?? 'faketenancy',
    compartments: options.compartments ?? [],
    availabilityDomains: ads,
    ...(options.podShapes ? { podShapes: options.podShapes } : {}),
    faultDomains: fds,
    kubernetesVersions: options.kubernetesVersions ?? ['v1.32.1', 'v1.33.1', 'v1.34.1'],
    mysqlShapes: options.mysqlShapes ?? ['MySQL.2', 'MySQL.4', 'MySQL.8', 'MySQL.VM.Standard.E3.1.8GB'],
    mysqlVersions: options.mysqlVersions ?? ['8.0.43', '8.4.6', '9.4.1'],
    clockSkewSeconds: options.clockSkewSeconds ?? 300,
  };
}

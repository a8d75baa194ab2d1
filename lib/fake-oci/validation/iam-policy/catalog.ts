/**
 * What IAM policy statements may name: verbs, resource-types (individual and families) and condition variables.
 * A closed world on purpose: a name outside these tables is refused, so a typo fails in the fake. Each group of
 * entries carries the Oracle page it comes from; adding a real name is one line here.
 */

/** Verbs, least to most access (Policy Reference, "Verbs"). */
export const VERBS = ['inspect', 'read', 'use', 'manage'] as const;

const DOCS = 'https://docs.oracle.com/iaas/Content/Identity';

/** Resource-types by service page: `family` entries are aggregates. */
const RESOURCE_TYPE_GROUPS: ReadonlyArray<{ source: string; families: string[]; types: string[] }> = [
  {
    source: `${DOCS}/Concepts/policysyntax.htm (all-resources)`,
    families: ['all-resources'],
    types: [],
  },
  {
    source: `${DOCS}/Reference/corepolicyreference.htm (Details for the Core Services)`,
    families: ['virtual-network-family', 'instance-family', 'volume-family', 'compute-management-family'],
    types: [
      // virtual-network-family
      'vcns', 'subnets', 'route-tables', 'network-security-groups', 'security-lists', 'dhcp-options', 'private-ips',
      'public-ips', 'public-ip-pools', 'byoip-ranges', 'ipv6s', 'internet-gateways', 'nat-gateways', 'service-gateways',
      'local-peering-gateways', 'remote-peering-connections', 'drgs', 'drg-attachments', 'drg-route-tables',
      'drg-route-distributions', 'cpes', 'ipsec-connections', 'cross-connects', 'cross-connect-groups',
      'virtual-circuits', 'vnics', 'vnic-attachments', 'vlans', 'vtaps', 'capture-filters',
      // instance-family, compute-management-family
      'instances', 'instance-console-connection', 'instance-images', 'console-histories', 'app-catalog-listing',
      'instance-configurations', 'instance-pools', 'cluster-networks', 'dedicated-vm-hosts',
      // volume-family
      'volumes', 'volume-attachments', 'volume-backups', 'boot-volume-backups', 'backup-policies',
      'backup-policy-assignments', 'volume-groups', 'volume-group-backups',
    ],
  },
  {
    // Oracle's own virtual-node endorse statements write the singular form.
    source: 'https://docs.oracle.com/iaas/Content/ContEng/Tasks/contengvirtualnodes-Required_IAM_Policies.htm',
    families: [],
    types: ['network-security-group'],
  },
  {
    source: `${DOCS}/Reference/keypolicyreference.htm (Details for the Vault Service)`,
    families: ['secret-family', 'key-family'],
    types: ['vaults', 'keys', 'key-delegate', 'secrets', 'secret-versions', 'secret-bundles'],
  },
  {
    source: `${DOCS}/policyreference/contengpolicyreference.htm (Details for Kubernetes Engine)`,
    families: ['cluster-family'],
    types: ['clusters', 'cluster-node-pools', 'cluster-pod-shapes', 'cluster-virtualnode-pools', 'cluster-work-requests', 'cluster-workload-mappings'],
  },
  {
    source: 'https://docs.oracle.com/iaas/Content/container-instances/permissions/policy-reference.htm',
    families: ['compute-container-family'],
    types: ['compute-container-instances', 'compute-containers'],
  },
  {
    source: 'https://docs.oracle.com/iaas/mysql-database/doc/api-operations.html (MySQL HeatWave permissions)',
    families: ['mysql-family'],
    types: ['mysql-instances', 'mysql-backups', 'mysql-configurations', 'mysql-work-requests', 'mysql-channels'],
  },
  {
    source: `${DOCS}/Reference/registrypolicyreference.htm (Details for Container Registry)`,
    families: [],
    types: ['repos'],
  },
  {
    // "A policy that uses <verb> logs is equivalent to writing one with a separate … statement for each".
    source: `${DOCS}/Reference/loggingpolicyreference.htm (Details for Logging)`,
    families: ['logging-family', 'logs'],
    types: ['log-groups', 'log-content', 'unified-configuration'],
  },
  {
    source: `${DOCS}/Reference/objectstoragepolicyreference.htm (Details for Object Storage)`,
    families: ['object-family'],
    types: ['buckets', 'objects', 'objectstorage-namespaces'],
  },
  {
    source: `${DOCS}/Reference/iampolicyreference.htm (Details for IAM; IAM has no family)`,
    families: [],
    types: ['users', 'groups', 'dynamic-groups', 'policies', 'compartments', 'tag-namespaces', 'tag-defaults',
      'identity-providers', 'network-sources', 'authentication-policies', 'domains'],
  },
  {
    source: `${DOCS}/Reference/lbpolicyreference.htm (Load Balancer), nlbpolicyreference.htm (Network Load Balancer)`,
    families: [],
    types: ['load-balancers', 'network-load-balancers'],
  },
];

/** Lower-cased resource-type → the page it comes from. */
export const RESOURCE_TYPES: ReadonlyMap<string, string> = new Map(
  RESOURCE_TYPE_GROUPS.flatMap((g) => [...g.families, ...g.types].map((t) => [t, g.source] as const)),
);

/** Condition variables by page; matched case-insensitively. */
const VARIABLE_GROUPS: ReadonlyArray<{ source: string; names: string[] }> = [
  {
    source: `${DOCS}/policyreference/policyreference_topic-General_Variables_for_All_Requests.htm`,
    names: [
      'request.user.id', 'request.user.name', 'request.user.mfaTotpVerified', 'request.groups.id', 'request.permission',
      'request.operation', 'request.networkSource.name', 'request.utc-timestamp', 'request.utc-timestamp.month-of-year',
      'request.utc-timestamp.day-of-month', 'request.utc-timestamp.day-of-week', 'request.utc-timestamp.time-of-day',
      'request.region', 'request.ad', 'request.principal.type', 'request.principal.id', 'request.principal.compartment.id',
      'target.compartment.name', 'target.compartment.id', 'target.resource.kind',
    ],
  },
  {
    source: `${DOCS}/policysyntax/denypolicies.htm (Deny Policies examples)`,
    names: ['request.service', 'target.policy.type'],
  },
  {
    // Workload Identity: request.principal.type = 'workload' plus namespace, service account and cluster.
    source: 'https://docs.oracle.com/iaas/Content/ContEng/Tasks/contenggrantingworkloadaccesstoresources.htm',
    names: ['request.principal.namespace', 'request.principal.service_account', 'request.principal.cluster_id'],
  },
  {
    source: 'https://docs.oracle.com/iaas/Content/ContEng/Tasks/contengvirtualnodes-Required_IAM_Policies.htm',
    names: ['request.principal.subnet'],
  },
  {
    source: `${DOCS}/Reference/keypolicyreference.htm (Vault: supported variables)`,
    names: ['request.includePlainTextKey', 'request.kms-key.id', 'target.boot-volume.kms-key.id', 'target.key.id',
      'target.vault.id', 'target.secret.name', 'target.secret.id'],
  },
  {
    source: `${DOCS}/policyreference/contengpolicyreference.htm (Kubernetes Engine: supported variables)`,
    names: ['target.cluster.id', 'target.nodepool.id', 'target.virtualnodepool.id', 'target.clusterworkloadmapping.id', 'target.mapping.cluster_id'],
  },
  {
    source: `${DOCS}/Reference/loggingpolicyreference.htm (Logging: supported variables)`,
    names: ['target.loggroup.id'],
  },
  {
    source: `${DOCS}/Reference/registrypolicyreference.htm (Container Registry: supported variables)`,
    names: ['target.repo.name'],
  },
  {
    source: `${DOCS}/Reference/iampolicyreference.htm (IAM: supported variables)`,
    names: ['target.user.id', 'target.user.name', 'target.group.id', 'target.group.name', 'target.policy.id',
      'target.policy.name', 'target.dynamicgroup.id', 'target.dynamicgroup.name'],
  },
  {
    source: `${DOCS}/Reference/objectstoragepolicyreference.htm (Object Storage: supported variables)`,
    names: ['target.bucket.name'],
  },
];

const VARIABLES: ReadonlySet<string> = new Set(VARIABLE_GROUPS.flatMap((g) => g.names.map((n) => n.toLowerCase())));

/** Tag-based variables take a tag namespace and key (Using Tags to Manage Access). */
const TAG_VARIABLES = [
  /^target\.resource\.tag\.[^.\s]+\.[^.\s]+$/i,
  /^target\.resource\.compartment\.tag\.[^.\s]+\.[^.\s]+$/i,
  /^request\.principal\.group\.tag\.[^.\s]+\.[^.\s]+$/i,
  /^request\.principal\.compartment\.tag\.[^.\s]+\.[^.\s]+$/i,
];

/** Whether a condition variable is one OCI defines (general, service-specific or tag-based). */
export function isKnownVariable(name: string): boolean {
  return VARIABLES.has(name.toLowerCase()) || TAG_VARIABLES.some((re) => re.test(name));
}

/** The closest known name by edit distance, for a "did you mean" hint (only when it is close). */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const w = word.toLowerCase();
  let best: { name: string; d: number } | undefined;
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase());
    if (best === undefined || d < best.d) best = { name: c, d };
  }
  return best && best.d <= Math.max(2, Math.floor(w.length / 4)) ? best.name : undefined;
}

/** All known variable names (for hints). */
export function knownVariables(): Iterable<string> {
  return VARIABLE_GROUPS.flatMap((g) => g.names);
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}

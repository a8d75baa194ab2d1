import { invalidParameter, limitExceeded } from '../errors';

/**
 * The OCI limits a bootstrap run can reach, with where each comes from. Limits it cannot reach (VCNs per region,
 * subnets per VCN, …) are not modelled; README.md lists them.
 */
export const LIMITS = {
  /** AddNetworkSecurityGroupSecurityRulesDetails.securityRules: "up to 25 rules in a single operation". */
  nsgRulesPerCall: 25,
  /** Network Security Groups doc / service limits: 120 security rules (ingress plus egress) per NSG. */
  rulesPerNsg: 120,
  /** Security Rules doc: a VNIC (and a resource's VNICs: cluster endpoint, pool, DB system) is in at most five NSGs. */
  nsgsPerVnic: 5,
  /** Security Rules doc: a subnet is associated with at most five security lists. */
  securityListsPerSubnet: 5,
  /** Internet Gateway doc: a VCN has at most one internet gateway. */
  internetGatewaysPerVcn: 1,
  /** Service Gateway doc: a VCN has at most one service gateway. */
  serviceGatewaysPerVcn: 1,
} as const;

/** A list field holding at most `max` entries (400 InvalidParameter naming the field). */
export function checkAtMost(field: string, values: readonly unknown[] | undefined, max: number, why: string): void {
  if (values !== undefined && values.length > max) {
    throw invalidParameter(field, `${values.length} entries; at most ${max} are allowed (${why})`);
  }
}

/** NSG memberships of one resource's VNICs: at most five. */
export function checkNsgCount(field: string, nsgIds: readonly string[] | undefined): void {
  checkAtMost(field, nsgIds, LIMITS.nsgsPerVnic, 'a VNIC can be in at most five network security groups');
}

/** One more rule set on an NSG: the total stays within 120 (400 LimitExceeded). */
export function checkNsgRuleTotal(nsgId: string, existing: number, adding: number): void {
  if (existing + adding > LIMITS.rulesPerNsg) {
    throw limitExceeded(`NSG ${nsgId} has ${existing} security rules; adding ${adding} would exceed the limit of ${LIMITS.rulesPerNsg} rules per network security group.`);
  }
}

/** A second gateway of a kind a VCN holds only one of (400 LimitExceeded). */
export function checkOnePerVcn(what: string, vcnId: string, existing: readonly string[]): void {
  if (existing.length > 0) {
    throw limitExceeded(`VCN ${vcnId} already has ${what} ${existing.join(', ')}; a VCN can have only one ${what}.`);
  }
}

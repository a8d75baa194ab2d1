/** Every rule of the guard, in report order. */
import type { Rule } from '../types';
import { apiValidationRules } from './api-validation';
import { ingressRules } from './ingress';
import { ociIntegrationRules } from './oci-integrations';
import { duplicateRule, loadBalancerRules, rbacRules } from './rbac-lb';
import { reliabilityRules } from './reliability';
import { securityRules } from './security';
import { virtualNodeRules } from './virtual-nodes';

export const ALL_RULES: readonly Rule[] = [
  ...apiValidationRules,
  ...virtualNodeRules,
  ...securityRules,
  ...reliabilityRules,
  ...rbacRules,
  ...loadBalancerRules,
  ...ociIntegrationRules,
  ...ingressRules,
  duplicateRule,
];

/** Rule ids that are not real rules but still appear in reports. */
export const SCHEMA_RULE_ID = 'schema';
export const OPT_OUT_RULE_ID = 'guard-opt-out';

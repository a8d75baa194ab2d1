import { Environment } from '../config';
import { externalSecretsAddOn } from './external-secrets';
import { HelmAddOn } from './helm-addon';
import { metricsServerAddOn } from './metrics-server';

export { ControllerOwnedField, GroupKind, HelmAddOn, HelmChart, renderValues } from './helm-addon';

/** The platform add-ons of an environment, installed before our own manifests. */
export function platformAddOns(env: Environment): HelmAddOn[] {
  return [externalSecretsAddOn(env), ...(env.gitops.installMetricsServer ? [metricsServerAddOn(env)] : [])];
}

import { Environment } from '../config';
import { externalSecretsAddOn } from './external-secrets';
import { HelmAddOn } from './helm-addon';
import { metricsServerAddOn } from './metrics-server';

export { ControllerOwnedField, GroupKind, HelmAddOn, HelmChart, renderValues } from './helm-addon';

/** The platform add-ons every environment gets, installed before our own manifests. */
export function platformAddOns(env: Environment): HelmAddOn[] {
  return [externalSecretsAddOn(env), metricsServerAddOn(env)];
}

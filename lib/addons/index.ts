import { Environment } from '../config';
import { externalSecretsAddOn } from './external-secrets';
import { HelmAddOn } from './helm-addon';
import { metricsServerAddOn } from './metrics-server';
import { reloaderAddOn } from './reloader';

export { ControllerOwnedField, GroupKind, HelmAddOn, HelmChart, renderValues } from './helm-addon';

/** The platform add-ons of an environment: ESO and metrics-server before our own manifests, Reloader after them. */
export function platformAddOns(env: Environment): HelmAddOn[] {
  return [externalSecretsAddOn(env), ...(env.gitops.installMetricsServer ? [metricsServerAddOn(env)] : []), reloaderAddOn(env)];
}

import { Environment } from '../config';
import { imageReference } from '../charts/image';
import { gib } from '../charts/scheduling';
import { WebService } from '../constructs/web-service';
import { Worker } from '../constructs/worker';
import { WorkloadContext, WorkloadModule } from './types';

type Spec = Environment['workloads'];
type Secret = Spec['webServices'][number]['secrets'][number];

function secrets(list: readonly Secret[]) {
  return list.map((s) => ({ name: s.name, mountPath: s.mountPath, refreshInterval: s.refreshInterval, keys: s.keys }));
}

/** The pull credentials of `app.pullSecret`, for a workload that asks for them. */
function pullSecret(env: Environment, wanted: boolean) {
  return wanted ? { username: env.app.pullSecret.username, authTokenSecretName: env.app.pullSecret.authTokenSecretName } : undefined;
}

/** A SecretStore of the workload's own when it has something to read from the vault. */
function vaultFor(ctx: WorkloadContext, w: { secrets: readonly Secret[]; ocirPullSecret: boolean; ingress?: { certificate?: unknown } }) {
  return w.secrets.length > 0 || w.ocirPullSecret || w.ingress?.certificate !== undefined ? ctx.vault : undefined;
}

/** Workloads declared as data in the environment file (`workloads:`), as modules: web services first, then workers. */
export function configWorkloads(env: Environment): WorkloadModule[] {
  const web = env.workloads.webServices.map((w): WorkloadModule => ({
    name: w.name,
    build: (chart, ctx) => {
      new WebService(chart, w.name, {
        name: w.name,
        namespace: w.namespace,
        image: imageReference(w.image),
        scheduling: ctx.scheduling,
        port: w.port,
        resources: { cpu: w.resources.cpu, memoryGiB: gib(w.resources.memory) },
        autoscaling: w.autoscaling,
        healthCheck: w.healthCheck,
        args: w.args,
        env: w.env,
        vault: vaultFor(ctx, w),
        secrets: secrets(w.secrets),
        ocirPullSecret: pullSecret(env, w.ocirPullSecret),
        ingress: w.ingress === undefined ? undefined : { className: ctx.ingressClassName, ...w.ingress },
      });
    },
  }));
  const workers = env.workloads.workers.map((w): WorkloadModule => ({
    name: w.name,
    build: (chart, ctx) => {
      new Worker(chart, w.name, {
        name: w.name,
        namespace: w.namespace,
        image: imageReference(w.image),
        scheduling: ctx.scheduling,
        replicas: w.replicas,
        resources: { cpu: w.resources.cpu, memoryGiB: gib(w.resources.memory) },
        args: w.args,
        env: w.env,
        livenessProbe: w.livenessCommand === undefined ? undefined : { command: w.livenessCommand, periodSeconds: 30, timeoutSeconds: 5 },
        vault: vaultFor(ctx, w),
        secrets: secrets(w.secrets),
        ocirPullSecret: pullSecret(env, w.ocirPullSecret),
      });
    },
  }));
  return [...web, ...workers];
}

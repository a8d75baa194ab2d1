import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { Environment } from '../config';
import { TraefikIngressController } from '../constructs/traefik-ingress-controller';
import { imageReference } from './image';
import { traefikTls } from './ingress-tls';
import { gib, virtualNodeScheduling } from './scheduling';

/** Traefik and the OCI load balancer in front of it. */
export class IngressControllerChart extends Chart {
  readonly controller: TraefikIngressController;

  constructor(scope: Construct, id: string, env: Environment) {
    super(scope, id, { disableResourceNameHashes: true });
    const c = env.ingress.controller;
    const lb = env.ingress.loadBalancer;
    this.controller = new TraefikIngressController(this, 'Traefik', {
      namespace: c.namespace,
      ingressClassName: env.ingress.className,
      watchNamespaces: [env.app.namespace],
      image: imageReference(c.image),
      replicas: c.replicas,
      cpu: c.resources.cpu,
      memoryGiB: gib(c.resources.memory),
      scheduling: virtualNodeScheduling(env),
      loadBalancer: {
        type: lb.type,
        shape: lb.shape,
        minMbps: lb.minMbps,
        maxMbps: lb.maxMbps,
        internal: lb.internal,
        subnetId: lb.subnetId,
        nsgIds: lb.nsgIds,
        healthCheck: lb.healthCheck,
      },
      tls: traefikTls(env),
    });
  }
}

/**
 * Bad input from a user ends the real command with one line naming the fix, exit code 1, no stack trace,
 * and dist/ exactly as it was: a DaemonSet in a workload module, and an NLB with a TLS secret.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT, removeTempProject, snapshotTree, tempProject } from '../helpers';

function synth(project: string) {
  const r = spawnSync('npm', ['run', '-s', 'synth'], { cwd: project, encoding: 'utf8', timeout: 60000 });
  return { code: r.status, stderr: r.stderr };
}

/** A DaemonSet that breaks no rule but being a DaemonSet (non-root, read-only, pinned, sized as virtual nodes want). */
const DAEMONSET_MODULE = `import { ApiObject } from 'cdk8s';
import type { WorkloadRegistry } from '../lib';

const container = {
  name: 'agent', image: 'fra.ocir.io/examplenamespace/ops/agent:1.0.0',
  resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } },
  securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
};
export const workloads: WorkloadRegistry = {
  example: [{
    name: 'agent',
    build: (chart) => {
      new ApiObject(chart, 'agent', {
        apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent', namespace: 'ops' },
        spec: {
          selector: { matchLabels: { app: 'agent' } },
          template: { metadata: { labels: { app: 'agent' } }, spec: { automountServiceAccountToken: false, containers: [container] } },
        },
      });
    },
  }],
};
`;

describe('bad input through the real synth command', () => {
  const project = tempProject();
  fs.cpSync(path.join(ROOT, 'dist'), path.join(project, 'dist'), { recursive: true });
  const before = snapshotTree(path.join(project, 'dist'));
  const config = path.join(project, 'config', 'example.yaml');
  const original = fs.readFileSync(config, 'utf8');
  afterAll(() => removeTempProject(project));

  test('TLS at a Network Load Balancer', () => {
    fs.writeFileSync(config, original.replace('type: lb', 'type: nlb').replace('termination: traefik ', 'termination: loadBalancer '));
    const r = synth(project);
    fs.writeFileSync(config, original);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('invalid environment configuration: config/example.yaml: ingress.tls.termination (got "loadBalancer") is "loadBalancer", '
      + 'but ingress.loadBalancer.type is "nlb": a Network Load Balancer passes TCP through and does not terminate TLS; use termination "traefik" (the default) or ingress.loadBalancer.type "lb"\n');
    expect(snapshotTree(path.join(project, 'dist'))).toEqual(before);
  });

  test('a DaemonSet in a workload module', () => {
    fs.writeFileSync(path.join(project, 'workloads', 'index.ts'), DAEMONSET_MODULE);
    const r = synth(project);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')).toHaveLength(2); // one line and its newline
    expect(r.stderr).toMatch(/^synth stopped, dist\/ left as it was; the synthesized objects break rules: example: \[vn-daemonset\] DaemonSet ops\/agent: .*virtual nodes do not run DaemonSets.*use a Deployment/);
    expect(snapshotTree(path.join(project, 'dist'))).toEqual(before);
  });
});

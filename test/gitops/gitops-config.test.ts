import * as fs from 'fs';
import * as path from 'path';
import { ConfigError, loadEnvironment } from '../../lib/config';
import { synth } from '../../lib/synth/run';
import { snapshotTree, tempConfig } from '../helpers';

describe('gitops settings in the environment file', () => {
  test('defaults: dist folder, the local cluster, metrics-server installed', () => {
    const t = tempConfig();
    t.edit('example.yaml', (s) => s.replace(/  distPath: .*\n/, '').replace(/  destinationServer: .*\n/, '').replace(/  installMetricsServer: .*\n/, ''));
    const env = loadEnvironment('example', { configDir: t.configDir });
    expect(env.gitops).toMatchObject({ distPath: 'dist', destinationServer: 'https://kubernetes.default.svc', installMetricsServer: true });
  });

  const bad: ReadonlyArray<readonly [string, string, string]> = [
    ['distPath: dist', 'distPath: /srv/dist', 'gitops.distPath (got "/srv/dist") must be a relative folder such as dist or deploy/dist'],
    ['destinationServer: https://kubernetes.default.svc', 'destinationServer: http://10.0.0.1:6443', 'gitops.destinationServer (got "http://10.0.0.1:6443") must be an https:// API server URL'],
    ['installMetricsServer: true ', 'installMetricsServer: "no" ', 'gitops.installMetricsServer'],
  ];

  test.each(bad)('%s → %s is refused naming the field, the value and the fix; dist/ untouched', (from, to, message) => {
    const t = tempConfig();
    synth({ configDir: t.configDir, outDir: t.outDir });
    const before = snapshotTree(t.outDir);
    const file = path.join(t.configDir, 'example.yaml');
    expect(fs.readFileSync(file, 'utf8')).toContain(from);
    t.edit('example.yaml', (s) => s.replace(from, to));
    expect(() => synth({ configDir: t.configDir, outDir: t.outDir })).toThrow(ConfigError);
    expect(() => synth({ configDir: t.configDir, outDir: t.outDir })).toThrow(message);
    expect(snapshotTree(t.outDir)).toEqual(before);
  });
});

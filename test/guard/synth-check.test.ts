/**
 * The guard as the synth's check: the example environment passes with zero violations and zero opt-outs, and a
 * violation stops the synth before anything is written.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { guardCheck, guardPaths, type GuardReport, type KubeObject } from '../../lib/guard';
import type { Environment } from '../../lib/config';
import { SynthCheckError, synth, type ObjectCheck } from '../../lib/synth/run';
import { ROOT, tempConfig } from '../helpers';
import { put } from './fixtures';

const check: ObjectCheck = guardCheck((env: Environment) => ({
  virtualNodeLabels: { [env.virtualNodePool.nodeLabel.key]: env.virtualNodePool.nodeLabel.value },
}));

it('passes the synthesized example environment with zero opt-outs', () => {
  const t = tempConfig();
  const reports: GuardReport[] = [];
  const withReport: ObjectCheck = guardCheck((env: Environment) => ({ virtualNodeLabels: { [env.virtualNodePool.nodeLabel.key]: env.virtualNodePool.nodeLabel.value } }), (_env, r) => reports.push(r));
  const result = synth({ configDir: t.configDir, outDir: t.outDir, checks: [withReport] });
  expect([...result.written.keys()]).toEqual(['example']);
  expect(reports).toHaveLength(1);
  expect(reports[0]?.objectCount).toBeGreaterThan(10);
  expect(reports[0]?.optOuts).toEqual([]);
});

it('passes the committed dist/example with zero violations and zero opt-outs', () => {
  const report = guardPaths([path.join(ROOT, 'dist', 'example')]);
  expect(report.violations).toEqual([]);
  expect(report.inputProblems).toEqual([]);
  expect(report.optOuts).toEqual([]);
  expect(report.objectCount).toBeGreaterThan(10);
});

it('stops the synth on a violation and leaves the output folder untouched', () => {
  const t = tempConfig();
  // Adds a field virtual nodes reject to every Deployment before the guard sees the objects.
  const breakIt: ObjectCheck = (env, objects) => check(env, objects.map((o) => {
    if (o.kind !== 'Deployment') return o;
    const copy = JSON.parse(JSON.stringify(o)) as KubeObject;
    put(copy, 'spec.template.spec.hostname', 'x');
    return copy;
  }));
  let error: unknown;
  try {
    synth({ configDir: t.configDir, outDir: t.outDir, checks: [breakIt] });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(SynthCheckError);
  expect((error as SynthCheckError).findings.filter((f) => f.includes('[vn-pod-hostname]'))).toHaveLength(2);
  expect(fs.existsSync(t.outDir)).toBe(false);
});

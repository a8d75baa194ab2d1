/** `npm run addons`: the guard report of every rendered add-on, opt-outs with their reasons, reserved resources. */
import { spawnSync } from 'node:child_process';
import { platformAddOns } from '../../lib/addons';
import { ROOT, exampleEnv } from '../helpers';

test('prints each add-on\'s chart, reserved resources, opt-outs with reasons and a passing verdict; exit 0', () => {
  const r = spawnSync('npm', ['run', '-s', 'addons', '--', '--env', 'example'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  for (const addOn of platformAddOns(exampleEnv())) {
    expect(r.stdout).toContain(`== ${addOn.name}: chart ${addOn.chart.chart} ${addOn.chart.version}, release ${addOn.name} in ${addOn.namespace}`);
    for (const o of addOn.optOuts ?? []) {
      const ref = o.kind.startsWith('Cluster') ? `${o.kind} ${o.name}` : `${o.kind} ${addOn.namespace}/${o.name}`;
      expect(r.stdout).toContain(`opt-out [${o.ruleId}] ${ref}: ${o.reason}`);
    }
  }
  expect(r.stdout).toContain('reserves: Deployment metrics-server: 2 × (1 OCPU, 1 GiB)');
  expect(r.stdout.match(/^guard: PASS: /gm)).toHaveLength(3);
});

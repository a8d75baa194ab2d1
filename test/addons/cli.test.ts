/** `npm run addons`: the guard report of every rendered add-on, opt-outs with their reasons, reserved resources. */
import { spawnSync } from 'node:child_process';
import { platformAddOns } from '../../lib/addons';
import { main } from '../../lib/addons/cli';
import { ROOT, exampleEnv, runMain } from '../helpers';

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

// The command's own code in this process (the process around it, npm's exit code and streams, is proven above).
test('bad arguments: usage and exit code 2', () => {
  const r = runMain(() => main(['--bogus']));
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('usage: npm run addons -- [--env <name>]');
});

test('an unknown environment: its message and exit code 2', () => {
  const r = runMain(() => main(['--env', 'nope']));
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('no such environment');
  expect(r.stdout).toBe('');
});

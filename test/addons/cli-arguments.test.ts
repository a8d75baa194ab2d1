/** `npm run addons` refusing bad input: the command's own code in this process (no render, no helm, no child process). */
import { main } from '../../lib/addons/cli';
import { runMain } from '../helpers';

// The process around it, npm's exit code and streams, is proven in cli.test.ts.
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

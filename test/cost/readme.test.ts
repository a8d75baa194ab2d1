/** The README's "See it and price it" section shows the example as the commands print it today. */
import * as fs from 'fs';
import * as path from 'path';
import { costReport } from '../../lib/cost/cli';
import { formatCostTable } from '../../lib/cost/format';
import { sizeEnvironment, sizingSummary } from '../../lib/sizing';
import { synthesizeEnvironment } from '../../lib/synth/environment-app';
import { CONFIG_DIR, ROOT, exampleEnv } from '../helpers';

const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

test('the cost table is what `npm run -s cost -- --env example` prints', () => {
  const block = /<!-- cost:example -->\n```\n([\s\S]*?)```\n<!-- \/cost:example -->/.exec(README)?.[1];
  // On a difference: paste the command's output between the markers in README.md.
  expect(block).toBe(formatCostTable(costReport('example', { configDir: CONFIG_DIR })));
});

test('the synth summary line and the picture are the example\'s', () => {
  const env = exampleEnv();
  const sizing = sizeEnvironment(env, synthesizeEnvironment(env).manifests.flatMap((f) => f.objects));
  expect(README).toContain(`\n${sizingSummary('example', sizing)}\n`);
  expect(README).toContain('![Architecture of the example environment](dist/example/architecture.svg)');
  expect(fs.existsSync(path.join(ROOT, 'dist', 'example', 'architecture.svg'))).toBe(true);
});

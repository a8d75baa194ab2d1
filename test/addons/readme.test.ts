/** The README's add-on commands install exactly what the Applications render. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { platformAddOns } from '../../lib/addons';
import { ROOT, exampleEnv } from '../helpers';

const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

test.each(platformAddOns(exampleEnv()).map((a) => [a.name, a] as const))('"Without Argo CD" installs %s with the Application\'s chart, version, release, namespace and values file', (_name, addOn) => {
  const repoAdd = new RegExp(`^helm repo add (\\S+) ${addOn.chart.repoURL.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`, 'm').exec(readme);
  expect(repoAdd).not.toBeNull();
  const install = readme.replace(/\\\n\s*/g, '').split('\n').find((l) => l.startsWith(`helm upgrade --install ${addOn.name} `));
  expect(install).toBeDefined();
  const words = (install as string).split(/\s+/);
  expect(words[4]).toBe(`${repoAdd?.[1]}/${addOn.chart.chart}`);
  expect(words[words.indexOf('--version') + 1]).toBe(addOn.chart.version);
  expect(words[words.indexOf('--namespace') + 1]).toBe(addOn.namespace);
  expect(words[words.indexOf('-f') + 1]).toBe(`dist/example/helm-values/${addOn.name}.yaml`);
});

test('the add-on section names each chart and version, and each opt-out with its rule id', () => {
  const section = readme.slice(readme.indexOf('## Platform add-ons on virtual nodes'), readme.indexOf('## The guard: will it run on virtual nodes?'));
  for (const addOn of platformAddOns(exampleEnv())) {
    expect(section).toContain(`chart ${addOn.chart.chart} ${addOn.chart.version}`);
    for (const o of addOn.optOuts ?? []) expect(section).toContain(`\`${o.ruleId}\` on ${o.kind} \`${o.name}\``);
  }
});

/**
 * `npm run addons -- [--env <name>]`: renders every platform add-on of an environment from its vendored chart, as
 * Argo CD will, and prints the guard report of each (violations, opt-outs with their reasons) and the resources
 * its pods reserve. Exit 1 when an add-on fails the guard, 2 on bad input.
 */
import { formatReport, passed } from '../guard';
import { loadEnvironment } from '../config';
import { platformAddOns } from './index';
import { guardAddOn, renderAddOn, reservedResources } from './render';

/** The command: exit code 0 (every add-on passes the guard), 1 (one fails) or 2 (bad arguments or input). */
export function main(argv: readonly string[]): number {
  try {
    return report(argv);
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
}

function report(argv: readonly string[]): number {
  let name = 'example';
  for (let i = 0; i < argv.length; i += 2) {
    const value = argv[i + 1];
    if (argv[i] !== '--env' || value === undefined) {
      process.stderr.write('usage: npm run addons -- [--env <name>]\n');
      return 2;
    }
    name = value;
  }
  const env = loadEnvironment(name);
  let failed = false;
  for (const addOn of platformAddOns(env)) {
    const rendered = renderAddOn(env, addOn);
    const report = guardAddOn(env, rendered);
    failed ||= !passed(report);
    const { chart, version, releaseName, namespace } = rendered.inputs;
    process.stdout.write(`== ${addOn.name}: chart ${chart} ${version}, release ${releaseName} in ${namespace}\n`);
    for (const r of reservedResources(rendered)) {
      process.stdout.write(`reserves: ${r.kind} ${r.name}: ${r.replicas} × (${r.podCpu} OCPU, ${r.podMemoryGiB} GiB)\n`);
    }
    process.stdout.write(formatReport(report, 'human'));
  }
  return failed ? 1 : 0;
}

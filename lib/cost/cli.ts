import { ConfigError, loadEnvironment } from '../config';
import { sizeEnvironment } from '../sizing';
import { synthesizeEnvironment } from '../synth/environment-app';
import { formatCostJson, formatCostTable } from './format';
import { CostError, CostOptions, CostReport, estimateCost } from './model';
import { PRICES } from './prices';
import { parseOptions } from '../cli/options';

const USAGE = `usage: npm run cost -- --env NAME [--format table|json] [--log-gb N] [--config DIR]

Prints the sizing (every workload at minimum and maximum scale, ours and the add-ons) and the monthly
list-price cost of environment NAME, from the same objects the synth writes. --format json gives the
same data. --log-gb prices N GB of log storage a month (flow logs); default 0.`;

/** The cost report of one environment, from its synthesized objects and its add-ons. */
export function costReport(envName: string, options: CostOptions & { readonly configDir?: string } = {}): CostReport {
  const env = loadEnvironment(envName, { configDir: options.configDir });
  const objects = synthesizeEnvironment(env).manifests.flatMap((f) => f.objects);
  return estimateCost(env, sizeEnvironment(env, objects), PRICES, options);
}

export function main(argv: readonly string[]): number {
  const args = parseOptions(argv, {
    env: { type: 'string' },
    format: { type: 'string', default: 'table' },
    'log-gb': { type: 'string', default: '0' },
    config: { type: 'string', default: 'config' },
    help: { type: 'boolean', default: false },
  }, USAGE);
  if (typeof args === 'number') return args;
  const logGb = Number(args['log-gb']);
  const problem = args.env === undefined ? '--env is required (e.g. --env example)'
    : args.format !== 'table' && args.format !== 'json' ? `--format "${args.format}" is not table or json`
      : !Number.isFinite(logGb) || logGb < 0 ? `--log-gb "${args['log-gb']}" is not a number of GB >= 0` : undefined;
  if (problem !== undefined || args.env === undefined) {
    process.stderr.write(`${problem}\n${USAGE}\n`);
    return 2;
  }
  try {
    const report = costReport(args.env, { configDir: args.config, logStorageGBPerMonth: logGb });
    process.stdout.write(args.format === 'json' ? formatCostJson(report) : formatCostTable(report));
    return 0;
  } catch (e) {
    if (e instanceof ConfigError || e instanceof CostError) {
      process.stderr.write(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

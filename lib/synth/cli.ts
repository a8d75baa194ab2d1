import * as path from 'path';
import { ConfigError } from '../config';
import { sizingSummary } from '../sizing';
import { WorkloadRegistry } from '../workloads/types';
import { failForCdk8sCli, writeForCdk8sCli } from './cdk8s-cli';
import { SynthCheckError, SynthError } from './errors';
import { checkFreshness, formatStale } from './freshness';
import { ObjectCheck, synth } from './run';
import { parseOptions } from '../cli/options';

const USAGE = `usage: npm run synth -- [--env NAME]... [--config DIR] [--out DIR] [--check]

Synthesizes dist/<env>/ for every config/<env>.yaml (or only the --env ones).
On any error nothing in the output folder changes; the exit code is 1 (2 for a usage error).
--check writes nothing: it exits 1, naming each file, when the output folder differs from a fresh synth.`;

/** What a project's `main.ts` hands the synth besides the command line. */
export interface MainOptions {
  /** Checks over every environment's objects before anything is written (the guard). @default none */
  readonly checks?: readonly ObjectCheck[];
  /** Your TypeScript workload modules by environment name (`workloads/index.ts`). @default none */
  readonly workloads?: WorkloadRegistry;
}

/**
 * Entry point shared by `npm run synth` and `cdk8s synth` (via cdk8s.yaml's app command): returns the exit
 * code. Bad input (config, workload props, guard findings) is printed as one line per problem, never a stack.
 */
export function main(argv: readonly string[], options: MainOptions | readonly ObjectCheck[] = {}): number {
  const { checks = [], workloads } = Array.isArray(options) ? { checks: options as readonly ObjectCheck[] } : options as MainOptions;
  const args = parseOptions(argv, {
    env: { type: 'string', multiple: true },
    config: { type: 'string', default: 'config' },
    out: { type: 'string', default: 'dist' },
    check: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  }, USAGE);
  if (typeof args === 'number') return args;
  const outDir = args.out ?? 'dist';
  // Under `cdk8s synth`, CDK8S_OUTDIR is the folder the CLI wiped and expects manifests in.
  const cliOut = process.env.CDK8S_OUTDIR;
  const forCli = cliOut !== undefined && path.resolve(cliOut) !== path.resolve(outDir);
  try {
    if (args.check === true) {
      const stale = checkFreshness({ configDir: args.config, outDir, environments: args.env, checks, workloads });
      if (stale.length > 0) {
        process.stderr.write(`${formatStale(stale, outDir)}\n`);
        return 1;
      }
      process.stdout.write(`${outDir}/ is up to date with a fresh synth\n`);
      return 0;
    }
    const result = synth({ configDir: args.config, outDir, environments: args.env, checks, workloads });
    if (forCli) {
      // The CLI lists its folder itself (and discards our stdout).
      writeForCdk8sCli(outDir, cliOut as string);
      return 0;
    }
    for (const files of result.written.values()) for (const f of files) process.stdout.write(`  ${path.join(outDir, f)}\n`);
    for (const [env, sizing] of result.sizing) process.stdout.write(`${sizingSummary(env, sizing)}\n`);
    return 0;
  } catch (e) {
    if (e instanceof ConfigError || e instanceof SynthCheckError || e instanceof SynthError) {
      process.stderr.write(`${e.message}\n`);
      if (forCli) {
        failForCdk8sCli(cliOut as string);
        return 0;
      }
      return 1;
    }
    throw e;
  }
}

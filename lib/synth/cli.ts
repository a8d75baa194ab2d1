import * as path from 'path';
import { parseArgs } from 'util';
import { ConfigError } from '../config';
import { sizingSummary } from '../sizing';
import { checkFreshness, formatStale } from './freshness';
import { ObjectCheck, SynthCheckError, synth } from './run';
import { mirrorTree } from './write';

const USAGE = `usage: npm run synth -- [--env NAME]... [--config DIR] [--out DIR] [--check]

Synthesizes dist/<env>/ for every config/<env>.yaml (or only the --env ones).
On any error nothing in the output folder changes; the exit code is 1 (2 for a usage error).
--check writes nothing: it exits 1, naming each file, when the output folder differs from a fresh synth.`;

/** Entry point shared by `npm run synth` and `cdk8s synth` (via cdk8s.yaml's app command). */
export function main(argv: readonly string[], checks: readonly ObjectCheck[] = []): number {
  let args;
  try {
    args = parseArgs({
      args: [...argv],
      options: {
        env: { type: 'string', multiple: true },
        config: { type: 'string', default: 'config' },
        out: { type: 'string', default: 'dist' },
        check: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }).values;
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (args.help === true) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const outDir = args.out ?? 'dist';
  try {
    if (args.check === true) {
      const stale = checkFreshness({ configDir: args.config, outDir, environments: args.env, checks });
      if (stale.length > 0) {
        process.stderr.write(`${formatStale(stale, outDir)}\n`);
        return 1;
      }
      process.stdout.write(`${outDir}/ is up to date with a fresh synth\n`);
      return 0;
    }
    const result = synth({ configDir: args.config, outDir, environments: args.env, checks });
    for (const files of result.written.values()) for (const f of files) process.stdout.write(`  ${path.join(outDir, f)}\n`);
    for (const [env, sizing] of result.sizing) process.stdout.write(`${sizingSummary(env, sizing)}\n`);
    // Under `cdk8s synth`, CDK8S_OUTDIR is the folder the CLI wiped and expects manifests in.
    const cliOut = process.env.CDK8S_OUTDIR;
    if (cliOut !== undefined && path.resolve(cliOut) !== path.resolve(outDir)) mirrorTree(outDir, cliOut);
    return 0;
  } catch (e) {
    if (e instanceof ConfigError || e instanceof SynthCheckError) {
      process.stderr.write(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

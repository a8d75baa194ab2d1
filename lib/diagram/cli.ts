import * as fs from 'fs';
import * as path from 'path';
import { ConfigError, loadEnvironment } from '../config';
import { sizeEnvironment } from '../sizing';
import { synthesizeEnvironment } from '../synth/environment-app';
import { ARCHITECTURE_SVG, architectureSvg } from './architecture';
import { parseOptions } from '../cli/options';

const USAGE = `usage: npm run diagram -- --env NAME [--config DIR] [--out DIR]

Writes DIR/NAME/architecture.svg (default dist/NAME/architecture.svg): the architecture of environment NAME,
drawn from config/NAME.yaml, config/NAME.outputs.json when present, and the synthesized objects. npm run synth
writes the same file with the manifests; this command rewrites only the picture.`;

/** The picture of one environment, as the synth writes it. */
export function diagramOf(envName: string, configDir = 'config'): string {
  const env = loadEnvironment(envName, { configDir });
  const output = synthesizeEnvironment(env);
  const sizing = sizeEnvironment(env, output.manifests.flatMap((f) => f.objects));
  return architectureSvg({ env, manifests: output.manifests, sizing });
}

export function main(argv: readonly string[]): number {
  const args = parseOptions(argv, {
    env: { type: 'string' },
    config: { type: 'string', default: 'config' },
    out: { type: 'string', default: 'dist' },
    help: { type: 'boolean', default: false },
  }, USAGE);
  if (typeof args === 'number') return args;
  if (args.env === undefined) {
    process.stderr.write(`--env is required (e.g. --env example)\n${USAGE}\n`);
    return 2;
  }
  try {
    const svg = diagramOf(args.env, args.config);
    const file = path.join(args.out ?? 'dist', args.env, ARCHITECTURE_SVG);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // Through a temporary file and a rename: a reader never sees half a picture.
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, svg);
    fs.renameSync(tmp, file);
    process.stdout.write(`  ${file}\n`);
    return 0;
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

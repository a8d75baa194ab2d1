/**
 * `npm run fake-oci -- [--port P] [--region R] [--home-region R] [--speed N] [--seed N] [--compartment OCID] [--write-config DIR]`
 * Starts the fake OCI API, prints `fake OCI API listening on http://127.0.0.1:P`, runs until SIGINT/SIGTERM.
 * One compartment exists from the start, so the bootstrap can be tried right away (it refuses the tenancy root).
 */
import { startFakeOci } from './fake';
import type { FakeOciOptions } from './options';

const USAGE = 'usage: npm run fake-oci -- [--port P] [--region eu-frankfurt-1] [--home-region R] [--speed 60] [--seed 1] [--compartment OCID] [--write-config DIR]';

/** The compartment the CLI seeds unless told otherwise. */
export const DEMO_COMPARTMENT = 'ocid1.compartment.oc1..aaaaaaaafakecompartment0000000001';

interface CliArgs {
  options: FakeOciOptions;
  writeConfig?: string;
}

export function parseArgs(argv: string[]): CliArgs {
  const options: FakeOciOptions = { speed: 60, compartments: [{ name: 'oke-vn-demo', id: DEMO_COMPARTMENT }] };
  let writeConfig: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (flag === '--help' || flag === '-h') throw new Error(USAGE);
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) throw new Error(`${flag} needs a value\n${USAGE}`);
    i++;
    const number = (): number => {
      const n = Number(value);
      if (!Number.isFinite(n)) throw new Error(`${flag} must be a number, got "${value}"\n${USAGE}`);
      return n;
    };
    switch (flag) {
      case '--port': options.port = number(); break;
      case '--region': options.region = value; break;
      case '--home-region': options.homeRegion = value; break;
      case '--speed': options.speed = number(); break;
      case '--seed': options.seed = number(); break;
      case '--compartment':
        if (!/^ocid1\.compartment\.oc[0-9]+\.\.[a-z0-9]{20,}$/.test(value)) throw new Error(`--compartment must be a compartment OCID, got "${value}"\n${USAGE}`);
        options.compartments = [{ name: 'oke-vn-demo', id: value }];
        break;
      case '--write-config': writeConfig = value; break;
      default: throw new Error(`unknown option ${flag}\n${USAGE}`);
    }
  }
  return writeConfig === undefined ? { options } : { options, writeConfig };
}

/** `npm run fake-oci -- [options]` (lib/fake-oci/bin.ts): parses argv, starts the fake, stops it on SIGINT/SIGTERM. */
export async function main(): Promise<void> {
  let args: CliArgs;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(2);
  }
  const fake = await startFakeOci(args.options);
  if (args.writeConfig !== undefined) {
    const written = fake.writeConfig(args.writeConfig);
    process.stderr.write(`wrote ${written.configFile} (profile DEFAULT) and ${written.keyFile}\n`);
    process.stderr.write(`tenancy ${written.tenancyId}, compartment ${args.options.compartments?.[0]?.id ?? 'none'}\n`);
  }
  process.stdout.write(`fake OCI API listening on ${fake.url}\n`);
  const shutdown = (): void => {
    fake.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

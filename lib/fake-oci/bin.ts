// `npm run fake-oci` starts here (through scripts/run-bundled.js: one cached bundle run with V8's code cache);
// the command itself is lib/fake-oci/cli.ts.
import { main } from './cli';

main().catch((err: unknown) => {
  process.stderr.write(`fake OCI API failed to start: ${(err as Error).message}\n`);
  process.exit(1);
});

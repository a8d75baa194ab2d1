// `npm run bootstrap` starts here (through scripts/run-bundled.js: one cached bundle, not ~2,000 SDK modules
// through a require hook); the command itself is lib/bootstrap/cli.ts.
import { main } from './cli';

main(process.argv.slice(2)).then((code) => { process.exitCode = code; });

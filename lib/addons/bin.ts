// `npm run addons` starts here (through scripts/run-bundled.js); the command itself is lib/addons/cli.ts.
import { main } from './cli';

process.exitCode = main(process.argv.slice(2));

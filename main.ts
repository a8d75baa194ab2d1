// cdk8s app entry point: `npm run synth` and `npx cdk8s synth` (cdk8s.yaml) both run this file.
import { main } from './lib/synth/cli';

process.exitCode = main(process.argv.slice(2));

// cdk8s app entry point: `npm run synth` and `npx cdk8s synth` (cdk8s.yaml) both run this file.
// The guard checks every synthesized object before anything is written.
import { guardSynthCheck } from './lib/synth/guarded';
import { main } from './lib/synth/cli';

process.exitCode = main(process.argv.slice(2), [guardSynthCheck]);

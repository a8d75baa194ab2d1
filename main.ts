// cdk8s app entry point: `npm run synth` and `npx cdk8s synth` (cdk8s.yaml) both run this file.
// The guard checks every synthesized object before anything is written; your workload modules are
// registered per environment in workloads/index.ts.
import { guardSynthCheck } from './lib/synth/guarded';
import { main } from './lib/synth/cli';
import { workloads } from './workloads';

process.exitCode = main(process.argv.slice(2), { checks: [guardSynthCheck], workloads });

// `npm ci` runs this (root prepare script; npm skips it when this package is installed as a dependency): puts the pinned helm under .tools/ for the add-on render tests.
// See lib/addons/helm-binary.ts for where the binary comes from and how it is checked.
import * as path from 'node:path';
import { HELM_ENV, HELM_PIN, installHelm } from '../lib/addons/helm-binary';

try {
  const { path: file, outcome } = installHelm();
  const where = path.relative(process.cwd(), file);
  if (outcome === 'unsupported') {
    console.log(`helm: no pinned binary for ${process.platform}-${process.arch}; set ${HELM_ENV} to a helm ${HELM_PIN.version} binary to run the add-on render tests`);
  } else {
    console.log(`helm ${HELM_PIN.version}: ${outcome === 'present' ? 'present and verified' : 'installed and verified'} at ${where}`);
  }
} catch (err) {
  console.error(`helm ${HELM_PIN.version} could not be installed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}

// @ts-check
/**
 * Second step of `npm run build`: copies the files the compiled guard reads at run time next to it.
 * lib/guard/schema/validator.ts finds them three folders above its own (the project root in the sources,
 * build/ once compiled): the Kubernetes v1.34 schema and the vendored CRDs.
 */
const fs = require('node:fs');
const path = require('node:path');

/** Paths relative to the project root, copied to the same paths under build/. */
const ASSETS = ['schemas/kubernetes/v1.34.0/_definitions.json', 'crds/external-secrets.io.yaml', 'crds/argoproj.io.yaml'];

function copyAssets(root = path.resolve(__dirname, '..')) {
  for (const rel of ASSETS) {
    const target = path.join(root, 'build', rel);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(path.join(root, rel), target);
  }
}

module.exports = { ASSETS, copyAssets };
if (require.main === module) copyAssets();

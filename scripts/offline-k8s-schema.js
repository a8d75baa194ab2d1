// Preloaded by `npm run import`: `cdk8s import k8s@X` downloads the Kubernetes schema from a URL
// hard-coded in cdk8s-cli (no local-file option). This serves the vendored copy instead, so the
// import works offline and always from the same bytes.
const fs = require('fs');
const path = require('path');
const util = require(path.join(path.dirname(require.resolve('cdk8s-cli/package.json')), 'lib', 'util.js'));

const original = util.download;
util.download = async (url) => {
  const m = /kubernetes-schemas\/v([0-9.]+)\/_definitions\.json$/.exec(url);
  if (m) {
    const file = path.join(__dirname, '..', 'schemas', 'kubernetes', `v${m[1]}`, '_definitions.json');
    if (!fs.existsSync(file)) throw new Error(`no vendored Kubernetes schema for v${m[1]} at ${file}`);
    return fs.readFileSync(file, 'utf8');
  }
  return original(url);
};

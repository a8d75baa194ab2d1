// @ts-check
/**
 * The OCI SDK signs every request with its private key given as PEM text, so node:crypto parses that PEM
 * again on each call: about half the CPU of a signature (~2 ms of ~4 ms here). The tests send thousands of
 * signed requests to the fake, so the parsed key is kept: `Sign.prototype.sign(pem)` becomes
 * `sign(createPrivateKey(pem))` with the KeyObject cached. RSA PKCS#1 v1.5 signatures are deterministic, so
 * every signature is byte for byte the one the SDK would have made; the SDK and the fake's verification are
 * untouched. Only unencrypted PEM given as a string or Buffer is cached; anything else goes through as is.
 *
 * Installed once per jest worker process by test/support/jest-environment.js (outside the test files'
 * sandboxes: node:crypto is shared by every test file a worker runs). Test support only.
 */
const { createPrivateKey, Sign } = require('node:crypto');

const INSTALLED = Symbol.for('oke-vn.test.sign-key-cache');
/** A handful of test keys per worker; the bound only guards against an unexpected flood of keys. */
const MAX_KEYS = 64;
const UNENCRYPTED_PEM = /^-----BEGIN (RSA )?PRIVATE KEY-----\r?\n/;

/** @typedef {(this: import('node:crypto').Sign, key: unknown, outputEncoding?: BufferEncoding) => string | Buffer} SignMethod */
/** The prototype, patched in place. */
const proto = /** @type {{ sign: SignMethod } & Record<symbol, unknown>} */ (/** @type {unknown} */ (Sign.prototype));
if (proto[INSTALLED] !== true) {
  const original = proto.sign;
  /** @type {Map<string, import('node:crypto').KeyObject>} */
  const cache = new Map();
  /** @type {SignMethod} */
  const sign = function sign(key, outputEncoding) {
    const pem = typeof key === 'string' ? key : Buffer.isBuffer(key) ? key.toString('latin1') : undefined;
    if (pem === undefined || !UNENCRYPTED_PEM.test(pem)) return original.call(this, key, outputEncoding);
    let parsed = cache.get(pem);
    if (parsed === undefined) {
      parsed = createPrivateKey(pem);
      if (cache.size >= MAX_KEYS) cache.clear();
      cache.set(pem, parsed);
    }
    return original.call(this, parsed, outputEncoding);
  };
  proto.sign = sign;
  Object.defineProperty(proto, INSTALLED, { value: true });
}

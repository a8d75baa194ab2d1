import { type ApiKeyPair, generateApiKeyPair } from '../../lib/fake-oci';

/** Offered by test/support/jest-environment.js: one JSON value per jest worker process. */
type WorkerCache = (key: string, make: () => ApiKeyPair) => ApiKeyPair;

let pair: ApiKeyPair | undefined;

/**
 * The API signing key of the harnesses: generated at test time (never stored), once per jest worker process
 * (once per test file under another environment). An RSA-2048 key pair costs 0.1-0.7 s of CPU, more than many
 * test files spend testing. Each fake registers it afresh, so a fake knows only the keys given to it; tests
 * about other keys generate their own.
 */
export function testKeyPair(): ApiKeyPair {
  const workerCache = (globalThis as { __okeVnWorkerCache?: WorkerCache }).__okeVnWorkerCache;
  pair ??= workerCache === undefined ? generateApiKeyPair() : workerCache('test-api-key-pair', generateApiKeyPair);
  return pair;
}

import { type ApiKeyPair, generateApiKeyPair } from '../../lib/fake-oci';

let pair: ApiKeyPair | undefined;

/**
 * The API signing key of a test file's harnesses: generated at test time (never stored), once per test file.
 * An RSA-2048 key pair costs 0.1-0.4 s of CPU; a fault suite starts a dozen fakes. Each fake registers it
 * afresh, so a fake still knows only the keys given to it; tests about other keys generate their own.
 */
export function testKeyPair(): ApiKeyPair {
  pair ??= generateApiKeyPair();
  return pair;
}

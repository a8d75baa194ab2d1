import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** An API signing key pair generated at run time (never stored in the repository). */
export interface ApiKeyPair {
  /** PKCS#8 PEM private key. */
  privateKeyPem: string;
  /** SPKI PEM public key. */
  publicKeyPem: string;
  /** OCI fingerprint: MD5 of the DER SubjectPublicKeyInfo, colon-separated hex. */
  fingerprint: string;
}

export function generateApiKeyPair(): ApiKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    fingerprint: fingerprintOf(publicKey),
  };
}

export function fingerprintOf(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('md5').update(der).digest('hex').match(/../g)!.join(':');
}

/** What writeConfig produced. */
export interface WrittenConfig {
  /** Path of the OCI config file (profile DEFAULT). */
  configFile: string;
  /** Path of the private key (mode 0600). */
  keyFile: string;
  profile: 'DEFAULT';
  tenancyId: string;
  userId: string;
  fingerprint: string;
  region: string;
  /** keyId the fake accepts: `<tenancy>/<user>/<fingerprint>`. */
  keyId: string;
}

/** Writes `config` + `oci_api_key.pem` into dir; the caller registers the public key with the fake. */
export function writeOciConfig(
  dir: string,
  identity: { tenancyId: string; userId: string; region: string },
  pair: ApiKeyPair,
): WrittenConfig {
  const absDir = resolve(dir);
  mkdirSync(absDir, { recursive: true });
  const keyFile = join(absDir, 'oci_api_key.pem');
  const configFile = join(absDir, 'config');
  writeFileSync(keyFile, pair.privateKeyPem, { mode: 0o600 });
  const config = [
    '[DEFAULT]',
    `user=${identity.userId}`,
    `fingerprint=${pair.fingerprint}`,
    `tenancy=${identity.tenancyId}`,
    `region=${identity.region}`,
    `key_file=${keyFile}`,
    '',
  ].join('\n');
  writeFileSync(configFile, config, { mode: 0o600 });
  // `mode` applies only when a file is created; tighten files that already existed too.
  chmodSync(keyFile, 0o600);
  chmodSync(configFile, 0o600);
  return {
    configFile, keyFile, profile: 'DEFAULT', tenancyId: identity.tenancyId, userId: identity.userId,
    fingerprint: pair.fingerprint, region: identity.region,
    keyId: `${identity.tenancyId}/${identity.userId}/${pair.fingerprint}`,
  };
}

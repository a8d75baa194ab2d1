/**
 * Checks a user's certificate and private key and turns them into the vault bundle of lib/tls-bundle.ts. Pure: no
 * I/O. The key never appears in a return value other than the bundle itself, nor in an error message.
 */
import { createPrivateKey, KeyObject, X509Certificate } from 'crypto';
import { pemBlocks, TLS_BUNDLE } from '../tls-bundle';
import { BootstrapError } from './errors';

/** What may be printed about a certificate. */
export interface CertificateSummary {
  readonly subject: string;
  /** subjectAltName as the certificate lists it, e.g. `DNS:app.example.com, DNS:www.example.com`. */
  readonly subjectAltName: string;
  readonly validFrom: Date;
  readonly validTo: Date;
  /** SHA-256 fingerprint of the leaf, colon-separated hex. */
  readonly fingerprint256: string;
  /** Certificates in the bundle, leaf included. */
  readonly chainLength: number;
}

export interface TlsBundleInput {
  /** PEM text of the certificate file: the leaf and its intermediates, any order. */
  readonly certificatePem: string;
  /** PEM text of the private key file (PKCS#8, PKCS#1 RSA or SEC1 EC; not encrypted). */
  readonly privateKeyPem: string;
  /** Names for messages. */
  readonly certificateFile: string;
  readonly privateKeyFile: string;
  /** The host the Ingress serves (`ingress.host`): the leaf must cover it. */
  readonly host: string;
  /** Clock for the validity check. */
  readonly now: Date;
}

export interface TlsBundle {
  /** The vault secret's content: PKCS#8 key, then the chain, leaf first. */
  readonly content: string;
  readonly summary: CertificateSummary;
}

function fail(message: string): never {
  throw new BootstrapError(message, 'bad-certificate');
}

function readKey(pem: string, file: string): KeyObject {
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/.test(pem)) {
    fail(`${file}: the private key is encrypted; give the unencrypted key (e.g. decrypt it in a pipe: --key <(openssl pkey -in ${file}))`);
  }
  try {
    return createPrivateKey({ key: pem, format: 'pem' });
  } catch (e) {
    // The error of a key parser names no key material, but only its code is passed on.
    fail(`${file}: no readable private key (PEM PKCS#8, PKCS#1 RSA or SEC1 EC expected; ${(e as { code?: string }).code ?? 'unreadable'})`);
  }
}

function readCertificates(pem: string, file: string): X509Certificate[] {
  const blocks = pemBlocks(pem, TLS_BUNDLE.certificatePemType);
  if (blocks.length === 0) fail(`${file}: no "-----BEGIN CERTIFICATE-----" block; give the certificate (with its chain) in PEM`);
  return blocks.map((b, i) => {
    try {
      return new X509Certificate(b);
    } catch {
      return fail(`${file}: certificate ${i + 1} of ${blocks.length} does not parse as X.509`);
    }
  });
}

/**
 * The vault bundle for a certificate and key, after checking what a client would otherwise find out: the key
 * matches a certificate, that certificate covers the host, it is valid now, and each certificate is issued by
 * the next one (leaf, intermediates, optionally the root).
 */
export function buildTlsBundle(input: TlsBundleInput): TlsBundle {
  const key = readKey(input.privateKeyPem, input.privateKeyFile);
  const certs = readCertificates(input.certificatePem, input.certificateFile);
  const leafIndex = certs.findIndex((c) => c.checkPrivateKey(key));
  if (leafIndex < 0) fail(`${input.certificateFile}: no certificate in it matches the private key in ${input.privateKeyFile}; give the key the certificate was issued for`);
  const leaf = certs[leafIndex] as X509Certificate;
  const chain = [leaf, ...certs.filter((_, i) => i !== leafIndex)];
  if (leaf.checkHost(input.host) === undefined) {
    fail(`${input.certificateFile}: the certificate (${leaf.subjectAltName ?? leaf.subject.replace(/\n/g, ', ')}) does not cover ingress.host "${input.host}"; get one for that name or change ingress.host`);
  }
  const validFrom = new Date(leaf.validFrom);
  const validTo = new Date(leaf.validTo);
  if (validTo <= input.now) fail(`${input.certificateFile}: the certificate expired on ${validTo.toISOString()}; renew it`);
  if (validFrom > input.now) fail(`${input.certificateFile}: the certificate is valid only from ${validFrom.toISOString()}; clients would reject it until then`);
  for (let i = 0; i + 1 < chain.length; i += 1) {
    const [child, issuer] = [chain[i] as X509Certificate, chain[i + 1] as X509Certificate];
    if (!child.checkIssued(issuer) || !child.verify(issuer.publicKey)) {
      fail(`${input.certificateFile}: certificate ${i + 2} of the chain (${issuer.subject.replace(/\n/g, ', ')}) did not issue the one before it (${child.subject.replace(/\n/g, ', ')}); list the leaf, then each issuer in turn`);
    }
  }
  const content = String(key.export({ type: 'pkcs8', format: 'pem' })) + chain.map((c) => c.toString()).join('');
  const size = Buffer.byteLength(content, 'utf8');
  if (size > TLS_BUNDLE.maxBytes) fail(`${input.certificateFile}: key and chain take ${size} bytes, above the ${TLS_BUNDLE.maxBytes} a vault secret holds; drop the root certificate from the chain (clients have it)`);
  return {
    content,
    summary: {
      subject: leaf.subject.replace(/\n/g, ', '),
      subjectAltName: leaf.subjectAltName ?? '',
      validFrom,
      validTo,
      fingerprint256: leaf.fingerprint256,
      chainLength: chain.length,
    },
  };
}

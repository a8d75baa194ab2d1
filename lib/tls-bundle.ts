/**
 * The one format the certificate has in OCI Vault, agreed between the bootstrap's `put-certificate` (which writes
 * it) and the ExternalSecret template ESO renders it with (lib/constructs/vault-tls-certificate.ts).
 *
 * One vault secret holds the whole PEM bundle: the private key as PKCS#8 (`-----BEGIN PRIVATE KEY-----`), then the
 * certificate chain, leaf first. One secret, not two: a renewal is then one new secret version, so ESO can never read
 * a new certificate with an old key. ESO splits it with its `filterPEM` template function (external-secrets v2.9.0
 * `runtime/template/v2/pem.go`: every PEM block whose type equals the argument, case-insensitively, in order; the
 * pattern of ESO's own docs, `docs/snippets/filterpem-template-v2-external-secret.yaml`).
 */
export const TLS_BUNDLE = {
  /** PEM block type of the key: PKCS#8, whatever the key's algorithm (put-certificate converts PKCS#1 and SEC1 keys). */
  keyPemType: 'PRIVATE KEY',
  /** PEM block type of each certificate of the chain. */
  certificatePemType: 'CERTIFICATE',
  /** OCI Vault: "The maximum allowable size for a secret bundle is 25 KB" (Updating a Secret's Content). */
  maxBytes: 25 * 1024,
} as const;

/** Key of the fetched bundle in the ExternalSecret (`{{ .bundle }}` in its template). */
export const TLS_BUNDLE_KEY = 'bundle';

/** ESO v2 templates producing the kubernetes.io/tls Secret's two keys from the bundle. */
export const TLS_SECRET_TEMPLATE: Readonly<Record<'tls.crt' | 'tls.key', string>> = {
  'tls.crt': `{{ .${TLS_BUNDLE_KEY} | filterPEM "${TLS_BUNDLE.certificatePemType}" }}`,
  'tls.key': `{{ .${TLS_BUNDLE_KEY} | filterPEM "${TLS_BUNDLE.keyPemType}" }}`,
};

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n[\s\S]*?\r?\n-----END \1-----/g;

/**
 * The PEM blocks of one type, in order, each ending in a newline: what ESO's `filterPEM` yields for that type
 * (external-secrets `runtime/template/v2/pem.go`, type compared case-insensitively).
 */
export function pemBlocks(text: string, type: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(PEM_BLOCK)) {
    if ((m[1] as string).toLowerCase() === type.toLowerCase()) out.push(`${m[0].replace(/\r\n/g, '\n')}\n`);
  }
  return out;
}

/**
 * `npm run bootstrap -- put-certificate`: stores the Ingress's TLS certificate and key in the environment's vault
 * as the one secret ESO reads (`ingress.tls.vaultSecretName`, format lib/tls-bundle.ts). The first run creates the
 * secret; a renewal adds a new version, which becomes CURRENT; the same certificate again changes nothing.
 *
 * The key is read from the user's file into memory, checked, sent to OCI inside the bundle, and neither printed,
 * logged, nor written anywhere; errors never carry it (SDK messages are redacted against the bundle).
 */
import * as fs from 'fs';
import * as path from 'path';
import type * as vault from 'oci-vault';
import { Environment, loadEnvironment } from '../config';
import { AuthOptions, resolveAuth } from './auth';
import { captureSdkWarnings, CircuitBreakerOptions, createClients, RetryOptions } from './clients';
import { SecretBox } from './engine';
import { BootstrapError, explain, statusOf } from './errors';
import { placeholderIssues } from './preflight';
import { listAll } from './resources/common';
import { VAULT } from './resources/vault';
import { carriesTags, retryToken, tagsFor } from './tags';
import { buildTlsBundle, CertificateSummary } from './tls-certificate';
import { WaitOptions, Waiter } from './wait';

/** Logical id (freeform tag) of the certificate secret. */
export const TLS_CERTIFICATE_ID = 'tls-certificate-secret';

export interface PutCertificateOptions {
  /** Environment name: `config/<name>.yaml` (with its outputs merged). */
  readonly envName: string;
  /** @default "config" */
  readonly configDir?: string;
  /** PEM file with the certificate and its chain. */
  readonly certificateFile: string;
  /** PEM file with the private key (not encrypted). */
  readonly privateKeyFile: string;
  /** The certificate of this data workload (`workloads.webServices[].ingress.certificate`). @default the app's (`ingress.tls`) */
  readonly workload?: string;
  /**
   * Any other certificate (e.g. of a TypeScript workload module's WebService): the vault secret to write and the host
   * the certificate must cover. Not together with `workload`. @default the app's (`ingress.tls`)
   */
  readonly explicit?: { readonly vaultSecretName: string; readonly host: string };
  /** @default OCI config file ~/.oci/config, profile DEFAULT */
  readonly auth?: AuthOptions;
  /** Base URL of a fake OCI API (tests); unset = real OCI. */
  readonly endpoint?: string;
  readonly retry?: RetryOptions;
  readonly circuitBreaker?: CircuitBreakerOptions;
  readonly wait?: WaitOptions;
  /** Clock for the certificate's validity check. @default now */
  readonly now?: Date;
  /** Receives the SDK's retry lines, redacted. @default dropped */
  readonly debug?: (line: string) => void;
}

/** Where a certificate goes and who serves it. */
export interface CertificateTarget {
  /** The host the certificate must cover. */
  readonly host: string;
  readonly vaultSecretName: string;
  /** The kubernetes.io/tls Secret ESO writes, and its namespace (unknown for an explicit target). */
  readonly secretName?: string;
  readonly namespace?: string;
  /** How often ESO re-reads the vault (unknown for an explicit target). */
  readonly refreshInterval?: string;
  /** Freeform logical-id tag of the vault secret. */
  readonly logicalId: string;
}

export interface PutCertificateResult {
  readonly env: Environment;
  readonly target: CertificateTarget;
  /** `created`: a new secret; `new-version`: the renewal is the CURRENT version; `unchanged`: the vault already held it. */
  readonly action: 'created' | 'new-version' | 'unchanged';
  readonly secretName: string;
  readonly secretId: string;
  /** The CURRENT version number after the run. */
  readonly versionNumber: number;
  readonly certificate: CertificateSummary;
}

type Secret = vault.models.Secret | vault.models.SecretSummary;
const gone = (s: string) => s === 'PENDING_DELETION' || s === 'SCHEDULING_DELETION' || s === 'DELETED';

function readFile(file: string, what: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new BootstrapError(`${what} ${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`, 'usage');
  }
}

const VAULT_SECRET_NAME = /^[A-Za-z0-9_.-]{1,255}$/;

/** The certificate a run is about: the app's (`ingress.tls`), a data workload's (`--workload`) or an explicit one. */
export function certificateTarget(env: Environment, workload?: string, explicit?: PutCertificateOptions['explicit']): CertificateTarget {
  if (explicit !== undefined) {
    if (workload !== undefined) throw new BootstrapError('--workload and --vault-secret/--host name two certificates; give one of them', 'usage');
    if (!VAULT_SECRET_NAME.test(explicit.vaultSecretName)) throw new BootstrapError(`--vault-secret ${explicit.vaultSecretName}: a vault secret name is 1-255 letters, digits, "_", "." or "-"`, 'usage');
    return { host: explicit.host, vaultSecretName: explicit.vaultSecretName, logicalId: `${TLS_CERTIFICATE_ID}-${explicit.vaultSecretName}` };
  }
  if (workload === undefined) {
    const tls = env.ingress.tls;
    if (tls.termination === 'none') {
      throw new BootstrapError(`config/${env.name}.yaml: ingress.tls.termination is "none", so no certificate is used; set it to "traefik" (or "loadBalancer") first`, 'config');
    }
    return { host: env.ingress.host, vaultSecretName: tls.vaultSecretName, secretName: tls.secretName, namespace: env.app.namespace, refreshInterval: env.app.secretRefreshInterval, logicalId: TLS_CERTIFICATE_ID };
  }
  const w = env.workloads.webServices.find((x) => x.name === workload);
  if (w === undefined) {
    const names = env.workloads.webServices.map((x) => x.name);
    throw new BootstrapError(`--workload ${workload}: config/${env.name}.yaml has no such web service (workloads.webServices: ${names.join(', ') || 'none'})`, 'usage');
  }
  const cert = w.ingress?.certificate;
  if (w.ingress === undefined || cert === undefined) {
    throw new BootstrapError(`--workload ${workload}: it has no ingress.certificate; add one (vaultSecretName, secretName) to workloads.webServices "${workload}" in config/${env.name}.yaml`, 'config');
  }
  return { host: w.ingress.host, vaultSecretName: cert.vaultSecretName, secretName: cert.secretName ?? `${w.name}-tls`, namespace: w.namespace, refreshInterval: '1h', logicalId: `${TLS_CERTIFICATE_ID}-${w.name}` };
}

/** A real vault to put the certificate in. */
function checkVault(env: Environment): void {
  const problems = placeholderIssues(env);
  if (env.vault.id.includes('example')) problems.push(`vault.id (got "${env.vault.id}") is the placeholder of config/example.yaml; run \`npm run bootstrap -- apply --env ${env.name}\` first: it creates the vault and writes its OCID to config/${env.name}.outputs.json`);
  if (problems.length > 0) throw new BootstrapError(`config/${env.name}.yaml is not ready for OCI:\n${problems.map((p) => `  - ${p}`).join('\n')}`, 'config');
}

/** Checks the files, then creates the vault secret or adds a version to it. */
export async function putCertificate(o: PutCertificateOptions): Promise<PutCertificateResult> {
  const env = loadEnvironment(o.envName, { configDir: path.resolve(o.configDir ?? 'config') });
  const target = certificateTarget(env, o.workload, o.explicit);
  checkVault(env);
  const bundle = buildTlsBundle({
    certificatePem: readFile(o.certificateFile, '--cert'), privateKeyPem: readFile(o.privateKeyFile, '--key'),
    certificateFile: o.certificateFile, privateKeyFile: o.privateKeyFile, host: target.host, now: o.now ?? new Date(),
  });
  const content = Buffer.from(bundle.content, 'utf8').toString('base64');
  // Anything printed on the way (SDK retry lines, error messages) is redacted against the bundle and the key.
  const box = new SecretBox();
  box.set('tls-bundle', bundle.content);
  const restoreWarn = captureSdkWarnings((line) => o.debug?.(box.redact(line)));
  const auth = await resolveAuth(o.auth ?? { kind: 'config-file' }, env.oci.region);
  const clients = createClients({ provider: auth.provider, region: env.oci.region, endpoint: o.endpoint, retry: o.retry, circuitBreaker: o.circuitBreaker });
  const waiter = new Waiter(o.wait);
  const secretName = target.vaultSecretName;
  const what = `vault secret "${secretName}"`;
  const waitActive = (s: Secret): Promise<vault.models.Secret> => waiter.until(what, 'secret', async () => (await clients.vaults.getSecret({ secretId: s.id })).secret,
    (x) => x.lifecycleState === 'ACTIVE', (x) => (x.lifecycleState === 'FAILED' ? 'went FAILED' : undefined));
  try {
    const existing = (await listAll((page) => clients.vaults.listSecrets({ compartmentId: env.oci.compartmentId, vaultId: env.vault.id, name: secretName, page })))
      .filter((s) => s.secretName === secretName);
    const live = existing.find((s) => !gone(String(s.lifecycleState)));
    if (live === undefined && existing.length > 0) {
      throw new BootstrapError(`${what}: the name is reserved by a secret scheduled for deletion in vault ${env.vault.id}; cancel its deletion in the console (or \`oci vault secret cancel-secret-deletion\`) and re-run, or set ingress.tls.vaultSecretName to a new name`, 'conflict');
    }
    if (live !== undefined) {
      const secret = await waitActive(live);
      const current = (await clients.secrets.getSecretBundle({ secretId: secret.id })).secretBundle;
      const held = (current.secretBundleContent as { content?: string } | undefined)?.content;
      if (held === content) return { env, target, action: 'unchanged', secretName, secretId: secret.id, versionNumber: current.versionNumber, certificate: bundle.summary };
      const updated = (await clients.vaults.updateSecret({
        secretId: secret.id,
        updateSecretDetails: { secretContent: { contentType: 'BASE64', content, stage: 'CURRENT' } as vault.models.Base64SecretContentDetails },
      })).secret;
      const active = await waitActive(updated);
      return { env, target, action: 'new-version', secretName, secretId: active.id, versionNumber: active.currentVersionNumber ?? 0, certificate: bundle.summary };
    }
    const key = await vaultKey(clients, env);
    const details: vault.models.CreateSecretDetails = {
      compartmentId: env.oci.compartmentId, vaultId: env.vault.id, keyId: key, secretName,
      description: `TLS certificate and key of ${target.host} (PEM: PKCS#8 key, then the chain; oke-vn put-certificate)`,
      secretContent: { contentType: 'BASE64', content, stage: 'CURRENT' } as vault.models.Base64SecretContentDetails,
      freeformTags: tagsFor(env.name, target.logicalId),
    };
    // The token leaves the content out: a lost answer is replayed, not duplicated (a new certificate then updates).
    const { secretContent: _content, ...stable } = details;
    void _content;
    const created = (await clients.vaults.createSecret({ createSecretDetails: details, opcRetryToken: retryToken(env.name, target.logicalId, 0, stable) })).secret;
    const active = await waitActive(created);
    return { env, target, action: 'created', secretName, secretId: active.id, versionNumber: active.currentVersionNumber ?? 1, certificate: bundle.summary };
  } catch (e) {
    const err = e instanceof BootstrapError ? e : explain(e, `${what} in vault ${env.vault.id}`);
    throw new BootstrapError(box.redact(err.message), err.kind, err.status, err.code);
  } finally {
    restoreWarn();
  }
}

/** The vault's key the bootstrap created (by its tags): secrets are encrypted with it. */
async function vaultKey(clients: ReturnType<typeof createClients>, env: Environment): Promise<string> {
  let endpoint: string;
  try {
    endpoint = (await clients.kmsVault.getVault({ vaultId: env.vault.id })).vault.managementEndpoint;
  } catch (e) {
    if (statusOf(e) === 404) throw new BootstrapError(`vault.id ${env.vault.id}: not found or not authorized; run \`npm run bootstrap -- apply --env ${env.name}\` (it creates the vault) or check your policies`, 'not-found', 404);
    throw e;
  }
  const keys = await listAll((page) => clients.kmsManagement(endpoint).listKeys({ compartmentId: env.oci.compartmentId, page }));
  const ours = keys.find((k) => k.vaultId === env.vault.id && k.lifecycleState === 'ENABLED' && carriesTags(k.freeformTags, env.name, VAULT.key));
  if (ours === undefined) {
    throw new BootstrapError(`vault ${env.vault.id}: no ENABLED key tagged ${VAULT.key} for environment "${env.name}"; run \`npm run bootstrap -- apply --env ${env.name}\` (it creates the key)`, 'not-found');
  }
  return ours.id;
}

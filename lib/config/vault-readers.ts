import { EnvironmentSpec } from './schema';

/**
 * A Kubernetes ServiceAccount that reads the environment's vault through OKE Workload Identity, and the vault
 * secrets (by name) it reads: the IAM policy lets it read exactly these.
 */
export interface VaultReader {
  readonly namespace: string;
  readonly serviceAccount: string;
  /** Vault secret names, each once, in the order first named. */
  readonly secrets: readonly string[];
}

type Workload = EnvironmentSpec['workloads']['webServices'][number] | EnvironmentSpec['workloads']['workers'][number];

/**
 * Every ServiceAccount the environment's Workload Identity policy lets read the vault, once each, with the secrets it
 * reads:
 * - the app's: its own DB user's password, the OCIR auth token (app.pullSecret), the Ingress certificate (ingress.tls);
 * - the DB-user Job's: the admin password and the app user's password (it sets the one with the other), the OCIR token;
 * - each data workload that reads the vault (its SecretStore authenticates as the workload's own ServiceAccount, named
 *   after it): the vault secrets of its `secrets`, the OCIR token (ocirPullSecret), its Ingress certificate;
 * - `vault.readers`, as declared.
 * A ServiceAccount named twice reads the union. The bootstrap writes one policy statement per ServiceAccount and secret;
 * the synth checks every SecretStore and ExternalSecret against this list (lib/workloads/vault-access.ts).
 */
export function vaultReaders(spec: EnvironmentSpec): VaultReader[] {
  const token = (wanted: boolean) => (wanted ? [spec.app.pullSecret.authTokenSecretName] : []);
  const tls = spec.ingress.tls.termination === 'none' ? [] : [spec.ingress.tls.vaultSecretName];
  const appUser = spec.database.appUser;
  const workload = (w: Workload): VaultReader => ({
    namespace: w.namespace,
    serviceAccount: w.name,
    secrets: [
      ...w.secrets.flatMap((s) => s.keys.map((k) => k.vaultSecretName)),
      ...token(w.ocirPullSecret),
      ...('ingress' in w && w.ingress?.certificate !== undefined ? [w.ingress.certificate.vaultSecretName] : []),
    ],
  });
  const all: VaultReader[] = [
    {
      namespace: spec.app.namespace, serviceAccount: spec.app.serviceAccountName,
      secrets: [spec.vault.dbAppPasswordSecretName, ...token(spec.app.pullSecret.enabled), ...tls],
    },
    {
      namespace: appUser.provisionerNamespace, serviceAccount: appUser.provisionerServiceAccountName,
      secrets: [spec.vault.dbPasswordSecretName, spec.vault.dbAppPasswordSecretName, ...token(spec.app.pullSecret.enabled)],
    },
    ...[...spec.workloads.webServices, ...spec.workloads.workers].map(workload).filter((r) => r.secrets.length > 0),
    ...spec.vault.readers,
  ];
  const byAccount = new Map<string, { namespace: string; serviceAccount: string; secrets: Set<string> }>();
  for (const r of all) {
    const key = `${r.namespace}/${r.serviceAccount}`;
    const entry = byAccount.get(key) ?? { namespace: r.namespace, serviceAccount: r.serviceAccount, secrets: new Set<string>() };
    for (const s of r.secrets) entry.secrets.add(s);
    byAccount.set(key, entry);
  }
  return [...byAccount.values()].map((r) => ({ namespace: r.namespace, serviceAccount: r.serviceAccount, secrets: [...r.secrets] }));
}

import { EnvironmentSpec } from './schema';

/** A Kubernetes ServiceAccount that reads the environment's vault through OKE Workload Identity. */
export interface VaultReader {
  readonly namespace: string;
  readonly serviceAccount: string;
}

/**
 * Every ServiceAccount the environment's Workload Identity policy lets read the vault, once each: the
 * app's, those of the data workloads that read the vault (secrets, an OCIR pull secret or a certificate: their
 * SecretStore authenticates as the workload's own ServiceAccount, named after it), then `vault.readers`.
 * The bootstrap writes one policy statement per entry; the synth checks every SecretStore against it.
 */
export function vaultReaders(spec: EnvironmentSpec): VaultReader[] {
  const workloads = [...spec.workloads.webServices, ...spec.workloads.workers]
    .filter((w) => w.secrets.length > 0 || w.ocirPullSecret || ('ingress' in w && w.ingress?.certificate !== undefined))
    .map((w) => ({ namespace: w.namespace, serviceAccount: w.name }));
  const all = [{ namespace: spec.app.namespace, serviceAccount: spec.app.serviceAccountName }, ...workloads, ...spec.vault.readers];
  const seen = new Set<string>();
  return all.filter((r) => {
    const key = `${r.namespace}/${r.serviceAccount}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

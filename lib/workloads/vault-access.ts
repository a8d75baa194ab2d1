import { Environment, vaultReaders } from '../config';
import { ManifestFile } from '../synth/environment-app';

interface OracleProvider {
  readonly principalType?: string;
  readonly serviceAccountRef?: { readonly name?: string; readonly namespace?: string };
}

/**
 * SecretStores that read OCI Vault with OKE Workload Identity as a ServiceAccount the environment's IAM
 * policy does not name: ESO would get "NotAuthorizedOrNotFound" at run time. One line each, with the fix.
 */
export function unauthorizedSecretStores(env: Environment, files: readonly ManifestFile[]): string[] {
  const allowed = new Set(vaultReaders(env).map((r) => `${r.namespace}/${r.serviceAccount}`));
  const problems: string[] = [];
  for (const file of files) {
    for (const o of file.objects) {
      if (o.kind !== 'SecretStore' || !o.apiVersion.startsWith('external-secrets.io/')) continue;
      const oracle = ((o.spec as { provider?: { oracle?: OracleProvider } } | undefined)?.provider?.oracle);
      if (oracle?.principalType !== 'Workload' || oracle.serviceAccountRef?.name === undefined) continue;
      const ns = oracle.serviceAccountRef.namespace ?? o.metadata?.namespace ?? '';
      const sa = oracle.serviceAccountRef.name;
      if (allowed.has(`${ns}/${sa}`)) continue;
      problems.push(`${env.name}: ${file.path}: SecretStore ${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''} reads OCI Vault as ServiceAccount ${ns}/${sa}, which the environment's Workload Identity policy does not name; `
        + `add { namespace: ${ns}, serviceAccount: ${sa} } to vault.readers in config/${env.name}.yaml, then run \`npm run bootstrap -- apply --env ${env.name}\``);
    }
  }
  return problems;
}

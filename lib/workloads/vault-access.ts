import { Environment, vaultReaders } from '../config';
import { KubeObject, ManifestFile } from '../synth/environment-app';

interface OracleProvider {
  readonly principalType?: string;
  readonly serviceAccountRef?: { readonly name?: string; readonly namespace?: string };
}

interface ExternalSecretSpec {
  readonly secretStoreRef?: { readonly name?: string; readonly kind?: string };
  readonly data?: ReadonlyArray<{ readonly remoteRef?: { readonly key?: string } }>;
}

/** The ServiceAccount (`namespace/name`) a Workload Identity SecretStore reads OCI Vault as, or undefined. */
function workloadIdentityAccount(store: KubeObject): string | undefined {
  if (store.kind !== 'SecretStore' || !store.apiVersion.startsWith('external-secrets.io/')) return undefined;
  const oracle = ((store.spec as { provider?: { oracle?: OracleProvider } } | undefined)?.provider?.oracle);
  if (oracle?.principalType !== 'Workload' || oracle.serviceAccountRef?.name === undefined) return undefined;
  return `${oracle.serviceAccountRef.namespace ?? store.metadata?.namespace ?? ''}/${oracle.serviceAccountRef.name}`;
}

function isExternalSecret(o: KubeObject): boolean {
  return o.kind === 'ExternalSecret' && o.apiVersion.startsWith('external-secrets.io/');
}

/** Vault secret names an ExternalSecret reads (`data[].remoteRef.key`). */
function vaultKeysOf(externalSecret: KubeObject): string[] {
  return ((externalSecret.spec as ExternalSecretSpec | undefined)?.data ?? []).flatMap((d) => (d.remoteRef?.key === undefined ? [] : [d.remoteRef.key]));
}

/**
 * Reads of OCI Vault through OKE Workload Identity that the environment's IAM policy (one statement per ServiceAccount
 * and vault secret: lib/config/vault-readers.ts) does not allow; ESO would get "NotAuthorizedOrNotFound" at run time:
 * a SecretStore authenticating as a ServiceAccount the policy does not name, and an ExternalSecret of such a store
 * reading a vault secret its ServiceAccount may not read. One line each, with the fix.
 */
export function unauthorizedSecretStores(env: Environment, files: readonly ManifestFile[]): string[] {
  const allowed = new Map(vaultReaders(env).map((r) => [`${r.namespace}/${r.serviceAccount}`, new Set(r.secrets)]));
  const objects = files.flatMap((file) => file.objects.map((o) => ({ file: file.path, o })));
  const storeAccount = new Map<string, string>();
  for (const { o } of objects) {
    const account = workloadIdentityAccount(o);
    if (account !== undefined) storeAccount.set(`${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`, account);
  }
  /** Vault secrets the ExternalSecrets of each Workload Identity store read, for the fix of an unknown ServiceAccount. */
  const readsByStore = new Map<string, Set<string>>();
  const storeProblems: string[] = [];
  const readProblems: string[] = [];
  const reader = (account: string) => {
    const [namespace, serviceAccount] = account.split('/');
    return { namespace, serviceAccount };
  };
  const apply = `then run \`npm run bootstrap -- apply --env ${env.name}\``;
  for (const { file, o } of objects) {
    if (!isExternalSecret(o)) continue;
    const ref = (o.spec as ExternalSecretSpec | undefined)?.secretStoreRef;
    if (ref?.name === undefined || (ref.kind ?? 'SecretStore') !== 'SecretStore') continue;
    const store = `${o.metadata?.namespace ?? ''}/${ref.name}`;
    const account = storeAccount.get(store);
    if (account === undefined) continue;
    const keys = vaultKeysOf(o);
    const reads = readsByStore.get(store) ?? new Set<string>();
    keys.forEach((k) => reads.add(k));
    readsByStore.set(store, reads);
    const secrets = allowed.get(account);
    if (secrets === undefined) continue;
    for (const key of keys.filter((k) => !secrets.has(k))) {
      const { namespace, serviceAccount } = reader(account);
      readProblems.push(`${env.name}: ${file}: ExternalSecret ${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''} reads vault secret "${key}" through SecretStore ${store} as ServiceAccount ${account}, `
        + `which the environment's Workload Identity policy does not allow to read it; add "${key}" to the secrets of { namespace: ${namespace}, serviceAccount: ${serviceAccount} } in vault.readers in config/${env.name}.yaml, ${apply}`);
    }
  }
  for (const { file, o } of objects) {
    const account = workloadIdentityAccount(o);
    if (account === undefined || allowed.has(account)) continue;
    const store = `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;
    const { namespace, serviceAccount } = reader(account);
    const secrets = [...(readsByStore.get(store) ?? [])];
    storeProblems.push(`${env.name}: ${file}: SecretStore ${store} reads OCI Vault as ServiceAccount ${account}, which the environment's Workload Identity policy does not name; `
      + `add { namespace: ${namespace}, serviceAccount: ${serviceAccount}, secrets: [${secrets.length > 0 ? secrets.join(', ') : '<vault secret names it reads>'}] } to vault.readers in config/${env.name}.yaml, ${apply}`);
  }
  return [...storeProblems, ...readProblems];
}

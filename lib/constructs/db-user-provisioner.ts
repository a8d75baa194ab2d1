import { Construct } from 'constructs';
import { KubeJob, Quantity } from '../../imports/k8s';
import { OciVaultSecretStore } from './oci-vault-secret-store';
import { OcirPullSecret, VaultExternalSecret } from './vault-external-secret';
import type { VirtualNodeScheduling } from './virtual-node-deployment';
import { WorkloadIdentityServiceAccount } from './workload-identity-service-account';

/** What the Job's program (the app image's second entry point) reads; app/src/db-user/config.ts is the reader. */
export const DB_USER_JOB_CONTRACT = {
  /** The entry point in the app image. */
  command: ['node', 'app/build/db-user/main.js'],
  /** Directory the two password files are mounted in; the files are named after the Secret keys. */
  passwordMountDir: '/var/run/secrets/db-user',
  adminPasswordKey: 'admin-password',
  appPasswordKey: 'app-password',
  env: {
    host: 'DB_HOST', port: 'DB_PORT', schema: 'DB_NAME', tlsMode: 'DB_TLS_MODE',
    adminUser: 'DB_ADMIN_USER', adminPasswordFile: 'DB_ADMIN_PASSWORD_FILE', appUser: 'DB_APP_USER', appPasswordFile: 'DB_APP_PASSWORD_FILE',
  },
} as const;

export interface DbUserProvisionerProps {
  /**
   * Namespace of its own: the only one whose ServiceAccount may read the admin password. Not created here: the
   * environment's 10-namespaces file creates it (derived from these objects) with the Pod Security Admission labels.
   */
  readonly namespace: string;
  /** ServiceAccount of the Job and of the SecretStore's Workload Identity; the IAM policy names it. */
  readonly serviceAccountName: string;
  /** Labels on every object. @default none */
  readonly labels?: Readonly<Record<string, string>>;
  /** The vault and the two secrets (by name) the Job needs. */
  readonly vault: {
    readonly id: string;
    readonly region: string;
    /** Vault secret holding the MySQL admin password. */
    readonly adminPasswordSecretName: string;
    /** Vault secret holding the app user's password (the app reads the same one). */
    readonly appPasswordSecretName: string;
    /** How often ESO re-reads the vault (Go duration). */
    readonly refreshInterval: string;
  };
  /** OCIR pull secret built by ESO, when the image is private. @default none */
  readonly pullSecret?: { readonly registry: string; readonly username: string; readonly authTokenSecretName: string };
  /** The app image (it carries the Job's entry point). */
  readonly image: string;
  /** The MySQL DB system and the two users. */
  readonly database: {
    readonly host: string;
    readonly port: number;
    /** Schema the app user gets rights on (created if missing). */
    readonly schema: string;
    readonly adminUser: string;
    readonly appUser: string;
    readonly tlsMode: 'DISABLED' | 'REQUIRED' | 'VERIFY_IDENTITY';
  };
  readonly scheduling: VirtualNodeScheduling;
  /** Whole OCPUs and GiB; requests equal limits (virtual nodes bill whole OCPUs). @default { cpu: 1, memoryGiB: 1 } */
  readonly resources?: { readonly cpu: number; readonly memoryGiB: number };
  /** Seconds a finished Job (and its billed pod) is kept; virtual nodes bill until it is deleted. @default 300 */
  readonly ttlSecondsAfterFinished?: number;
  /** Retries of a failed run (the DB may still be starting). @default 6 */
  readonly backoffLimit?: number;
  /** Hard limit of the whole Job, seconds. @default 900 */
  readonly activeDeadlineSeconds?: number;
  /** UID and GID the pod runs as (the image's USER). @default 10001 */
  readonly runAsId?: number;
}

/**
 * Creates the app's least-privilege MySQL user from inside the VCN (the bootstrap cannot reach the private DB): in a
 * namespace of its own, a Workload Identity ServiceAccount, an OCI Vault SecretStore, one ExternalSecret with the
 * admin and the app user's passwords, and a Job running the app image's `db-user` entry point (idempotent: a re-run
 * changes nothing, a rotated app password is set). The admin password exists in this namespace only.
 */
export class DbUserProvisioner extends Construct {
  /** The Job's name. */
  readonly jobName: string;

  constructor(scope: Construct, id: string, props: DbUserProvisionerProps) {
    super(scope, id);
    const ns = props.namespace;
    const labels = { ...(props.labels ?? {}) };
    const c = DB_USER_JOB_CONTRACT;
    const credentials = 'db-user-credentials';
    const pullSecretName = 'db-user-ocir-pull';
    this.jobName = 'db-user';

    const sa = new WorkloadIdentityServiceAccount(this, 'ServiceAccount', { name: props.serviceAccountName, namespace: ns, labels });
    new OciVaultSecretStore(this, 'SecretStore', { name: 'oci-vault', namespace: ns, labels, vaultId: props.vault.id, region: props.vault.region, serviceAccountName: sa.name });
    new VaultExternalSecret(this, 'Credentials', {
      name: credentials, namespace: ns, labels, secretStoreName: 'oci-vault', targetSecretName: credentials, refreshInterval: props.vault.refreshInterval,
      keys: [
        { secretKey: c.adminPasswordKey, vaultSecretName: props.vault.adminPasswordSecretName },
        { secretKey: c.appPasswordKey, vaultSecretName: props.vault.appPasswordSecretName },
      ],
    });
    if (props.pullSecret !== undefined) {
      new OcirPullSecret(this, 'PullSecret', {
        name: pullSecretName, namespace: ns, labels, secretStoreName: 'oci-vault', refreshInterval: props.vault.refreshInterval, ...props.pullSecret,
      });
    }

    const uid = props.runAsId ?? 10001;
    const cpu = props.resources?.cpu ?? 1;
    const memory = `${props.resources?.memoryGiB ?? 1}Gi`;
    const db = props.database;
    const taint = props.scheduling.taint;
    new KubeJob(this, 'Job', {
      metadata: { name: this.jobName, namespace: ns, labels },
      spec: {
        ttlSecondsAfterFinished: props.ttlSecondsAfterFinished ?? 300,
        backoffLimit: props.backoffLimit ?? 6,
        activeDeadlineSeconds: props.activeDeadlineSeconds ?? 900,
        template: {
          metadata: { labels },
          spec: {
            restartPolicy: 'Never',
            serviceAccountName: sa.name,
            automountServiceAccountToken: false,
            securityContext: { runAsNonRoot: true, runAsUser: uid, runAsGroup: uid },
            nodeSelector: { [props.scheduling.nodeLabel.key]: props.scheduling.nodeLabel.value },
            tolerations: taint === undefined ? undefined : [{ key: taint.key, operator: 'Equal', value: taint.value, effect: taint.effect }],
            imagePullSecrets: props.pullSecret === undefined ? undefined : [{ name: pullSecretName }],
            containers: [{
              name: 'db-user',
              image: props.image,
              command: [...c.command],
              env: [
                { name: c.env.host, value: db.host },
                { name: c.env.port, value: String(db.port) },
                { name: c.env.schema, value: db.schema },
                { name: c.env.tlsMode, value: db.tlsMode },
                { name: c.env.adminUser, value: db.adminUser },
                { name: c.env.adminPasswordFile, value: `${c.passwordMountDir}/${c.adminPasswordKey}` },
                { name: c.env.appUser, value: db.appUser },
                { name: c.env.appPasswordFile, value: `${c.passwordMountDir}/${c.appPasswordKey}` },
              ],
              resources: {
                requests: { cpu: Quantity.fromNumber(cpu), memory: Quantity.fromString(memory) },
                limits: { cpu: Quantity.fromNumber(cpu), memory: Quantity.fromString(memory) },
              },
              securityContext: {
                runAsNonRoot: true, runAsUser: uid, runAsGroup: uid, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false,
                capabilities: { drop: ['ALL'] },
              },
              volumeMounts: [
                { name: 'scratch', mountPath: '/tmp' },
                { name: 'credentials', mountPath: c.passwordMountDir, readOnly: true },
              ],
            }],
            volumes: [
              { name: 'scratch', emptyDir: {} },
              { name: 'credentials', secret: { secretName: credentials, items: [{ key: c.adminPasswordKey, path: c.adminPasswordKey }, { key: c.appPasswordKey, path: c.appPasswordKey }] } },
            ],
          },
        },
      },
    });
  }
}

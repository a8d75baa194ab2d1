import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import type { Environment } from '../config';
import { DbUserProvisioner, type DbUserProvisionerProps } from '../constructs/db-user-provisioner';
import { componentLabels } from '../constructs/labels';
import { imageReference, registryHost } from './image';
import { virtualNodeScheduling } from './scheduling';

/** The DB-user Job of an environment: the app image, the app's schema and user, the admin password's vault secret. */
export function dbUserProvisionerProps(env: Environment): DbUserProvisionerProps {
  const user = env.database.appUser;
  const pull = env.app.pullSecret;
  return {
    namespace: user.provisionerNamespace,
    serviceAccountName: user.provisionerServiceAccountName,
    labels: componentLabels({ name: env.app.name, component: 'db-user' }),
    vault: {
      id: env.vault.id, region: env.oci.region, refreshInterval: env.app.secretRefreshInterval,
      adminPasswordSecretName: env.vault.dbPasswordSecretName, appPasswordSecretName: env.vault.dbAppPasswordSecretName,
    },
    pullSecret: pull.enabled ? { registry: registryHost(env.app.image.repository), username: pull.username, authTokenSecretName: pull.authTokenSecretName } : undefined,
    image: imageReference(env.app.image),
    database: {
      host: env.database.host, port: env.database.port, schema: env.database.schemaName,
      adminUser: env.database.adminUsername, appUser: user.name, tlsMode: env.app.dbTlsMode,
    },
    scheduling: virtualNodeScheduling(env),
  };
}

/**
 * The app's least-privilege MySQL user, made by a Job in a namespace of its own (the only place the admin password is
 * synced to) before the app starts: a file of its own, numbered before the app's, and a sync wave before the app's.
 */
export class DbUserChart extends Chart {
  constructor(scope: Construct, id: string, env: Environment) {
    super(scope, id, { disableResourceNameHashes: true });
    new DbUserProvisioner(this, 'DbUser', dbUserProvisionerProps(env));
  }
}

import type { Route } from '../router';
import { artifactsRoutes } from './artifacts';
import { containerEngineRoutes } from './containerengine';
import { iaasRoutes } from './iaas';
import { identityRoutes } from './identity';
import { kmsManagementRoutes, kmsRoutes } from './kms';
import { kmsRotationRoutes } from './kms-rotation';
import { loggingRoutes } from './logging';
import { mysqlRoutes } from './mysql';
import { mysqlUpdateRoutes } from './mysql-update';
import { secretsRoutes } from './secrets';
import { vaultsRoutes } from './vaults';

/** Routes per service prefix (`/iaas`, `/identity`, …; `kms-management` = a vault's management endpoint). */
export const serviceRoutes: Record<string, Route[]> = {
  iaas: iaasRoutes,
  identity: identityRoutes,
  containerengine: containerEngineRoutes,
  mysql: [...mysqlRoutes, ...mysqlUpdateRoutes],
  kms: kmsRoutes,
  'kms-management': [...kmsManagementRoutes, ...kmsRotationRoutes],
  vaults: vaultsRoutes,
  secrets: secretsRoutes,
  artifacts: artifactsRoutes,
  logging: loggingRoutes,
};

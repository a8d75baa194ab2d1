import type { Route } from '../router';
import { iaasRoutes } from './iaas';

/** Routes per service prefix (`/iaas`, `/identity`, …; `kms-management` = a vault's management endpoint). */
export const serviceRoutes: Record<string, Route[]> = {
  iaas: iaasRoutes,
};

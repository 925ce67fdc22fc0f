/** The route table: every HTTP route of the server, one entry each (see route.ts). */
import { alertRoutes } from './alerts.js';
import { authRoutes } from './auth.js';
import { catalogRoutes } from './catalog.js';
import { healthRoutes } from './health.js';
import { incidentsRoutes } from './incidents.js';
import { opsRoutes } from './ops.js';
import type { RouteSpec } from './route.js';
import { usageRoutes } from './usage.js';

export const ROUTES: readonly RouteSpec[] = [
  ...opsRoutes,
  ...authRoutes,
  ...catalogRoutes,
  ...incidentsRoutes,
  ...alertRoutes,
  ...healthRoutes,
  ...usageRoutes,
];

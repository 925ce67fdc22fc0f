/** The route table: every HTTP route of the server, one entry each (see route.ts). */
import { alertRoutes } from './alerts.js';
import { authRoutes } from './auth.js';
import { catalogRoutes } from './catalog.js';
import { channelRoutes } from './channels.js';
import { healthRoutes } from './health.js';
import { incidentsRoutes } from './incidents.js';
import { oncallRoutes } from './oncall.js';
import { opsRoutes } from './ops.js';
import { publicRoutes } from './public.js';
import { reportsRoutes } from './reports.js';
import type { RouteKeyOf, RouteSpec } from './route.js';
import { telegramRoutes } from './telegram.js';
import { usageRoutes } from './usage.js';

export const ROUTES = [
  ...opsRoutes,
  ...authRoutes,
  ...catalogRoutes,
  ...incidentsRoutes,
  ...alertRoutes,
  ...oncallRoutes,
  ...telegramRoutes,
  ...channelRoutes,
  ...healthRoutes,
  ...usageRoutes,
  ...publicRoutes,
  ...reportsRoutes,
] as const satisfies readonly RouteSpec[];

/** Any declared route. */
export type Route = (typeof ROUTES)[number];
/** `"<method> <path>"` of every declared route. */
export type RouteKey = RouteKeyOf<Route>;

/*
 * The store's names, one place: every document collection, sorted set and pub/sub channel the
 * server uses, so that keys never drift and no two owners pick the same name. The values are the
 * keys already holding data (and the archive's folder names): renaming one orphans what is stored
 * under it. Each entry says what it holds and which module owns it; other modules read it only
 * through the owner's functions. Nothing here imports a domain (tests/server/store/registry.test.ts
 * checks that no module spells one of these names itself).
 */

/** Document collections (`store.get`/`commit` puts, and the archive's `<dir>/<coll>/` folders). */
export const COLL = {
  /** Incidents from CAP and the feeds, by id (server/incidents/incidents.ts). */
  incidents: 'incidents',
  /** Alerts, by id (server/alerts/engine.ts; commands, escalation, ack checks, auto-resolve write them). */
  alerts: 'alerts',
  /** Dedupe key → the id of its current alert (server/alerts/engine.ts). */
  alertIndex: 'alert-index',
  /** Per agency and category, the recent alerts new conditions may join (server/alerts/engine.ts). */
  alertGroups: 'alert-groups',
  /** Escalation-policy overrides per agency, tombstones included (server/alerts/policies.ts). */
  escalationPolicies: 'escalation-policies',
  /** On-call schedules per agency and the command center's, by schedule id (server/oncall/schedules.ts). */
  oncallSchedules: 'oncall-schedules',
  /** Silences (server/alerts/silences.ts). */
  silences: 'silences',
  /** Notification jobs, webhook and Telegram (server/alerts/notify.ts). */
  notifications: 'notifications',
  /** Notification-channel settings stored in the console over the environment's, by kind (server/notify/channelStore.ts). */
  notificationChannels: 'notification-channels',
  /** Each service's current state (server/health/health.ts). */
  serviceStates: 'service-states',
  /** Each service's latest check evidence (server/health/evidence.ts). */
  serviceEvidence: 'service-evidence',
  /** Check results per service and time, the history behind the evidence (server/health/evidence.ts). */
  checkHistory: 'check-history',
  /** Services added or edited at run time, over the catalogue file (server/health/catalogEdits.ts). */
  serviceDefs: 'service-defs',
  /** Maintenance windows (server/health/maintenance.ts). */
  maintenanceWindows: 'maintenance-windows',
  /** Push-check token hashes per service (server/health/push.ts). */
  pushTokens: 'push-tokens',
  /** Each website's integrity: baseline, last observed page, open findings (server/health/integrity/). */
  integrityStates: 'integrity-states',
  /** Agencies added or edited at run time, over the catalogue file (server/catalog/agencyEdits.ts). */
  agencyDefs: 'agency-defs',
  /** Usage samples, by sample key (server/usage/usage.ts). */
  usage: 'usage',
  /** The newest sample per app, metric and area (server/usage/usage.ts). */
  usageLatest: 'usage-latest',
  /** Hourly usage values the drop check compares against (server/usage/checks.ts). */
  usageHourly: 'usage-hourly',
  /** Scorecard values entered by hand (server/usage/scorecardRouter.ts; read by server/usage/scorecard.ts). */
  scorecardValues: 'scorecard-values',
  /** User accounts, by id (server/auth/users.ts). */
  users: 'users',
  /** Username → user id (server/auth/users.ts). */
  usernames: 'usernames',
  /** Login sessions (server/auth/sessions.ts; expired ones purged by server/ops/retention.ts). */
  sessions: 'sessions',
  /** API keys (server/auth/credentials.ts). */
  apiKeys: 'api-keys',
  /** Wall-display tokens (server/auth/credentials.ts; the demo's own in server/demo/state.ts). */
  displays: 'displays',
  /** Where each display's wall was last seen (server/displays/presence.ts). */
  displayPresence: 'display-presence',
  /** The audit trail (server/auth/audit.ts; every module that changes something appends to it). */
  audit: 'audit',
  /** Announcements and planned maintenance on the public status page (server/public/notices.ts). */
  notices: 'notices',
  /** Replay checkpoints: the live set at an event-log position (server/realtime/replay.ts). */
  checkpoints: 'checkpoints',
  /** Citizen reports, by report number (server/reports/reports.ts). */
  reports: 'reports',
  /** The last report number given, per year (server/reports/reports.ts). */
  reportSeq: 'report-seq',
  /** The citizen-report block list (server/reports/blocks.ts). */
  reportBlocks: 'report-blocks',
  /** Not a document collection: the archive's folder of the event log (server/store/archive.ts), kept here so no collection takes its name. */
  events: 'events',
} as const;

/** Sorted sets (`zadds`/`zrems`, `store.due`): timers and schedules, members due at their score (ms). */
export const SETS = {
  /** Alerts whose next escalation step is due (server/alerts/escalation.ts). */
  escalations: 'escalations',
  /** Alerts to check for acknowledgement after a step (server/alerts/ackcheck.ts). */
  ackChecks: 'ack-checks',
  /** Cleared alerts that close themselves when due (server/alerts/autoresolve.ts). */
  autoResolve: 'auto-resolve',
  /** Notification jobs due to be sent or retried (server/alerts/notify.ts). */
  notifyDue: 'notify-due',
  /** Silences that expire when due (server/alerts/silences.ts). */
  silenceExpiry: 'silence-expiry',
  /** Services whose next health check is due (server/health/scheduler.ts). */
  checksDue: 'checks-due',
  /** Services whose next integrity run is due (server/health/integrity/scheduler.ts). */
  integrityDue: 'integrity-due',
} as const;

/** Pub/sub channels (`store.publish`/`subscribe`): cross-instance notices that something changed. */
export const CHANNELS = {
  /** Agency definitions changed (server/catalog/agencyEdits.ts, through its catalog/overlay.ts). */
  agencies: 'agencies',
  /** Service definitions changed (server/health/catalogEdits.ts, through its catalog/overlay.ts). */
  catalog: 'catalog',
  /** Escalation policies changed (server/alerts/policies.ts). */
  escalationPolicies: 'escalation-policies',
  /** Notification-channel settings changed (server/notify/channelStore.ts, through its catalog/overlay.ts). */
  notificationChannels: 'notification-channels',
  /** Notices changed: every instance rebuilds its public status view (server/public/cache.ts). */
  publicNotices: 'public-notices',
} as const;

/** A collection name of the registry. */
export type CollName = (typeof COLL)[keyof typeof COLL];

import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { RedisTarget } from './store/redis.js';
import { isCidr } from './health/netGuard.js';
import { PasswordSchema } from '../shared/schemas/account.js';
import {
  ALERT_GROUPING,
  AUTO_RESOLVE_MINUTES,
  DISPLAY_STALE_MINUTES,
  INTEGRITY_CLEAN_RUNS,
  INTEGRITY_INTERVAL_SECONDS,
  WAZUH_FOLD_MINUTES,
} from '../shared/limits.js';

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

/** Why a file can't be served, or null when it is a readable regular file. */
function unreadableFile(file: string): string | null {
  try {
    if (!statSync(file).isFile()) return 'not a regular file';
    accessSync(file, constants.R_OK);
    return null;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code ?? String(err);
  }
}

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  REDIS_SENTINELS: z
    .string()
    .regex(/^[A-Za-z0-9._-]+:\d{1,5}(,[A-Za-z0-9._-]+:\d{1,5})*$/, 'host:port[,host:port…]')
    .optional(),
  REDIS_SENTINEL_MASTER: z.string().min(1).default('mymaster'),
  REDIS_PASSWORD: z.string().min(1).optional(),
  PANTAU_REDIS_MIN_REPLICAS: z.coerce.number().int().min(0).max(10).default(0),
  PANTAU_REDIS_WAIT_MS: z.coerce.number().int().min(10).max(30_000).default(1000),
  PANTAU_DEMO: bool.optional(),
  // The password rule of every user (shared/schemas PasswordSchema): the first admin is no exception.
  PANTAU_ADMIN_PASSWORD: PasswordSchema.optional(),
  PANTAU_PUBLIC_URL: z.url().optional(),
  PANTAU_SERVICES_FILE: z.string().optional(),
  PANTAU_PROBES: bool.default(false),
  /** Extra integrity signatures (YAML or JSON, like shared/reference/integrity-signatures.json). */
  PANTAU_INTEGRITY_SIGNATURES_FILE: z.string().min(1).optional(),
  PANTAU_INTEGRITY_INTERVAL_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 86_400)
    .default(INTEGRITY_INTERVAL_SECONDS),
  PANTAU_INTEGRITY_CLEAN_RUNS: z.coerce.number().int().min(1).max(100).default(INTEGRITY_CLEAN_RUNS),
  /** Check every JSON answer against its declared schema and refuse to start with an undeclared route (tests). */
  PANTAU_CONTRACT_CHECK: bool.default(false),
  PANTAU_CHECK_ALLOWED_NETWORKS: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((c) => c.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z.string().refine(isCidr, 'not a CIDR range; give a comma-separated list like 10.20.0.0/16,fd00::/8'),
      ),
    )
    .optional(),
  PANTAU_SESSION_IDLE_MINUTES: z.coerce.number().int().positive().default(60),
  PANTAU_SESSION_MAX_HOURS: z.coerce.number().int().positive().default(12),
  PANTAU_INGEST_RATE_PER_MINUTE: z.coerce.number().int().positive().default(600),
  /** How often the public status view is rebuilt from the store, at most (fractions allowed). */
  PANTAU_PUBLIC_REFRESH_SECONDS: z.coerce.number().min(0.1).max(3600).default(20),
  /** Public status requests (page, JSON, feed, badges) per minute from one address. */
  PANTAU_PUBLIC_RATE_PER_MINUTE: z.coerce.number().int().positive().default(1200),
  PANTAU_TRUST_PROXY: z
    .string()
    .regex(
      /^(\d{1,2}|true|false|yes|no|on|off)$/,
      'the number of trusted proxy hops (0 = none, 1 = one proxy in front)',
    )
    .transform((v) => (/^\d+$/.test(v) ? Number(v) : ['true', 'yes', 'on'].includes(v) ? 1 : 0))
    .default(0),
  PANTAU_CLIENT_DIR: z.string().default('client/dist'),
  PANTAU_STREETS_PMTILES: z
    .string()
    .min(1)
    .optional()
    .superRefine((file, ctx) => {
      const why = file === undefined ? null : unreadableFile(file);
      if (why)
        ctx.addIssue({ code: 'custom', message: `cannot read the street tiles file "${file}" (${why})` });
    }),
  PANTAU_INSTANCE_ID: z.string().optional(),
  PANTAU_BMKG_URL: z.url({ protocol: /^https?$/ }).optional(),
  PANTAU_BMKG_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  PANTAU_ESCALATION_STEPS: z
    .string()
    .regex(
      /^\d+:(notify_agency_head|notify_supervisor|wall_red)(,\d+:(notify_agency_head|notify_supervisor|wall_red))*$/,
      'like 300:notify_agency_head,900:notify_supervisor,1800:wall_red',
    )
    .default('300:notify_agency_head,900:notify_supervisor,1800:wall_red'),
  PANTAU_CHECKPOINT_SECONDS: z.coerce.number().int().min(5).max(86_400).default(300),
  PANTAU_RETENTION_DAYS: z.coerce.number().positive().max(36_500).default(90),
  PANTAU_AUDIT_RETENTION_DAYS: z.coerce.number().positive().max(36_500).default(730),
  PANTAU_ARCHIVE_DIR: z.string().min(1).optional(),
  /** Where citizen-report photos are kept (re-encoded, without metadata); outside the store. */
  PANTAU_MEDIA_DIR: z.string().min(1).default('var/media'),
  /** Citizen reports accepted per channel identity (an Open311 key, a web address) per hour. */
  PANTAU_REPORTS_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(20),
  /** How often verified reports follow their incident and Telegram reporters are told (seconds). */
  PANTAU_REPORT_FOLLOW_SECONDS: z.coerce.number().int().min(1).max(3_600).default(10),
  PANTAU_RETENTION_SWEEP_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  PANTAU_METRICS_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
  PANTAU_MAX_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  PANTAU_ACK_CONFIRM_SECONDS: z.coerce.number().int().positive().default(3600),
  PANTAU_ACK_CONFIRM_GRACE_SECONDS: z.coerce.number().int().positive().default(900),
  PANTAU_AUTO_RESOLVE: z
    .string()
    .regex(
      /^\s*[\w*-]+\s*=\s*\d+(\.\d+)?\s*(,\s*[\w*-]+\s*=\s*\d+(\.\d+)?\s*)*$/,
      'like "*=30,fire=120,service_outage=0" (category=minutes; 0 never)',
    )
    .optional(),
  PANTAU_ALERT_GROUP_RADIUS_METERS: z.coerce
    .number()
    .int()
    .min(0)
    .max(50_000)
    .default(ALERT_GROUPING.radiusMeters),
  PANTAU_ALERT_GROUP_WINDOW_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(ALERT_GROUPING.windowMinutes),
  PANTAU_ROUTING_FILE: z.string().optional(),
  /** Wazuh agent → agency and service map (YAML or JSON, server/incidents/wazuhAgents.ts). */
  PANTAU_WAZUH_AGENTS_FILE: z.string().min(1).optional(),
  /** Wazuh alerts of one rule on one agent within this many minutes fold into one incident. */
  PANTAU_WAZUH_FOLD_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(WAZUH_FOLD_MINUTES),
  /** Minutes a wall display may go unseen before the command center is alerted (fractions allowed). */
  PANTAU_DISPLAY_STALE_MINUTES: z.coerce
    .number()
    .positive()
    .max(7 * 24 * 60)
    .default(DISPLAY_STALE_MINUTES),
  PANTAU_WEBHOOK_URL: z.url().optional(),
  PANTAU_TELEGRAM_BOT_TOKEN: z.string().min(1).optional(),
  PANTAU_TELEGRAM_CHAT_ID: z.string().min(1).optional(),
  PANTAU_TELEGRAM_API_URL: z.url().default('https://api.telegram.org'),
  /** Webhook mode: Telegram posts updates to /api/v1/telegram/webhook with this secret; unset, the bot polls. */
  PANTAU_TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,256}$/, "16–256 characters of A–Z, a–z, 0–9, _ and - (Telegram's secret_token)")
    .optional(),
  /** `smtp://user:pass@host:587` or `smtps://…:465`: e-mail notifications to people with an address. */
  PANTAU_SMTP_URL: z.url().optional(),
  PANTAU_SMTP_FROM: z.string().min(3).max(200).default('Pantau <pantau@localhost>'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** Parsed configuration: the only place that reads process.env. */
export interface Config {
  port: number;
  host: string;
  /** REDIS_URL as given (unset with Sentinels or the embedded store). */
  redisUrl: string | undefined;
  /** Where Redis is (a URL or Sentinels); undefined = the embedded store. */
  redis: RedisTarget | undefined;
  /** Replicas that must confirm each commit (`WAIT`), and how long they may take. */
  redisMinReplicas: number;
  redisWaitMs: number;
  demo: boolean;
  adminPassword: string | undefined;
  publicUrl: string | undefined;
  servicesFile: string | undefined;
  /** Probe the built-in catalogue's (unverified) URLs; services from the services file are always probed. */
  probes: boolean;
  /** Website integrity checks: extra signatures, time between runs of a site, clean runs that close a finding. */
  integrity: { signaturesFile: string | undefined; intervalMs: number; cleanRuns: number };
  contractCheck: boolean;
  /** Networks (CIDRs) that checks made through the API may reach besides public addresses. */
  checkAllowedNetworks: string[];
  sessionIdleMs: number;
  sessionMaxMs: number;
  ingestRatePerMinute: number;
  /** Rebuild interval of the public status view (server/public/cache.ts). */
  publicRefreshMs: number;
  /** Public status requests per minute from one address. */
  publicRatePerMinute: number;
  /** Proxy hops in front whose `X-Forwarded-*` are believed (0 = none): only the address the nearest trusted proxy saw counts. */
  trustProxy: number;
  clientDir: string;
  /** Operator-supplied street tiles (a PMTiles archive) served at /tiles/streets.pmtiles; none when unset. */
  streetsPmtiles: string | undefined;
  instanceId: string;
  /** BMKG latest-quake feed to poll (off when unset). */
  bmkgUrl: string | undefined;
  bmkgIntervalMs: number;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  /** Escalation policy snapshotted onto each new alert. */
  escalationSteps: {
    afterSeconds: number;
    action: 'notify_agency_head' | 'notify_supervisor' | 'wall_red';
  }[];
  /** How often the live set is checkpointed for replay. */
  checkpointMs: number;
  /** Closed incidents and alerts and usage samples older than this many days move to the archive. */
  retentionDays: number;
  /** Audit entries older than this many days move to the archive. */
  auditRetentionDays: number;
  /**
   * Where the archive's day files are written (resolved from the working directory). Unset: `var/archive`
   * with Redis; with the embedded store (which persists nothing) a temporary folder of this run.
   */
  archiveDir: string | undefined;
  /** Citizen-report photos (PANTAU_MEDIA_DIR), an absolute path. */
  mediaDir: string;
  /** Citizen reports per channel identity per hour (PANTAU_REPORTS_PER_HOUR). */
  reportsPerHour: number;
  /** How often reports follow their incidents and reporters are told (PANTAU_REPORT_FOLLOW_SECONDS). */
  reportFollowMs: number;
  /** How often the retention pass runs (it also archives the event log as it comes). */
  retentionSweepMs: number;
  /** When set, `GET /metrics` needs `Authorization: Bearer <token>` (Prometheus `bearer_token`). */
  metricsToken: string | undefined;
  /** How far in the future an observed timestamp may lie (a source's clock running fast) before it is refused. */
  maxClockSkewMs: number;
  /** After this long acknowledged, the acknowledger is asked "still working?"; no answer within the grace re-opens the alert. */
  ackConfirmMs: number;
  ackConfirmGraceMs: number;
  /** The city-wide alert-grouping rule (an agency may set its own); radius 0 turns grouping off. */
  alertGrouping: { radiusMeters: number; windowMinutes: number };
  /** Minutes after clearing an untouched alert closes itself, by category (`*` the rest; 0 never). */
  autoResolveMinutes: Record<string, number>;
  /** Replaces the default alert routing rules. */
  routingFile: string | undefined;
  /** Maps Wazuh agents to agencies and services (PANTAU_WAZUH_AGENTS_FILE); unset: every agent is unmapped. */
  wazuhAgentsFile: string | undefined;
  /** Wazuh alerts of one rule on one agent within one window of this many minutes fold into one incident. */
  wazuhFoldMinutes: number;
  /** A display unseen this long (and seen before, not revoked) raises one alert. */
  displayStaleMs: number;
  /**
   * How often a connected wall's last-seen time is written and the stale check runs: a quarter of
   * the stale time, between 1 and 30 s.
   */
  displaySeenEveryMs: number;
  webhookUrl: string | undefined;
  /** The city's bot: messages people on call (and the group chat, when given); takes their button presses. */
  telegram: { botToken: string; chatId: string | null; apiUrl: string } | undefined;
  /** The Bot API root (PANTAU_TELEGRAM_API_URL), also for a bot set up in the console. */
  telegramApiUrl: string;
  /**
   * Set: Telegram delivers the bot's updates (button presses, /start) to the webhook route, checked
   * against this secret, and no instance polls. Unset: one instance at a time long-polls getUpdates.
   */
  telegramWebhookSecret: string | undefined;
  /** E-mail through SMTP. */
  smtp: { url: string; from: string } | undefined;
}

/** Parses the environment; on failure returns every problem. */
export function parseConfig(
  env: NodeJS.ProcessEnv,
): { ok: true; config: Config } | { ok: false; problems: string[] } {
  // An empty variable counts as unset (compose writes `REDIS_URL=` to switch a setting off).
  const r = EnvSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!r.success) {
    return { ok: false, problems: r.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`) };
  }
  const e = r.data;
  if (e.REDIS_URL && e.REDIS_SENTINELS)
    return { ok: false, problems: ['REDIS_SENTINELS: set either REDIS_URL or REDIS_SENTINELS, not both'] };
  const redis: RedisTarget | undefined = e.REDIS_SENTINELS
    ? {
        sentinels: e.REDIS_SENTINELS.split(',').map((hp) => {
          const at = hp.lastIndexOf(':');
          return { host: hp.slice(0, at), port: Number(hp.slice(at + 1)) };
        }),
        name: e.REDIS_SENTINEL_MASTER,
        password: e.REDIS_PASSWORD,
      }
    : e.REDIS_URL
      ? { url: e.REDIS_URL }
      : undefined;
  return {
    ok: true,
    config: {
      port: e.PORT,
      host: e.HOST,
      redisUrl: e.REDIS_URL,
      redis,
      redisMinReplicas: e.PANTAU_REDIS_MIN_REPLICAS,
      redisWaitMs: e.PANTAU_REDIS_WAIT_MS,
      demo: e.PANTAU_DEMO ?? !redis,
      adminPassword: e.PANTAU_ADMIN_PASSWORD,
      publicUrl: e.PANTAU_PUBLIC_URL,
      servicesFile: e.PANTAU_SERVICES_FILE,
      probes: e.PANTAU_PROBES,
      integrity: {
        signaturesFile: e.PANTAU_INTEGRITY_SIGNATURES_FILE,
        intervalMs: e.PANTAU_INTEGRITY_INTERVAL_SECONDS * 1000,
        cleanRuns: e.PANTAU_INTEGRITY_CLEAN_RUNS,
      },
      contractCheck: e.PANTAU_CONTRACT_CHECK,
      checkAllowedNetworks: e.PANTAU_CHECK_ALLOWED_NETWORKS ?? [],
      sessionIdleMs: e.PANTAU_SESSION_IDLE_MINUTES * 60_000,
      sessionMaxMs: e.PANTAU_SESSION_MAX_HOURS * 3_600_000,
      ingestRatePerMinute: e.PANTAU_INGEST_RATE_PER_MINUTE,
      publicRefreshMs: Math.round(e.PANTAU_PUBLIC_REFRESH_SECONDS * 1000),
      publicRatePerMinute: e.PANTAU_PUBLIC_RATE_PER_MINUTE,
      trustProxy: e.PANTAU_TRUST_PROXY,
      clientDir: e.PANTAU_CLIENT_DIR,
      streetsPmtiles: e.PANTAU_STREETS_PMTILES,
      instanceId: e.PANTAU_INSTANCE_ID ?? `${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
      logLevel: e.LOG_LEVEL,
      bmkgUrl: e.PANTAU_BMKG_URL,
      bmkgIntervalMs: e.PANTAU_BMKG_INTERVAL_SECONDS * 1000,
      escalationSteps: e.PANTAU_ESCALATION_STEPS.split(',').map((part) => {
        const [secs, action] = part.split(':') as [
          string,
          'notify_agency_head' | 'notify_supervisor' | 'wall_red',
        ];
        return { afterSeconds: Number(secs), action };
      }),
      checkpointMs: e.PANTAU_CHECKPOINT_SECONDS * 1000,
      retentionDays: e.PANTAU_RETENTION_DAYS,
      auditRetentionDays: e.PANTAU_AUDIT_RETENTION_DAYS,
      archiveDir: e.PANTAU_ARCHIVE_DIR === undefined ? undefined : path.resolve(e.PANTAU_ARCHIVE_DIR),
      mediaDir: path.resolve(e.PANTAU_MEDIA_DIR),
      reportsPerHour: e.PANTAU_REPORTS_PER_HOUR,
      reportFollowMs: e.PANTAU_REPORT_FOLLOW_SECONDS * 1000,
      retentionSweepMs: e.PANTAU_RETENTION_SWEEP_SECONDS * 1000,
      metricsToken: e.PANTAU_METRICS_TOKEN,
      maxClockSkewMs: e.PANTAU_MAX_CLOCK_SKEW_SECONDS * 1000,
      ackConfirmMs: e.PANTAU_ACK_CONFIRM_SECONDS * 1000,
      ackConfirmGraceMs: e.PANTAU_ACK_CONFIRM_GRACE_SECONDS * 1000,
      alertGrouping: {
        radiusMeters: e.PANTAU_ALERT_GROUP_RADIUS_METERS,
        windowMinutes: e.PANTAU_ALERT_GROUP_WINDOW_MINUTES,
      },
      autoResolveMinutes: {
        ...AUTO_RESOLVE_MINUTES,
        ...Object.fromEntries(
          (e.PANTAU_AUTO_RESOLVE ?? '')
            .split(',')
            .filter((p) => p.includes('='))
            .map((p) => p.split('=').map((x) => x.trim()))
            .map(([k, v]): [string, number] => [k ?? '', Number(v)]),
        ),
      },
      routingFile: e.PANTAU_ROUTING_FILE,
      wazuhAgentsFile: e.PANTAU_WAZUH_AGENTS_FILE,
      wazuhFoldMinutes: e.PANTAU_WAZUH_FOLD_MINUTES,
      displayStaleMs: Math.round(e.PANTAU_DISPLAY_STALE_MINUTES * 60_000),
      displaySeenEveryMs: Math.min(
        30_000,
        Math.max(1_000, Math.round((e.PANTAU_DISPLAY_STALE_MINUTES * 60_000) / 4)),
      ),
      webhookUrl: e.PANTAU_WEBHOOK_URL,
      telegram: e.PANTAU_TELEGRAM_BOT_TOKEN
        ? {
            botToken: e.PANTAU_TELEGRAM_BOT_TOKEN,
            chatId: e.PANTAU_TELEGRAM_CHAT_ID ?? null,
            apiUrl: e.PANTAU_TELEGRAM_API_URL.replace(/\/$/, ''),
          }
        : undefined,
      telegramWebhookSecret: e.PANTAU_TELEGRAM_WEBHOOK_SECRET,
      smtp: e.PANTAU_SMTP_URL ? { url: e.PANTAU_SMTP_URL, from: e.PANTAU_SMTP_FROM } : undefined,
      telegramApiUrl: e.PANTAU_TELEGRAM_API_URL.replace(/\/$/, ''),
    },
  };
}

import { z } from 'zod';

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  PANTAU_DEMO: bool.optional(),
  PANTAU_ADMIN_PASSWORD: z.string().min(8, 'at least 8 characters').optional(),
  PANTAU_PUBLIC_URL: z.url().optional(),
  PANTAU_SERVICES_FILE: z.string().optional(),
  PANTAU_SESSION_IDLE_MINUTES: z.coerce.number().int().positive().default(60),
  PANTAU_SESSION_MAX_HOURS: z.coerce.number().int().positive().default(12),
  PANTAU_INGEST_RATE_PER_MINUTE: z.coerce.number().int().positive().default(600),
  PANTAU_TRUST_PROXY: bool.default(false),
  PANTAU_CLIENT_DIR: z.string().default('client/dist'),
  PANTAU_INSTANCE_ID: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** Parsed configuration: the only place that reads process.env. */
export interface Config {
  port: number;
  host: string;
  redisUrl: string | undefined;
  demo: boolean;
  adminPassword: string | undefined;
  publicUrl: string | undefined;
  servicesFile: string | undefined;
  sessionIdleMs: number;
  sessionMaxMs: number;
  ingestRatePerMinute: number;
  trustProxy: boolean;
  clientDir: string;
  instanceId: string;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
}

/** Parses the environment; on failure returns every problem. */
export function parseConfig(env: NodeJS.ProcessEnv): { ok: true; config: Config } | { ok: false; problems: string[] } {
  const r = EnvSchema.safeParse(env);
  if (!r.success) {
    return { ok: false, problems: r.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`) };
  }
  const e = r.data;
  return {
    ok: true,
    config: {
      port: e.PORT,
      host: e.HOST,
      redisUrl: e.REDIS_URL,
      demo: e.PANTAU_DEMO ?? !e.REDIS_URL,
      adminPassword: e.PANTAU_ADMIN_PASSWORD,
      publicUrl: e.PANTAU_PUBLIC_URL,
      servicesFile: e.PANTAU_SERVICES_FILE,
      sessionIdleMs: e.PANTAU_SESSION_IDLE_MINUTES * 60_000,
      sessionMaxMs: e.PANTAU_SESSION_MAX_HOURS * 3_600_000,
      ingestRatePerMinute: e.PANTAU_INGEST_RATE_PER_MINUTE,
      trustProxy: e.PANTAU_TRUST_PROXY,
      clientDir: e.PANTAU_CLIENT_DIR,
      instanceId: e.PANTAU_INSTANCE_ID ?? `${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
      logLevel: e.LOG_LEVEL,
    },
  };
}

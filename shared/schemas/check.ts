import { z } from 'zod';
import { IdSchema, InstantSchema } from './common.js';
import { IntegrityOptionsSchema } from './integrity.js';

/** Why a check failed: a closed set so reports can group by it. */
export const FailureReasonSchema = z.enum([
  'dns',
  'connect',
  'tls',
  'timeout',
  'status',
  'body',
  'json',
  'redirect',
  'slow',
  'cert_expiring',
  'heartbeat_missed',
  'reported',
  'monitor_degraded',
]);
export type FailureReason = z.infer<typeof FailureReasonSchema>;

/** How often a check runs, in seconds. */
const interval = { intervalSeconds: z.number().int().min(1).max(86_400).default(60) };
const timeoutMs = z.number().int().min(100).max(120_000).default(10_000);

/** A regular expression given as text; rejected when it does not compile. */
const RegexSchema = z
  .string()
  .min(1)
  .max(500)
  .refine((s) => {
    try {
      new RegExp(s);
      return true;
    } catch {
      return false;
    }
  }, 'not a valid regular expression');

/**
 * An HTTP(S) probe. Accepts 200–299 after redirects unless `expectStatus` says otherwise.
 * A self-signed certificate is trusted with `tlsCa` (PEM) or, less safely, `tlsInsecureSkipVerify`;
 * certificate expiry is judged either way.
 */
export const HttpCheckSchema = z
  .object({
    type: z.literal('http'),
    url: z.url({ protocol: /^https?$/ }),
    method: z.enum(['GET', 'HEAD', 'POST']).default('GET'),
    headers: z.record(z.string().min(1).max(100), z.string().max(2_000)).default({}),
    body: z.string().max(10_000).optional(),
    /** Accepted final status codes; default 200–299. */
    expectStatus: z.array(z.number().int().min(100).max(599)).min(1).optional(),
    bodyContains: z.string().min(1).max(500).optional(),
    bodyNotContains: z.string().min(1).max(500).optional(),
    bodyRegex: RegexSchema.optional(),
    /** Dotted path into a JSON body, e.g. `status.db` or `$.items[0].ok`. */
    jsonPath: z.string().min(1).max(200).optional(),
    /** Value expected at `jsonPath`; without it the path only has to exist. */
    jsonEquals: z.union([z.string(), z.number(), z.boolean(), z.null()]).optional(),
    /** Slower than this (total ms) counts as DEGRADED (`slow`), not DOWN. */
    degradedAboveMs: z.number().int().positive().optional(),
    timeoutMs,
    followRedirects: z.boolean().default(true),
    maxRedirects: z.number().int().min(0).max(10).default(5),
    /** Final URL pattern that means "silently sent to the portal": DOWN with reason `redirect`. */
    mustNotEndAt: RegexSchema.optional(),
    /** Fewer days of certificate validity left → DEGRADED (`cert_expiring`). */
    tlsMinDaysLeft: z.number().int().min(0).max(365).default(14),
    /** Extra trusted CA certificate(s), PEM. */
    tlsCa: z.string().max(50_000).optional(),
    /** Accept certificates that do not verify (expiry is still judged). */
    tlsInsecureSkipVerify: z.boolean().default(false),
    /** Also watch the site for defacement, gambling spam, cloaking and drift (its own hourly schedule). */
    integrity: IntegrityOptionsSchema.optional(),
    ...interval,
  })
  .strict();

/** A TCP connect probe. */
export const TcpCheckSchema = z
  .object({
    type: z.literal('tcp'),
    host: z.string().min(1).max(253),
    port: z.number().int().min(1).max(65_535),
    timeoutMs,
    ...interval,
  })
  .strict();

/** A name-resolution probe; with `expect`, every listed address must be among the answers. */
export const DnsCheckSchema = z
  .object({
    type: z.literal('dns'),
    hostname: z.string().min(1).max(253),
    expect: z.array(z.union([z.ipv4(), z.ipv6()])).optional(),
    timeoutMs,
    ...interval,
  })
  .strict();

/** A push (heartbeat) check: the service calls in; silence for period + grace → DOWN `heartbeat_missed`. */
export const PushCheckSchema = z
  .object({
    type: z.literal('push'),
    periodSeconds: z.number().int().min(1).max(86_400),
    graceSeconds: z.number().int().min(0).max(86_400).default(30),
    ...interval,
  })
  .strict();

/** Any check definition, by `type`. */
export const CheckSchema = z.discriminatedUnion('type', [
  HttpCheckSchema,
  TcpCheckSchema,
  DnsCheckSchema,
  PushCheckSchema,
]);
export type Check = z.infer<typeof CheckSchema>;
export type CheckInput = z.input<typeof CheckSchema>;
export type HttpCheck = z.infer<typeof HttpCheckSchema>;
export type TcpCheck = z.infer<typeof TcpCheckSchema>;
export type DnsCheck = z.infer<typeof DnsCheckSchema>;
export type PushCheck = z.infer<typeof PushCheckSchema>;

/** One judged condition, e.g. `status`: actual 503, expected `200-299`. */
export const ConditionSchema = z.object({
  name: z.string(),
  ok: z.boolean(),
  actual: z.union([z.string(), z.number(), z.boolean(), z.null()]),
  expected: z.string(),
});
export type Condition = z.infer<typeof ConditionSchema>;

const ms = z.number().nonnegative().nullable();

/** Where the time went, in ms; null for phases that did not happen. */
export const TimingsSchema = z.object({
  dns: ms,
  connect: ms,
  tls: ms,
  firstByte: ms,
  transfer: ms,
  total: z.number().nonnegative(),
});
export type Timings = z.infer<typeof TimingsSchema>;

/** The served certificate. */
export const TlsInfoSchema = z.object({
  validTo: InstantSchema,
  issuerCn: z.string().nullable(),
  subjectCn: z.string().nullable(),
  daysLeft: z.number(),
  authorized: z.boolean(),
  authorizationError: z.string().nullable(),
});
export type TlsInfo = z.infer<typeof TlsInfoSchema>;

/** What one run of a check found: the verdict, why, and the facts behind it. */
export const EvidenceSchema = z.object({
  serviceId: IdSchema.optional(),
  type: z.enum(['http', 'tcp', 'dns', 'push']),
  checkedAt: InstantSchema,
  status: z.enum(['up', 'degraded', 'down']),
  reason: FailureReasonSchema.nullable(),
  /** A short sentence for people. */
  message: z.string().max(500),
  target: z.string().max(2_000),
  timings: TimingsSchema,
  statusCode: z.number().int().nullable(),
  finalUrl: z.string().nullable(),
  redirects: z.array(z.string()),
  resolvedIp: z.string().nullable(),
  tls: TlsInfoSchema.nullable(),
  conditions: z.array(ConditionSchema),
  /** Which instance ran it. */
  instance: z.string().nullable(),
});
export type Evidence = z.infer<typeof EvidenceSchema>;

import { z } from 'zod';
import { IdSchema, InstantSchema } from './common.js';

/*
 * Wazuh alerts as the manager's integrator (wazuh-integratord, `alert_format` json) writes them to
 * the file it hands a custom integration, and Pantau's agent map. Field names follow Wazuh's
 * documented alert format (rule, agent, manager, decoder, data, syscheck…); fields Wazuh adds
 * beyond these (compliance tags, `input`, `predecoder`, `GeoLocation`, …) are accepted and ignored.
 */

/**
 * Wazuh's alert timestamp: ISO-8601 with milliseconds and an offset that Wazuh writes without a
 * colon (`2026-12-03T10:00:00.000+0800`); `+08:00` and `Z` are accepted too. Normalised to UTC.
 */
export const WazuhTimestampSchema = z
  .string()
  .max(64)
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})$/,
    'expected a Wazuh timestamp like 2026-12-03T10:00:00.000+0800',
  )
  .transform((s) => s.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'))
  .pipe(InstantSchema);

const Text = (max: number) => z.string().max(max);
const TextList = z.array(Text(256)).max(100);

/** A rule's MITRE ATT&CK mapping (ids, tactics, techniques), as Wazuh ships it with the rule. */
export const WazuhMitreSchema = z
  .object({ id: TextList.optional(), tactic: TextList.optional(), technique: TextList.optional() })
  .loose();

/** The rule that fired: level 0–15 (16 accepted), description, id, groups; MITRE and the fire count when present. */
export const WazuhRuleSchema = z
  .object({
    level: z.number().int().min(0).max(16),
    description: z.string().trim().min(1).max(2000),
    id: z.string().regex(/^\d{1,10}$/, 'expected a rule id such as "5710"'),
    groups: TextList.default([]),
    mitre: WazuhMitreSchema.optional(),
    /** How often this rule has fired for this agent since the manager (re)started. */
    firedtimes: z.number().int().nonnegative().optional(),
    /** Correlation rules: how many events made this one. */
    frequency: z.number().int().nonnegative().optional(),
  })
  .loose();

/** The endpoint whose log raised the alert (`000` is the manager itself, which has no `ip`). */
export const WazuhAgentSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'expected an agent id such as "001"'),
    name: z.string().trim().min(1).max(256),
    ip: Text(64).optional(),
  })
  .loose();

/** File-integrity monitoring (syscheck) details of an FIM alert: the file and what happened to it. */
export const WazuhSyscheckSchema = z
  .object({
    path: z.string().min(1).max(4096),
    /** `added`, `modified` or `deleted` (Wazuh 3.x–4.x). */
    event: Text(32).optional(),
    mode: Text(32).optional(),
    changed_attributes: TextList.optional(),
    size_before: z.union([Text(32), z.number()]).optional(),
    size_after: z.union([Text(32), z.number()]).optional(),
    md5_after: Text(64).optional(),
    sha256_after: Text(128).optional(),
    uname_after: Text(256).optional(),
    diff: Text(65_536).optional(),
  })
  .loose();

/** One Wazuh alert as the manager writes it (alerts.json / the integrator's alert file). */
export const WazuhAlertSchema = z
  .object({
    timestamp: WazuhTimestampSchema,
    rule: WazuhRuleSchema,
    agent: WazuhAgentSchema,
    manager: z.object({ name: z.string().trim().min(1).max(256) }).loose(),
    /** The alert's own id (`<epoch>.<offset>`), unique per manager: a redelivery is recognised by it. */
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/, 'expected an alert id such as "1764727200.1"'),
    full_log: Text(65_536).optional(),
    decoder: z.object({ name: Text(256).optional(), parent: Text(256).optional() }).loose(),
    /** What the decoder extracted: srcip, srcuser, dstuser, url, id (HTTP status), protocol, … */
    data: z.record(z.string().max(256), z.unknown()).optional(),
    location: z.string().min(1).max(4096),
    syscheck: WazuhSyscheckSchema.optional(),
  })
  .loose();
export type WazuhAlert = z.infer<typeof WazuhAlertSchema>;

/** Directory prefixes of web content (`*` stands for one path segment, e.g. `/home/*\/public_html`). */
const WebRootsSchema = z.array(z.string().min(1).max(512)).max(100);

/**
 * One agent of the Wazuh agents file: which agency answers for it and which service it runs. An
 * entry with an `id` matches that agent id; one with only a `name` matches that agent name. The
 * agency defaults to the service's owner.
 */
export const WazuhAgentMappingSchema = z
  .object({
    id: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/)
      .optional(),
    name: z.string().trim().min(1).max(256).optional(),
    agencyId: IdSchema.optional(),
    serviceId: IdSchema.optional(),
    /** More web roots on this agent (file changes below them count as defacement). */
    webRoots: WebRootsSchema.optional(),
  })
  .strict()
  .refine((m) => m.id !== undefined || m.name !== undefined, 'give the agent id or name (or both)')
  .refine((m) => m.agencyId !== undefined || m.serviceId !== undefined, 'give agencyId or serviceId');
export type WazuhAgentMapping = z.infer<typeof WazuhAgentMappingSchema>;

/** `PANTAU_WAZUH_AGENTS_FILE` (YAML or JSON): the agent map, and optionally the web roots replacing the defaults. */
export const WazuhAgentsFileSchema = z
  .object({
    webRoots: WebRootsSchema.optional(),
    agents: z.array(WazuhAgentMappingSchema).max(10_000),
  })
  .strict();
export type WazuhAgentsFile = z.infer<typeof WazuhAgentsFileSchema>;

/**
 * The settings pages' calls: users, API keys, displays, the service catalogue, agencies,
 * escalation policies, silences and maintenance windows. Answers are parsed loosely (the server
 * owns the shapes); every mutation goes through `request`, which sends the CSRF token.
 */
import { z } from '../../live/zod.js';
import { request } from '../../live/api.js';
import { AgencySchema, EscalationActionSchema, ServiceSchema } from '../../../shared/schemas/index.js';

const enc = encodeURIComponent;

/** `{data:{items:[...]}}` or `{data:[...]}`: both list shapes the API uses. */
function items<T>(schema: z.ZodType<T>, json: unknown): T[] {
  const data = (json as { data?: unknown } | null)?.data;
  const list = Array.isArray(data) ? data : (data as { items?: unknown } | undefined)?.items;
  return z.array(schema).parse(list ?? []);
}

function dataOf<T>(schema: z.ZodType<T>, json: unknown): T {
  return schema.parse((json as { data?: unknown } | null)?.data);
}

export const ROLE_NAMES = ['admin', 'supervisor', 'operator', 'liaison'] as const;
export type RoleName = (typeof ROLE_NAMES)[number];

const UserSchema = z
  .object({
    id: z.string(),
    username: z.string(),
    role: z.enum(ROLE_NAMES),
    agencyId: z.string().nullable(),
    disabled: z.boolean().optional(),
    createdAt: z.string(),
  })
  .loose();
export type UserRow = z.infer<typeof UserSchema>;

export const listUsers = async (): Promise<UserRow[]> =>
  items(UserSchema, await request('GET', '/api/v1/users'));
export const createUser = async (body: {
  username: string;
  password: string;
  role: RoleName;
  agencyId?: string;
}): Promise<UserRow> => dataOf(UserSchema, await request('POST', '/api/v1/users', body));
export const updateUser = async (
  id: string,
  patch: { password?: string; role?: RoleName; agencyId?: string | null; disabled?: boolean },
): Promise<UserRow> => dataOf(UserSchema, await request('PATCH', `/api/v1/users/${enc(id)}`, patch));
export const deleteUser = async (id: string): Promise<void> => {
  await request('DELETE', `/api/v1/users/${enc(id)}`);
};

export const KEY_SCOPES = ['health:write', 'incidents:write', 'usage:write'] as const;
const CredentialSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    scopes: z.array(z.string()).optional(),
    createdAt: z.string(),
    revokedAt: z.string().nullable().optional(),
    lastUsedAt: z.string().nullable().optional(),
  })
  .loose();
export type CredentialRow = z.infer<typeof CredentialSchema>;

export const listKeys = async (): Promise<CredentialRow[]> =>
  items(CredentialSchema, await request('GET', '/api/v1/keys'));
export const createKey = async (name: string, scopes: string[]): Promise<{ id: string; key: string }> =>
  dataOf(
    z.object({ id: z.string(), key: z.string() }).loose(),
    await request('POST', '/api/v1/keys', { name, scopes }),
  );
export const revokeKey = async (id: string): Promise<void> => {
  await request('DELETE', `/api/v1/keys/${enc(id)}`);
};

export const listDisplays = async (): Promise<CredentialRow[]> =>
  items(CredentialSchema, await request('GET', '/api/v1/displays'));
export const createDisplay = async (name: string): Promise<{ id: string; url: string }> =>
  dataOf(
    z.object({ id: z.string(), url: z.string() }).loose(),
    await request('POST', '/api/v1/displays', { name }),
  );
export const revokeDisplay = async (id: string): Promise<void> => {
  await request('DELETE', `/api/v1/displays/${enc(id)}`);
};

const AgencyRowSchema = AgencySchema.loose();
export type AgencyRow = z.infer<typeof AgencyRowSchema>;
export const listAgencies = async (): Promise<AgencyRow[]> =>
  items(AgencyRowSchema, await request('GET', '/api/v1/agencies'));
export const createAgency = async (a: unknown): Promise<void> => {
  await request('POST', '/api/v1/agencies', a);
};
export const updateAgency = async (id: string, a: unknown): Promise<void> => {
  await request('PUT', `/api/v1/agencies/${enc(id)}`, a);
};
export const deleteAgency = async (id: string): Promise<void> => {
  await request('DELETE', `/api/v1/agencies/${enc(id)}`);
};

const KecamatanSchema = z.object({ code: z.string(), name: z.string() }).loose();
/** The kecamatan list for pickers. */
export const listKecamatan = async (): Promise<{ code: string; name: string }[]> =>
  z
    .object({ kecamatan: z.array(KecamatanSchema) })
    .loose()
    .parse(((await request('GET', '/api/v1/areas')) as { data?: unknown } | null)?.data).kecamatan;

const ServiceRowSchema = z
  .object({
    id: z.string(),
    agencyId: z.string(),
    name: z.string(),
    kind: z.string(),
    url: z.string().optional(),
    check: z.unknown().optional(),
  })
  .loose();
export type ServiceRow = z.infer<typeof ServiceRowSchema>;
export type ServiceDef = z.infer<typeof ServiceSchema>;

export const listServices = async (): Promise<ServiceRow[]> =>
  items(ServiceRowSchema, await request('GET', '/api/v1/services'));
/** The full definitions, checks included (the export, which needs config:write). */
export const serviceDefs = async (): Promise<Record<string, unknown>[]> =>
  z
    .object({ services: z.array(z.record(z.string(), z.unknown())) })
    .parse(await request('GET', '/api/v1/services/export?format=json')).services;
export const saveService = async (s: ServiceDef, isNew: boolean): Promise<void> => {
  await request(isNew ? 'POST' : 'PUT', isNew ? '/api/v1/services' : `/api/v1/services/${enc(s.id)}`, s);
};
export const deleteService = async (id: string): Promise<void> => {
  await request('DELETE', `/api/v1/services/${enc(id)}`);
};

export const ESCALATION_ACTIONS = EscalationActionSchema.options;
export type EscalationAction = (typeof ESCALATION_ACTIONS)[number];
const StepSchema = z.object({ afterSeconds: z.number(), action: EscalationActionSchema });
export type Step = z.infer<typeof StepSchema>;
const PolicySchema = z
  .object({
    id: z.string(),
    agencyId: z.string().nullable(),
    steps: z.array(StepSchema),
    updatedAt: z.string().nullable().optional(),
    updatedBy: z.string().nullable().optional(),
    version: z.number(),
    source: z.string().optional(),
  })
  .loose();
export type Policy = z.infer<typeof PolicySchema>;
export const listPolicies = async (): Promise<Policy[]> =>
  items(PolicySchema, await request('GET', '/api/v1/escalation-policies'));
export const savePolicy = async (id: string, steps: Step[], expectedVersion?: number): Promise<Policy> =>
  dataOf(
    PolicySchema,
    await request('PUT', `/api/v1/escalation-policies/${enc(id)}`, {
      steps,
      ...(expectedVersion !== undefined ? { expectedVersion } : {}),
    }),
  );
export const deletePolicy = async (id: string): Promise<void> => {
  await request('DELETE', `/api/v1/escalation-policies/${enc(id)}`);
};

const SilenceSchema = z
  .object({
    id: z.string(),
    agencyId: z.string().nullable(),
    serviceId: z.string().nullable(),
    reason: z.string(),
    author: z.object({ username: z.string() }).loose().optional(),
    startsAt: z.string(),
    endsAt: z.string(),
    expired: z.boolean(),
  })
  .loose();
export type SilenceRow = z.infer<typeof SilenceSchema>;
export type SilenceBody = {
  agencyId?: string;
  serviceId?: string;
  reason: string;
  startsAt?: string;
  endsAt: string;
};
export const listSilences = async (): Promise<SilenceRow[]> =>
  items(SilenceSchema, await request('GET', '/api/v1/silences'));
export const previewSilence = async (body: SilenceBody): Promise<number> =>
  z
    .object({ matches: z.number() })
    .loose()
    .parse(((await request('POST', '/api/v1/silences/preview', body)) as { data?: unknown } | null)?.data)
    .matches;
export const createSilence = async (body: SilenceBody): Promise<void> => {
  await request('POST', '/api/v1/silences', body);
};
export const endSilence = async (id: string): Promise<void> => {
  await request('DELETE', `/api/v1/silences/${enc(id)}`);
};

const MaintenanceSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['once', 'weekly']),
    serviceId: z.string().optional(),
    agencyId: z.string().optional(),
    reason: z.string(),
    startsAt: z.string().optional(),
    endsAt: z.string().optional(),
    days: z.array(z.number()).optional(),
    startTime: z.string().optional(),
    durationMinutes: z.number().optional(),
    createdBy: z.string().nullable().optional(),
  })
  .loose();
export type MaintenanceRow = z.infer<typeof MaintenanceSchema>;
export const listMaintenance = async (): Promise<MaintenanceRow[]> =>
  items(MaintenanceSchema, await request('GET', '/api/v1/maintenance'));
export const createMaintenance = async (body: unknown): Promise<void> => {
  await request('POST', '/api/v1/maintenance', body);
};
export const deleteMaintenance = async (id: string): Promise<void> => {
  await request('DELETE', `/api/v1/maintenance/${enc(id)}`);
};

/** `2026-11-30T08:00` typed in WITA → ISO instant; null when empty or unreadable. */
export function witaInputToIso(local: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local)) return null;
  const ms = Date.parse(`${local}:00+08:00`);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** An instant → the `datetime-local` value for the same moment in WITA. */
export function isoToWitaInput(at: number): string {
  return new Date(at + 8 * 3_600_000).toISOString().slice(0, 16);
}

const InvalidEntrySchema = z
  .object({ kind: z.string(), id: z.string(), message: z.string(), raw: z.string().optional() })
  .loose();
export type InvalidEntryRow = z.infer<typeof InvalidEntrySchema>;

/** Stored configuration left out as invalid (written by an older version or by hand). */
export const listInvalidEntries = async (): Promise<InvalidEntryRow[]> =>
  items(InvalidEntrySchema, await request('GET', '/api/v1/config/invalid'));

const INVALID_PATHS: Record<string, string> = {
  service: '/api/v1/services/',
  agency: '/api/v1/agencies/',
  'escalation-policy': '/api/v1/escalation-policies/',
  maintenance: '/api/v1/maintenance/',
};

/** Removes an invalid entry through the DELETE of its own kind. */
export const removeInvalidEntry = async (e: InvalidEntryRow): Promise<void> => {
  const base = INVALID_PATHS[e.kind];
  if (!base) throw new Error(`unknown kind ${e.kind}`);
  await request('DELETE', `${base}${enc(e.id)}`);
};

/**
 * The settings pages' calls: users, API keys, displays, the service catalogue, agencies,
 * escalation policies, silences and maintenance windows. Answers are parsed with their routes'
 * answer schemas (shared/api); every mutation goes through `request`, which sends the CSRF token.
 */
import type { z } from '../../live/zod.js';
import { parseData, request } from '../../live/api.js';
import { itemsOf } from '../../../shared/api/route.js';
import { NoticeSchema, type Notice } from '../../../shared/schemas/notice.js';
import {
  EscalationPolicyListResponseSchema,
  EscalationPolicyResponseSchema,
  SilenceListResponseSchema,
  SilencePreviewResponseSchema,
} from '../../../shared/api/alerts.js';
import {
  ApiKeyCreatedResponseSchema,
  ApiKeyListResponseSchema,
  DisplayCreatedResponseSchema,
  DisplayListResponseSchema,
  DisplayResponseSchema,
  UserListResponseSchema,
  UserResponseSchema,
} from '../../../shared/api/auth.js';
import {
  AgencyListResponseSchema,
  AreasResponseSchema,
  InvalidEntryListResponseSchema,
  type InvalidEntrySchema,
} from '../../../shared/api/catalog.js';
import {
  MaintenanceListResponseSchema,
  ServiceListResponseSchema,
  ServicesExportSchema,
  type ServiceWithStateSchema,
} from '../../../shared/api/health.js';
import type {
  Agency,
  ApiKey,
  Display,
  DisplayPatch,
  EscalationPolicy,
  EscalationStep,
  KeyScope,
  MaintenanceWindowSchema,
  NewUser,
  Service,
  Silence,
  SilenceInput,
  User,
  UserPatch,
} from '../../../shared/schemas/index.js';

const enc = encodeURIComponent;

export const listUsers = async (): Promise<User[]> =>
  parseData(UserListResponseSchema, await request('GET', '/api/v1/users')).items;
export const createUser = async (body: NewUser): Promise<User> =>
  parseData(UserResponseSchema, await request('POST', '/api/v1/users', body));
export const updateUser = async (id: string, patch: UserPatch): Promise<User> =>
  parseData(UserResponseSchema, await request('PATCH', `/api/v1/users/${enc(id)}`, patch));
export const deleteUser = async (id: string): Promise<void> => {
  await request('DELETE', `/api/v1/users/${enc(id)}`);
};

/** A key or a display, as the list of either shows it. */
export type CredentialRow = ApiKey | Display;

export const listKeys = async (): Promise<ApiKey[]> =>
  parseData(ApiKeyListResponseSchema, await request('GET', '/api/v1/keys')).items;
export const createKey = async (name: string, scopes: KeyScope[]): Promise<{ id: string; key: string }> =>
  parseData(ApiKeyCreatedResponseSchema, await request('POST', '/api/v1/keys', { name, scopes }));
export const revokeKey = async (id: string): Promise<void> => {
  await request('DELETE', `/api/v1/keys/${enc(id)}`);
};

export const listDisplays = async (): Promise<Display[]> =>
  parseData(DisplayListResponseSchema, await request('GET', '/api/v1/displays')).items;
export const createDisplay = async (name: string): Promise<{ id: string; url: string }> =>
  parseData(DisplayCreatedResponseSchema, await request('POST', '/api/v1/displays', { name }));
/** Renames a display or sets what its wall shows; a stale `expectedVersion` fails with 409. */
export const updateDisplay = async (id: string, patch: DisplayPatch): Promise<Display> =>
  parseData(DisplayResponseSchema, await request('PATCH', `/api/v1/displays/${enc(id)}`, patch));
export const revokeDisplay = async (id: string): Promise<void> => {
  await request('DELETE', `/api/v1/displays/${enc(id)}`);
};

export const listAgencies = async (): Promise<Agency[]> =>
  parseData(AgencyListResponseSchema, await request('GET', '/api/v1/agencies')).items;
export const createAgency = async (a: unknown): Promise<void> => {
  await request('POST', '/api/v1/agencies', a);
};
export const updateAgency = async (id: string, a: unknown): Promise<void> => {
  await request('PUT', `/api/v1/agencies/${enc(id)}`, a);
};
export const deleteAgency = async (id: string): Promise<void> => {
  await request('DELETE', `/api/v1/agencies/${enc(id)}`);
};

/** The kecamatan list for pickers. */
export const listKecamatan = async (): Promise<{ code: string; name: string }[]> =>
  parseData(AreasResponseSchema, await request('GET', '/api/v1/areas')).kecamatan;

export type ServiceRow = z.infer<typeof ServiceWithStateSchema>;

export const listServices = async (): Promise<ServiceRow[]> =>
  parseData(ServiceListResponseSchema, await request('GET', '/api/v1/services')).items;
/** The full definitions, checks included (the export, which needs config:write). */
export const serviceDefs = async (): Promise<Record<string, unknown>[]> =>
  ServicesExportSchema.parse(await request('GET', '/api/v1/services/export?format=json')).services;
export const saveService = async (s: Service, isNew: boolean): Promise<void> => {
  await request(isNew ? 'POST' : 'PUT', isNew ? '/api/v1/services' : `/api/v1/services/${enc(s.id)}`, s);
};
export const deleteService = async (id: string): Promise<void> => {
  await request('DELETE', `/api/v1/services/${enc(id)}`);
};

export const listPolicies = async (): Promise<EscalationPolicy[]> =>
  parseData(EscalationPolicyListResponseSchema, await request('GET', '/api/v1/escalation-policies')).items;
export const savePolicy = async (
  id: string,
  steps: EscalationStep[],
  expectedVersion?: number,
): Promise<EscalationPolicy> =>
  parseData(
    EscalationPolicyResponseSchema,
    await request('PUT', `/api/v1/escalation-policies/${enc(id)}`, {
      steps,
      ...(expectedVersion !== undefined ? { expectedVersion } : {}),
    }),
  );
export const deletePolicy = async (id: string): Promise<void> => {
  await request('DELETE', `/api/v1/escalation-policies/${enc(id)}`);
};

export const listSilences = async (): Promise<Silence[]> =>
  parseData(SilenceListResponseSchema, await request('GET', '/api/v1/silences')).items;
export const previewSilence = async (body: SilenceInput): Promise<number> =>
  parseData(SilencePreviewResponseSchema, await request('POST', '/api/v1/silences/preview', body)).matches;
export const createSilence = async (body: SilenceInput): Promise<void> => {
  await request('POST', '/api/v1/silences', body);
};
export const endSilence = async (id: string): Promise<void> => {
  await request('DELETE', `/api/v1/silences/${enc(id)}`);
};

export type MaintenanceRow = z.infer<typeof MaintenanceWindowSchema>;
export const listMaintenance = async (): Promise<MaintenanceRow[]> =>
  parseData(MaintenanceListResponseSchema, await request('GET', '/api/v1/maintenance')).items;
export const createMaintenance = async (body: unknown): Promise<void> => {
  await request('POST', '/api/v1/maintenance', body);
};
export const deleteMaintenance = async (id: string): Promise<void> => {
  await request('DELETE', `/api/v1/maintenance/${enc(id)}`);
};

export type NoticeRow = Notice;
export const listNotices = async (): Promise<Notice[]> =>
  parseData(itemsOf(NoticeSchema), await request('GET', '/api/v1/notices')).items;
export const createNotice = async (body: unknown): Promise<void> => {
  await request('POST', '/api/v1/notices', body);
};
export const patchNotice = async (id: string, body: unknown): Promise<void> => {
  await request('PATCH', `/api/v1/notices/${enc(id)}`, body);
};
/** Removes a notice from the public page altogether (closing keeps it among past notices). */
export const deleteNotice = async (id: string): Promise<void> => {
  await request('DELETE', `/api/v1/notices/${enc(id)}`);
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

export type InvalidEntryRow = z.infer<typeof InvalidEntrySchema>;

/** Stored configuration left out as invalid (written by an older version or by hand). */
export const listInvalidEntries = async (): Promise<InvalidEntryRow[]> =>
  parseData(InvalidEntryListResponseSchema, await request('GET', '/api/v1/config/invalid')).items;

const INVALID_PATHS: Record<string, string> = {
  service: '/api/v1/services/',
  agency: '/api/v1/agencies/',
  'escalation-policy': '/api/v1/escalation-policies/',
  maintenance: '/api/v1/maintenance/',
  'notification-channel': '/api/v1/notification-channels/',
};

/** Removes an invalid entry through the DELETE of its own kind. */
export const removeInvalidEntry = async (e: InvalidEntryRow): Promise<void> => {
  const base = INVALID_PATHS[e.kind];
  if (!base) throw new Error(`unknown kind ${e.kind}`);
  await request('DELETE', `${base}${enc(e.id)}`);
};

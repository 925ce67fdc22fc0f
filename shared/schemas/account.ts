import { z } from 'zod';
import { DisplayConfigSchema, DisplayPresenceSchema } from './display.js';
import { ContactsSchema } from './oncall.js';

/** The roles a person can have (what each may do: server/auth/policy.ts). */
export const ROLES = ['admin', 'supervisor', 'operator', 'liaison'] as const;
export type Role = (typeof ROLES)[number];
export const RoleSchema = z.enum(ROLES);

/** Everything a principal can be allowed to do. */
export type Action =
  | 'live:view'
  /** The REST reads a wall makes besides its socket (adoption, participation, the scorecard). */
  | 'wall:read'
  | 'snapshot:read'
  | 'alerts:read'
  | 'alerts:ack'
  | 'alerts:resolve'
  | 'alerts:snooze'
  | 'alerts:assign'
  | 'alerts:escalate'
  | 'incidents:read'
  | 'services:read'
  | 'config:write'
  | 'audit:read'
  | 'users:manage'
  | 'keys:manage'
  | 'displays:manage'
  /** The citizen-report triage queue: read reports with the reporter's contact, verify, merge, reject. */
  | 'reports:triage'
  /** Edit the citizen-report block list. */
  | 'reports:block';

/**
 * What each role may do: the one table the server's policy (server/auth/policy.ts, which adds the
 * agency scope) and the screens (which hide what a role cannot use) both read.
 */
export const ROLE_ACTIONS: Record<Role, ReadonlySet<Action>> = {
  admin: new Set<Action>([
    'live:view',
    'wall:read',
    'snapshot:read',
    'alerts:read',
    'alerts:ack',
    'alerts:resolve',
    'alerts:snooze',
    'alerts:assign',
    'alerts:escalate',
    'incidents:read',
    'services:read',
    'config:write',
    'audit:read',
    'users:manage',
    'keys:manage',
    'displays:manage',
    'reports:triage',
    'reports:block',
  ]),
  supervisor: new Set<Action>([
    'live:view',
    'wall:read',
    'snapshot:read',
    'alerts:read',
    'alerts:ack',
    'alerts:resolve',
    'alerts:snooze',
    'alerts:assign',
    'alerts:escalate',
    'incidents:read',
    'services:read',
    'config:write',
    'audit:read',
    'displays:manage',
    'reports:triage',
    'reports:block',
  ]),
  operator: new Set<Action>([
    'live:view',
    'wall:read',
    'snapshot:read',
    'alerts:read',
    'alerts:ack',
    'incidents:read',
    'services:read',
    'reports:triage',
  ]),
  liaison: new Set<Action>([
    'live:view',
    'wall:read',
    'snapshot:read',
    'alerts:read',
    'alerts:ack',
    'alerts:resolve',
    'incidents:read',
    'services:read',
  ]),
};

/** Whether `role` may do `action` at all (a liaison only on its own agency's objects: server/auth/policy.ts). */
export function roleCan(role: Role, action: Action): boolean {
  return ROLE_ACTIONS[role].has(action);
}

/** Ingest scopes an API key can carry. */
export const KEY_SCOPES = ['health:write', 'incidents:write', 'usage:write', 'reports:write'] as const;
export type KeyScope = (typeof KEY_SCOPES)[number];
export const KeyScopeSchema = z.enum(KEY_SCOPES);

// ---- Requests ----

/** `POST /auth/login`. */
export const LoginSchema = z
  .object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) })
  .strict();

/** Every password, one rule: a user's, a changed one, and the first admin's from PANTAU_ADMIN_PASSWORD. */
export const PasswordSchema = z.string().min(12, 'at least 12 characters').max(256);

/** `POST /users` (and the CLI): a liaison must name its agency. */
export const NewUserSchema = z
  .object({
    username: z
      .string()
      .min(3)
      .max(64)
      .regex(/^[a-z0-9._-]+$/, 'lowercase letters, digits and . _ - only'),
    password: PasswordSchema,
    role: RoleSchema,
    agencyId: z.string().min(1).max(128).optional(),
    /** How the person is named on screens and in notifications (the username when absent). */
    displayName: z.string().trim().min(1).max(100).optional(),
    contacts: ContactsSchema.optional(),
  })
  .strict();
export type NewUser = z.infer<typeof NewUserSchema>;

/** `PATCH /users/:id`: any of password, role, agency (null: none), disabled, display name and contacts (replaced whole). */
export const UserPatchSchema = z
  .object({
    password: PasswordSchema,
    role: RoleSchema,
    agencyId: z.string().min(1).max(128).nullable(),
    disabled: z.boolean(),
    displayName: z.string().trim().min(1).max(100).nullable(),
    contacts: ContactsSchema,
  })
  .partial()
  .strict();
export type UserPatch = z.infer<typeof UserPatchSchema>;

/** `POST /keys` (and the CLI). */
export const NewKeySchema = z
  .object({ name: z.string().trim().min(1).max(100), scopes: z.array(KeyScopeSchema).min(1) })
  .strict();
export type NewKey = z.infer<typeof NewKeySchema>;

/** `POST /displays` (and the CLI). */
export const NewDisplaySchema = z.object({ name: z.string().trim().min(1).max(100) }).strict();
export type NewDisplay = z.infer<typeof NewDisplaySchema>;

/**
 * `GET /audit`: at most `limit` entries (default 200, at most 1000; a missing, unreadable or zero
 * limit is the default), after `cursor` (the previous page's `nextCursor`). Never refuses.
 */
export const AuditQuerySchema = z.object({
  limit: z
    .string()
    .describe('At most this many entries: 1–1000, default 200')
    .optional()
    .catch(undefined)
    .transform((v) => Math.min(Number(v ?? 200) || 200, 1000)),
  cursor: z.string().describe("The previous page's nextCursor").optional().catch(undefined),
});

// ---- Answers ----

/** A user as the API shows it: never the password hash. */
export const UserSchema = z.looseObject({
  id: z.string(),
  username: z.string(),
  role: RoleSchema,
  agencyId: z.string().nullable(),
  disabled: z.boolean(),
  createdAt: z.string(),
  displayName: z.string().nullable().optional(),
  contacts: ContactsSchema.optional(),
  passwordHash: z.never().optional(),
});
export type User = z.infer<typeof UserSchema>;

/** Someone an alert can be assigned to (`GET /assignees`): enabled users who may work on alerts. */
export const AssigneeSchema = z.object({
  id: z.string(),
  username: z.string(),
  role: RoleSchema,
  agencyId: z.string().nullable(),
});
export type Assignee = z.infer<typeof AssigneeSchema>;

/** `POST /auth/login`: the user and the CSRF token every mutation must send as `X-CSRF-Token`. */
export const LoginAnswerSchema = z.looseObject({ user: UserSchema, csrfToken: z.string() });

/** The signed-in user as `GET /auth/me` shows it. */
export const SessionUserSchema = z.looseObject({
  id: z.string(),
  username: z.string(),
  role: RoleSchema,
  agencyId: z.string().nullable(),
});
export type SessionUser = z.infer<typeof SessionUserSchema>;

/** `GET /auth/me`: who is calling — a user with its session's CSRF token, a wall's display token, or an API key. */
export const MeSchema = z.union([
  z.looseObject({ user: SessionUserSchema, csrfToken: z.string() }),
  z.looseObject({
    display: z.looseObject({ id: z.string(), name: z.string() }),
    role: z.literal('display'),
  }),
  z.looseObject({
    key: z.looseObject({ id: z.string(), name: z.string(), scopes: z.array(z.string()) }),
    role: z.literal('key'),
  }),
]);

/** An API key as listed: never its hash nor the key itself. */
export const ApiKeySchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  scopes: z.array(KeyScopeSchema),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
  version: z.number().int(),
  hash: z.never().optional(),
  key: z.never().optional(),
});
export type ApiKey = z.infer<typeof ApiKeySchema>;

/** `POST /keys`: the new key, shown this once and never again. */
export const ApiKeyCreatedSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  scopes: z.array(KeyScopeSchema),
  key: z.string(),
});

/**
 * A wall display as listed: never its hash nor its token. `config`: what its wall shows (null: the
 * wall URL's parameters rule); `lastSeenAt`, `instance`, `online`: where its wall was last seen.
 */
export const DisplaySchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
  version: z.number().int(),
  config: DisplayConfigSchema.nullable(),
  ...DisplayPresenceSchema.shape,
  hash: z.never().optional(),
  token: z.never().optional(),
});
export type Display = z.infer<typeof DisplaySchema>;

/** `POST /displays`: the new token, shown this once, and the wall URL that carries it. */
export const DisplayCreatedSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  token: z.string(),
  url: z.string(),
});

/** Where an audited change came from. */
export const AUDIT_CHANNELS = ['http', 'socket', 'cli', 'system', 'telegram'] as const;

/** Who did it, as the audit log records it. */
export const AuditActorSchema = z.object({
  kind: z.string(),
  id: z.string().nullable(),
  name: z.string().nullable(),
  role: z.string().nullable(),
  agencyId: z.string().nullable(),
});

/** One append-only audit entry: who, role, agency, when, from where, what changed. */
export const AuditEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  action: z.string(),
  actor: AuditActorSchema,
  ip: z.string().nullable(),
  channel: z.enum(AUDIT_CHANNELS),
  target: z.string().optional(),
  details: z.unknown().optional(),
  version: z.number().int(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

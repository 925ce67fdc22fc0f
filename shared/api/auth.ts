import { z } from 'zod';
import {
  ApiKeyCreatedSchema,
  ApiKeySchema,
  AuditEntrySchema,
  AuditQuerySchema,
  DisplayCreatedSchema,
  DisplayPatchSchema,
  DisplaySchema,
  LoginAnswerSchema,
  LoginSchema,
  MeSchema,
  NewDisplaySchema,
  NewKeySchema,
  NewUserSchema,
  UserPatchSchema,
  UserSchema,
} from '../schemas/index.js';
import { auth, created, dataOf, itemsOf, noContent, ok, routes, refusal } from './route.js';

// The answers the screens read, by name (each is also its route's declared schema below).
export const LoginResponseSchema = dataOf(LoginAnswerSchema);
export const MeResponseSchema = dataOf(MeSchema);
export const UserListResponseSchema = itemsOf(UserSchema);
export const UserResponseSchema = dataOf(UserSchema);
export const ApiKeyListResponseSchema = itemsOf(ApiKeySchema);
export const ApiKeyCreatedResponseSchema = dataOf(ApiKeyCreatedSchema);
export const DisplayListResponseSchema = itemsOf(DisplaySchema);
export const DisplayCreatedResponseSchema = dataOf(DisplayCreatedSchema);
export const DisplayResponseSchema = dataOf(DisplaySchema);
/** `GET /audit`: a page of entries, and the limit applied. */
export const AuditPageResponseSchema = z.object({
  data: z.looseObject({
    items: z.array(AuditEntrySchema.loose()),
    nextCursor: z.string().nullable(),
    limit: z.number(),
  }),
});

/** Login, logout and who am I; users, API keys, wall displays and the audit log. */
export const authRoutes = routes([
  {
    method: 'post',
    path: '/api/v1/auth/login',
    summary: 'Log in with username and password: sets the session cookie and returns the CSRF token',
    auth: auth.public,
    body: LoginSchema,
    responses: {
      ...ok('The user and the CSRF token to send as X-CSRF-Token on mutations', LoginResponseSchema),
      401: refusal(
        '`invalid_credentials`: unknown user, wrong password or disabled account (the same answer)',
      ),
      429: refusal('Locked or delayed after failed logins (Retry-After)'),
    },
    tags: ['auth'],
  },
  {
    method: 'post',
    path: '/api/v1/auth/logout',
    summary: 'End the session and clear its cookie (its live sockets are closed)',
    auth: auth.action('live:view'),
    responses: noContent('Logged out'),
    tags: ['auth'],
  },
  {
    method: 'get',
    path: '/api/v1/auth/me',
    summary: 'Who is calling: the user with its CSRF token, or the display token or API key used',
    auth: auth.caller,
    responses: ok('The caller', MeResponseSchema),
    tags: ['auth'],
  },
  {
    method: 'get',
    path: '/api/v1/users',
    summary: 'Every user (never a password hash)',
    auth: auth.action('users:manage'),
    responses: ok('The users', UserListResponseSchema),
    tags: ['auth'],
  },
  {
    method: 'post',
    path: '/api/v1/users',
    summary: 'Create a user; a liaison must be bound to a known agency (audited)',
    auth: auth.action('users:manage'),
    body: NewUserSchema,
    responses: { ...created('The user', UserResponseSchema), 409: refusal('The username is taken') },
    tags: ['auth'],
  },
  {
    method: 'patch',
    path: '/api/v1/users/:id',
    summary: "Change a user's password, role, agency or disabled flag; ends all its sessions (audited)",
    auth: auth.action('users:manage'),
    body: UserPatchSchema,
    responses: { ...ok('The user', UserResponseSchema), 409: refusal('The user changed meanwhile; retry') },
    tags: ['auth'],
  },
  {
    method: 'delete',
    path: '/api/v1/users/:id',
    summary: 'Delete a user and end all its sessions (audited)',
    auth: auth.action('users:manage'),
    responses: noContent('Deleted'),
    tags: ['auth'],
  },
  {
    method: 'post',
    path: '/api/v1/users/:id/unlock',
    summary: "Lift a user's login delay and every lock after failed logins (audited)",
    auth: auth.action('users:manage'),
    responses: noContent('Unlocked'),
    tags: ['auth'],
  },
  {
    method: 'get',
    path: '/api/v1/keys',
    summary: 'API keys for feed sources, oldest first, revoked ones included (never the key or its hash)',
    auth: auth.action('keys:manage'),
    responses: ok('The keys', ApiKeyListResponseSchema),
    tags: ['auth'],
  },
  {
    method: 'post',
    path: '/api/v1/keys',
    summary: 'Create an API key with ingest scopes; the key is shown in this answer only (audited)',
    auth: auth.action('keys:manage'),
    body: NewKeySchema,
    responses: created('The key, with its secret shown once', ApiKeyCreatedResponseSchema),
    tags: ['auth'],
  },
  {
    method: 'delete',
    path: '/api/v1/keys/:id',
    summary: 'Revoke an API key (audited; revoking twice is no error)',
    auth: auth.action('keys:manage'),
    responses: noContent('Revoked'),
    tags: ['auth'],
  },
  {
    method: 'get',
    path: '/api/v1/displays',
    summary: 'Wall display tokens, oldest first, revoked ones included (never the token or its hash)',
    auth: auth.action('displays:manage'),
    responses: ok('The displays', DisplayListResponseSchema),
    tags: ['auth'],
  },
  {
    method: 'post',
    path: '/api/v1/displays',
    summary:
      'Create a wall display token; the token and its wall URL are shown in this answer only (audited)',
    auth: auth.action('displays:manage'),
    body: NewDisplaySchema,
    responses: created('The display, with its token shown once', DisplayCreatedResponseSchema),
    tags: ['auth'],
  },
  {
    method: 'patch',
    path: '/api/v1/displays/:id',
    summary:
      'Rename a display or set what its wall shows (views, rotation, language, reload); open walls apply it at once (audited)',
    auth: auth.action('displays:manage'),
    body: DisplayPatchSchema,
    responses: {
      ...ok('The display as listed', DisplayResponseSchema),
      409: refusal(
        '`conflict`: the display changed meanwhile (stale expectedVersion); `revoked`: it is revoked',
      ),
    },
    tags: ['auth'],
  },
  {
    method: 'delete',
    path: '/api/v1/displays/:id',
    summary: 'Revoke a display token; its open walls are disconnected (audited)',
    auth: auth.action('displays:manage'),
    responses: noContent('Revoked'),
    tags: ['auth'],
  },
  {
    method: 'get',
    path: '/api/v1/audit',
    summary: 'The audit log, newest first, with cursor paging',
    auth: auth.action('audit:read'),
    query: AuditQuerySchema,
    responses: ok('A page of audit entries, and the limit applied', AuditPageResponseSchema),
    tags: ['auth'],
  },
]);

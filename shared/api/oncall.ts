import { z } from 'zod';
import {
  ContactsSchema,
  OnCallAnswerSchema,
  OnCallPersonSchema,
  OnCallQuerySchema,
  OnCallScheduleInputSchema,
  OnCallScheduleSchema,
  SessionUserSchema,
} from '../schemas/index.js';
import { auth, dataOf, itemsOf, ok, refusal, routes } from './route.js';

/** `PATCH /auth/me`: a person's own display name and contacts (contacts replaced whole). */
export const ProfilePatchSchema = z
  .object({
    displayName: z.string().trim().min(1).max(100).nullable(),
    contacts: ContactsSchema,
  })
  .partial()
  .strict();

/** One line of the on-call overview: who is on call now for one schedule. */
export const OnCallSummarySchema = z.object({
  scheduleId: z.string(),
  onCall: OnCallPersonSchema.nullable(),
  until: z.string().nullable(),
  head: OnCallPersonSchema.nullable(),
  configured: z.boolean(),
});

export const OnCallResponseSchema = dataOf(OnCallAnswerSchema);
export const OnCallScheduleResponseSchema = dataOf(OnCallScheduleSchema);
export const OnCallOverviewResponseSchema = itemsOf(OnCallSummarySchema);
export const ProfileResponseSchema = dataOf(
  SessionUserSchema.extend({ displayName: z.string().nullable(), contacts: ContactsSchema }),
);

/** On-call schedules (each agency's and the command center's) and a person's own contacts. */
export const oncallRoutes = routes([
  {
    method: 'get',
    path: '/api/v1/oncall',
    summary:
      'Who is on call now at every agency and at the command center (contacts only to those who configure)',
    auth: auth.action('alerts:read'),
    responses: ok('One line per agency, the command center first', OnCallOverviewResponseSchema),
    tags: ['oncall'],
  },
  {
    method: 'get',
    path: '/api/v1/agencies/:id/oncall',
    summary:
      'Who is on call for an agency at `at` (now by default), until when, who is next, the head, the coming shifts and the schedule',
    auth: auth.action('alerts:read'),
    query: OnCallQuerySchema,
    responses: { ...ok('The on-call answer', OnCallResponseSchema), 404: refusal('No such agency') },
    tags: ['oncall'],
  },
  {
    method: 'put',
    path: '/api/v1/agencies/:id/oncall',
    summary: "Replace an agency's rotation layers, overrides and head (audited)",
    auth: auth.action('config:write'),
    body: OnCallScheduleInputSchema,
    responses: {
      ...ok('The schedule', OnCallScheduleResponseSchema),
      404: refusal('No such agency'),
      409: refusal('Stale expectedVersion'),
    },
    tags: ['oncall'],
  },
  {
    method: 'get',
    path: '/api/v1/oncall/command-center',
    summary: 'The supervisor on duty at the command center: the same answer as an agency’s',
    auth: auth.action('alerts:read'),
    query: OnCallQuerySchema,
    responses: ok('The on-call answer', OnCallResponseSchema),
    tags: ['oncall'],
  },
  {
    method: 'put',
    path: '/api/v1/oncall/command-center',
    summary: "Replace the command center's supervisor rotation (audited)",
    auth: auth.action('config:write'),
    body: OnCallScheduleInputSchema,
    responses: { ...ok('The schedule', OnCallScheduleResponseSchema), 409: refusal('Stale expectedVersion') },
    tags: ['oncall'],
  },
  {
    method: 'get',
    path: '/api/v1/auth/me/profile',
    summary: 'Your own display name and contacts (what `PATCH /auth/me` changes)',
    auth: auth.session,
    responses: ok('You, with your contacts', ProfileResponseSchema),
    tags: ['auth'],
  },
  {
    method: 'patch',
    path: '/api/v1/auth/me',
    summary: 'Change your own display name and contacts (Telegram chat id, phone, e-mail; audited)',
    auth: auth.session,
    body: ProfilePatchSchema,
    responses: ok('You, with your contacts', ProfileResponseSchema),
    tags: ['auth'],
  },
]);

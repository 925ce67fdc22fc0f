/** The signed-in person's own profile: display name and contacts (`/auth/me/profile`, `PATCH /auth/me`). */
import type { z } from './zod.js';
import { parseData, request } from './api.js';
import { ProfileResponseSchema, type ProfilePatchSchema } from '../../shared/api/oncall.js';

export type Profile = z.output<typeof ProfileResponseSchema>['data'];
export type ProfilePatch = z.input<typeof ProfilePatchSchema>;

/** Your display name and contacts as stored. */
export const fetchProfile = async (): Promise<Profile> =>
  parseData(ProfileResponseSchema, await request('GET', '/api/v1/auth/me/profile'));

/** Changes your display name and contacts (contacts replaced whole); 400 names the bad field. */
export const saveProfile = async (patch: ProfilePatch): Promise<Profile> =>
  parseData(ProfileResponseSchema, await request('PATCH', '/api/v1/auth/me', patch));

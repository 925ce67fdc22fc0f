/** Which settings sections a role is offered (kept apart from the pages so the console can decide without loading them). */
import type { SessionUser } from '../../live/api.js';

export type Section =
  | 'users'
  | 'keys'
  | 'displays'
  | 'services'
  | 'agencies'
  | 'escalation'
  | 'channels'
  | 'silences'
  | 'maintenance'
  | 'notices';

/** Mirrors server/auth/policy.ts: users and keys need users:manage/keys:manage (admin); the rest config:write or displays:manage. */
const SECTION_ROLES: Record<Section, readonly SessionUser['role'][]> = {
  users: ['admin'],
  keys: ['admin'],
  displays: ['admin', 'supervisor'],
  services: ['admin', 'supervisor'],
  agencies: ['admin', 'supervisor'],
  escalation: ['admin', 'supervisor'],
  channels: ['admin', 'supervisor'],
  silences: ['admin', 'supervisor'],
  maintenance: ['admin', 'supervisor'],
  notices: ['admin', 'supervisor'],
};
const ORDER: readonly Section[] = [
  'users',
  'keys',
  'displays',
  'services',
  'agencies',
  'escalation',
  'channels',
  'silences',
  'maintenance',
  'notices',
];

/** The sections a role may use, in menu order. */
export function sectionsFor(role: SessionUser['role']): Section[] {
  return ORDER.filter((s) => SECTION_ROLES[s].includes(role));
}

/** True when the role gets the settings tab at all. */
export function hasConfig(role: SessionUser['role']): boolean {
  return sectionsFor(role).length > 0;
}

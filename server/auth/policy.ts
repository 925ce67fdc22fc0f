/**
 * The one policy module: every action on HTTP and on sockets is decided here, from
 * role ∩ the principal's agency ∩ the object's agency.
 */
import {
  KEY_SCOPES,
  ROLES,
  ROLE_ACTIONS,
  type Action,
  type KeyScope,
  type Role,
} from '../../shared/schemas/index.js';

export { ROLES, type Action, type Role };

/** Who is asking. */
export type Principal =
  | {
      kind: 'user';
      userId: string;
      username: string;
      role: Role;
      agencyId: string | null;
      sessionId: string;
      csrfToken: string;
    }
  | { kind: 'display'; displayId: string; name: string }
  | { kind: 'key'; keyId: string; name: string; scopes: string[] };

/** Actions whose objects belong to an agency: a liaison may act only on its own agency's. */
const AGENCY_SCOPED = new Set<Action>(['alerts:read', 'alerts:ack', 'alerts:resolve', 'incidents:read']);

/** Ingest scopes API keys can carry (shared/schemas/account.ts). */
export const SCOPES = KEY_SCOPES;
export type Scope = KeyScope;

/**
 * Decides one action. `objectAgencyId` is the agency of the thing acted on (undefined when the
 * action has no object); a liaison is confined to its own agency.
 */
export function can(p: Principal | null, action: Action, objectAgencyId?: string | null): boolean {
  if (!p) return false;
  // A wall's token reads what a wall shows, and nothing else.
  if (p.kind === 'display')
    return action === 'live:view' || action === 'wall:read' || action === 'snapshot:read';
  if (p.kind === 'key') return false;
  if (!ROLE_ACTIONS[p.role].has(action)) return false;
  if (p.role === 'liaison' && AGENCY_SCOPED.has(action) && objectAgencyId !== undefined) {
    return p.agencyId !== null && objectAgencyId === p.agencyId;
  }
  return true;
}

/** True when an ingest key may write with `scope`. */
export function hasScope(p: Principal | null, scope: Scope): boolean {
  return p?.kind === 'key' && p.scopes.includes(scope);
}

/** The agency a principal's view is confined to, or null for the whole city. */
export function agencyFilter(p: Principal): string | null {
  // A liaison without an agency sees no agency's items: the impossible id matches nothing.
  if (p.kind === 'user' && p.role === 'liaison') return p.agencyId ?? '\u0000none';
  return null;
}

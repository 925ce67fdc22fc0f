/**
 * The people an alert can be assigned to: `GET /api/v1/assignees` (for an agency: its people and
 * the city-wide staff; a liaison gets its own agency's), fetched once per agency and page. A server
 * without the route (404) or a failed call leaves the console with a free-text username instead.
 */
// zod configured for the browser before any schema below is built.
import '../live/zod.js';
import { useEffect, useState } from 'react';
import { itemsOf } from '../../shared/api/route.js';
import { AssigneeSchema, type Assignee } from '../../shared/schemas/account.js';
import { parseData, request } from '../live/api.js';

export type { Assignee };

/** The answer of `GET /api/v1/assignees` as shared/api/alerts.ts declares it. */
export const AssigneesResponseSchema = itemsOf(AssigneeSchema);

export type AssigneesState =
  { state: 'loading' } | { state: 'ready'; items: readonly Assignee[] } | { state: 'unavailable' };

const cache = new Map<string, Promise<readonly Assignee[] | null>>();

/** The assignees (of `agencyId` and the city-wide staff), or null when the server offers no list. */
export function fetchAssignees(agencyId: string | null = null): Promise<readonly Assignee[] | null> {
  const key = agencyId ?? '';
  let p = cache.get(key);
  if (!p) {
    const q = agencyId ? `?${new URLSearchParams({ agency: agencyId })}` : '';
    p = request('GET', `/api/v1/assignees${q}`)
      .then((json) =>
        [...parseData(AssigneesResponseSchema, json).items].sort((a, b) =>
          a.username.localeCompare(b.username),
        ),
      )
      .catch(() => {
        // Asked again next time (a server updated meanwhile, a network blip).
        cache.delete(key);
        return null;
      });
    cache.set(key, p);
  }
  return p;
}

/** The assignee list for a picker. */
export function useAssignees(agencyId: string | null = null): AssigneesState {
  const [state, setState] = useState<{ key: string; value: AssigneesState }>({
    key: '',
    value: { state: 'loading' },
  });
  const key = agencyId ?? '';
  useEffect(() => {
    let live = true;
    void fetchAssignees(agencyId).then((items) => {
      if (live) setState({ key, value: items ? { state: 'ready', items } : { state: 'unavailable' } });
    });
    return () => {
      live = false;
    };
  }, [agencyId, key]);
  return state.key === key ? state.value : { state: 'loading' };
}

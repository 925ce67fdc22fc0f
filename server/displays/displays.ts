import type { DisplayConfigMessage } from '../../shared/events.js';
import {
  DEFAULT_DISPLAY_CONFIG,
  type Display as DisplayRow,
  type DisplayConfig,
  type DisplayPatch,
} from '../../shared/schemas/index.js';
import { auditEntry, type AuditEntry } from '../auth/audit.js';
import type { Display } from '../auth/credentials.js';
import type { Ctx } from '../context.js';
import { ConflictError, HttpError } from '../errors.js';
import { COLL, allDocs, getDoc, putDoc } from '../store/docs.js';
import { presentPresence, readPresence, type PresenceDoc } from './presence.js';

/**
 * What the display routes need of the live connections: hand a display's config to its open walls
 * on every instance. The realtime hub implements it.
 */
export interface DisplayPush {
  pushDisplayConfig(msg: DisplayConfigMessage): void;
}

type AuditBase = Omit<AuditEntry, 'id' | 'at' | 'version' | 'action'>;

/** A display as the API lists it: no hash, its config (null: none) and where its wall was last seen. */
export function presentDisplay(ctx: Ctx, d: Display, presence: PresenceDoc | undefined): DisplayRow {
  const { hash: _h, ...rest } = d;
  return { ...rest, config: d.config ?? null, ...presentPresence(ctx, presence, ctx.now().getTime()) };
}

/** Every display, oldest first, revoked ones included, with its config and presence. */
export async function listDisplays(ctx: Ctx): Promise<DisplayRow[]> {
  const [all, presence] = await Promise.all([allDocs<Display>(ctx.store, COLL.displays), readPresence(ctx)]);
  return all
    .map((d) => presentDisplay(ctx, d, presence.get(d.id)))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** One display as listed, read now (null: no such display). */
export async function showDisplay(ctx: Ctx, id: string): Promise<DisplayRow | null> {
  const [d, presence] = await Promise.all([
    getDoc<Display>(ctx.store, COLL.displays, id),
    getDoc<PresenceDoc>(ctx.store, COLL.displayPresence, id),
  ]);
  return d ? presentDisplay(ctx, d, presence ?? undefined) : null;
}

/** A display's current config message, for a wall that just connected (null config: none stored). */
export async function displayConfigMessage(
  ctx: Ctx,
  displayId: string,
): Promise<DisplayConfigMessage | null> {
  const d = await getDoc<Display>(ctx.store, COLL.displays, displayId);
  return d ? { displayId, config: d.config ?? null, version: d.version } : null;
}

/** The stored config after `patch`: fields left out keep their value (or the default); null drops it. */
function nextConfig(cur: DisplayConfig | null, patch: DisplayPatch['config']): DisplayConfig | null {
  if (patch === undefined) return cur;
  if (patch === null) return null;
  const base = cur ?? DEFAULT_DISPLAY_CONFIG;
  const shading = patch.shading ?? base.shading;
  return {
    views: patch.views ?? base.views,
    rotateSeconds: patch.rotateSeconds ?? base.rotateSeconds,
    language: patch.language ?? base.language,
    reloadHours: patch.reloadHours ?? base.reloadHours,
    ...(shading ? { shading } : {}),
  };
}

/**
 * Renames a display and/or sets its wall's config, audited in the same commit. A revoked display
 * cannot be changed (409 `revoked`); a stale `expectedVersion`, or a change committed meanwhile,
 * answers 409 `conflict` with the current display.
 */
export async function updateDisplay(
  ctx: Ctx,
  id: string,
  patch: DisplayPatch,
  audit: AuditBase,
): Promise<Display> {
  const cur = await getDoc<Display>(ctx.store, COLL.displays, id);
  if (!cur) throw new HttpError(404, 'not_found', 'No such display.');
  if (cur.revokedAt) throw new HttpError(409, 'revoked', 'The display is revoked; create a new one.');
  if (patch.expectedVersion !== undefined && patch.expectedVersion !== cur.version)
    throw new ConflictError(`The display changed meanwhile (now version ${cur.version}); reload and retry.`, {
      current: await showDisplay(ctx, id),
    });
  const next: Display = {
    ...cur,
    name: patch.name ?? cur.name,
    config: nextConfig(cur.config ?? null, patch.config),
    version: cur.version + 1,
  };
  const entry = auditEntry(ctx, {
    ...audit,
    action: 'display.update',
    target: id,
    details: {
      before: { name: cur.name, config: cur.config ?? null },
      after: { name: next.name, config: next.config },
    },
  });
  const result = await ctx.store.commit({
    puts: [putDoc(COLL.displays, id, next, cur.version), putDoc(COLL.audit, entry.id, entry, 'absent')],
  });
  if (!result.ok)
    throw new ConflictError('The display changed meanwhile; reload and retry.', {
      current: await showDisplay(ctx, id),
    });
  return next;
}

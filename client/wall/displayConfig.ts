/**
 * The wall's remote config: what the console set for this display (views, rotation, language,
 * reload), pushed over the socket on connect and on every change. Kept in localStorage per token
 * so a reload while the server is away still shows the last config; null when the display has
 * none, and then the URL's parameters rule.
 */
import { useSyncExternalStore } from 'react';
import { DisplayConfigMessageSchema, type DisplayConfigMessage } from '../../shared/events.js';
import type { DisplayConfig } from '../../shared/schemas/index.js';
import { tokenTag } from '../live/lastState.js';
import '../live/zod.js';

const STORAGE_KEY = 'pantau.wallConfig';

let current: DisplayConfigMessage | null = null;
/** True while `current` came from storage: the server's word then wins whatever its version (its store may have been reset). */
let fromStorage = false;
let tag = 'none';
const listeners = new Set<(config: DisplayConfig | null) => void>();

/** Loads the config this page last received for `token` (before the socket answers). */
export function restoreDisplayConfig(token: string | null): void {
  tag = tokenTag(token);
  try {
    const raw = window.localStorage.getItem(STORAGE_KEY);
    const saved = raw ? (JSON.parse(raw) as { tag?: unknown; msg?: unknown }) : null;
    if (!saved || saved.tag !== tag) return;
    const parsed = DisplayConfigMessageSchema.safeParse(saved.msg);
    if (parsed.success) {
      current = parsed.data;
      fromStorage = true;
    }
  } catch {
    // Storage off or unreadable: the socket's message comes soon enough.
  }
}

/** Applies a message from the server; an older version arriving late changes nothing. */
export function applyDisplayConfig(msg: DisplayConfigMessage): void {
  if (!fromStorage && current && current.displayId === msg.displayId && msg.version < current.version) return;
  current = msg;
  fromStorage = false;
  try {
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify({ tag, msg }));
  } catch {
    // See restoreDisplayConfig.
  }
  document.body.dataset.displayConfigVersion = String(msg.version);
  for (const l of listeners) l(msg.config);
}

/** The config in force now (null: none; the URL rules). */
export function getDisplayConfig(): DisplayConfig | null {
  return current?.config ?? null;
}

/** Calls `listener` with every config applied from now on; returns the unsubscribe. */
export function onDisplayConfig(listener: (config: DisplayConfig | null) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Re-renders the caller when the config changes. */
export function useDisplayConfig(): DisplayConfig | null {
  return useSyncExternalStore(onDisplayConfig, getDisplayConfig);
}

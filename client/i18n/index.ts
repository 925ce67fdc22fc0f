/**
 * UI strings and language choice. Bahasa Indonesia is the default; `?lang=en` or the toggle picks
 * English. Every visible string lives in the
 * JSON catalogues here (id.json / en.json plus <area>.id.json / <area>.en.json); English must have
 * the same keys as Indonesian (the type of `catalogs` checks it).
 */
import { useSyncExternalStore } from 'react';
import adminEn from './admin.en.json';
import adminId from './admin.id.json';
import chartsEn from './charts.en.json';
import chartsId from './charts.id.json';
import baseEn from './en.json';
import baseId from './id.json';
import oncallEn from './oncall.en.json';
import oncallId from './oncall.id.json';
import wallEn from './wall.en.json';
import wallId from './wall.id.json';

// One catalogue per language, kept in several files by screen area so they stay reviewable.
const id = { ...baseId, ...adminId, ...wallId, ...chartsId, ...oncallId };
const en = { ...baseEn, ...adminEn, ...wallEn, ...chartsEn, ...oncallEn };

export type Lang = 'id' | 'en';
export type MessageKey = keyof typeof id;
export type Params = Record<string, string | number>;

const catalogs: Record<Lang, Record<MessageKey, string>> = { id, en };

const STORAGE_KEY = 'pantau.lang';

function readInitialLang(): Lang {
  const fromUrl = new URLSearchParams(window.location.search).get('lang');
  if (fromUrl === 'en' || fromUrl === 'id') return fromUrl;
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    if (stored === 'en' || stored === 'id') return stored;
  } catch {
    // Storage can be disabled (kiosk profiles); the default language is fine then.
  }
  return 'id';
}

let current: Lang = readInitialLang();
const listeners = new Set<() => void>();

/** Fills `{name}` placeholders. */
function interpolate(text: string, params?: Params): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

/** Translates a key in the current language. */
export function t(key: MessageKey, params?: Params): string {
  return interpolate(catalogs[current][key], params);
}

/** The current language. */
export function getLang(): Lang {
  return current;
}

/** BCP 47 locale for number formatting in the current language. */
export function locale(): string {
  return current === 'id' ? 'id-ID' : 'en-GB';
}

/** Switches language, remembers it and keeps `?lang=` in the URL in step. */
export function setLang(lang: Lang): void {
  if (lang === current) return;
  current = lang;
  document.documentElement.lang = lang;
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // See readInitialLang.
  }
  const url = new URL(window.location.href);
  url.searchParams.set('lang', lang);
  window.history.replaceState(null, '', url);
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Re-renders the caller when the language changes. */
export function useLang(): Lang {
  return useSyncExternalStore(subscribe, getLang);
}

document.documentElement.lang = current;

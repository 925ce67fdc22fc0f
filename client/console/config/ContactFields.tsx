/**
 * A person's display name and contacts (Telegram chat id, phone, e-mail) as form fields: the users
 * forms and "Profil saya" share them. The server's issues under `contacts.<field>` land next to
 * their own field.
 */
import type { Contacts } from '../../../shared/schemas/index.js';
import { t } from '../../i18n/index.js';
import { ApiError } from '../../live/api.js';
import type { FormError } from './errors.js';
import { TextField } from './fields.js';

export type ContactDraft = { displayName: string; telegramChatId: string; phone: string; email: string };

/** The field names issues are sorted onto (`contacts.phone` → `phone`). */
export const CONTACT_FIELDS = ['displayName', 'telegramChatId', 'phone', 'email'] as const;

/** Labels for issues listed under a form. */
export const contactLabel = (f: string): string | undefined =>
  (CONTACT_FIELDS as readonly string[]).includes(f)
    ? t(`contact.${f as (typeof CONTACT_FIELDS)[number]}`)
    : undefined;

/** The form's starting values from a stored person. */
export function draftOf(u: { displayName?: string | null; contacts?: Contacts | undefined }): ContactDraft {
  return {
    displayName: u.displayName ?? '',
    telegramChatId: u.contacts?.telegramChatId ?? '',
    phone: u.contacts?.phone ?? '',
    email: u.contacts?.email ?? '',
  };
}

/**
 * A phone number as people type it, in the international form the server keeps: spaces, dots,
 * dashes and brackets go; an Indonesian `08…` or `628…` becomes `+628…`. Anything else is left for
 * the server to judge.
 */
export function normalizePhone(raw: string): string {
  const s = raw.trim().replace(/[\s.()-]/g, '');
  if (/^0\d+$/.test(s)) return `+62${s.slice(1)}`;
  if (/^62\d+$/.test(s)) return `+${s}`;
  return s;
}

/** The contacts to send: trimmed, empty ones left out. */
export function contactsOf(d: ContactDraft): Contacts {
  const out: Contacts = {};
  const chat = d.telegramChatId.trim();
  const phone = normalizePhone(d.phone);
  const email = d.email.trim();
  if (chat) out.telegramChatId = chat;
  if (phone) out.phone = phone;
  if (email) out.email = email;
  return out;
}

/** The display name to send: null clears it. */
export const displayNameOf = (d: ContactDraft): string | null => d.displayName.trim() || null;

/** Whether two sets of contacts say the same. */
export function sameContacts(a: Contacts | undefined, b: Contacts | undefined): boolean {
  const x = a ?? {};
  const y = b ?? {};
  return x.telegramChatId === y.telegramChatId && x.phone === y.phone && x.email === y.email;
}

/** A failure whose issues under `contacts` are re-pathed onto the contact fields themselves. */
export function withContactPaths(err: unknown): unknown {
  if (!(err instanceof ApiError) || !Array.isArray(err.details)) return err;
  const details = (err.details as unknown[]).map((d) => {
    if (!d || typeof d !== 'object') return d;
    const { path } = d as { path?: unknown };
    return Array.isArray(path) && path[0] === 'contacts' && path.length > 1
      ? { ...d, path: path.slice(1) }
      : d;
  });
  return new ApiError(err.status, err.code, err.message, details);
}

export type Props = {
  draft: ContactDraft;
  onChange: (d: ContactDraft) => void;
  error: FormError | null;
  /** The Telegram hint: what the city's bot answers to /start. */
  withTelegramHint?: boolean;
};

/** Display name, Telegram chat id, phone and e-mail, each with its hint and its issues. */
export function ContactFields({ draft, onChange, error, withTelegramHint = true }: Props) {
  const set = (patch: Partial<ContactDraft>): void => onChange({ ...draft, ...patch });
  return (
    <>
      <TextField
        label={t('contact.displayName')}
        name="displayName"
        value={draft.displayName}
        onChange={(v) => set({ displayName: v })}
        error={error}
        autoComplete="name"
        hint={t('contact.displayNameHint')}
      />
      <TextField
        label={t('contact.telegramChatId')}
        name="telegramChatId"
        value={draft.telegramChatId}
        onChange={(v) => set({ telegramChatId: v })}
        error={error}
        hint={withTelegramHint ? t('contact.telegramHint') : undefined}
      />
      <TextField
        label={t('contact.phone')}
        name="phone"
        type="tel"
        value={draft.phone}
        onChange={(v) => set({ phone: v })}
        error={error}
        autoComplete="tel"
        hint={t('contact.phoneHint')}
      />
      <TextField
        label={t('contact.email')}
        name="email"
        type="email"
        value={draft.email}
        onChange={(v) => set({ email: v })}
        error={error}
        autoComplete="email"
      />
    </>
  );
}

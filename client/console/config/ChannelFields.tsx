/**
 * The form of one notification channel: its draft (what the user types), the fields per kind, and
 * the PUT body built from them. Secrets are write-only: their inputs start empty, a hint says
 * whether one is stored, and an empty input keeps it.
 */
import { t } from '../../i18n/index.js';
import type { ChannelInput, ChannelKind, ChannelView } from './channelsApi.js';
import type { FormError, Issue } from './errors.js';
import { bindFields } from './formState.js';
import { CheckField, SelectField, TextField } from './ui.js';

export type Draft = {
  enabled: boolean;
  botToken: string;
  chatId: string;
  url: string;
  mode: 'fields' | 'url';
  host: string;
  port: string;
  secure: boolean;
  user: string;
  password: string;
  from: string;
};

/** The names the server's issues are shown beside, per kind. */
export const FIELDS: Record<ChannelKind, readonly string[]> = {
  telegram: ['botToken', 'chatId'],
  webhook: ['url'],
  email: ['url', 'host', 'port', 'user', 'password', 'from'],
};

/** The form as the channel stands (a channel not set up yet starts switched on). */
export function draftOf(v: ChannelView): Draft {
  const d: Draft = {
    enabled: v.source === 'none' ? true : v.enabled,
    botToken: '',
    chatId: '',
    url: '',
    mode: 'fields',
    host: '',
    port: '',
    secure: false,
    user: '',
    password: '',
    from: '',
  };
  if (v.kind === 'telegram') d.chatId = v.chatId ?? '';
  if (v.kind === 'email') {
    d.mode = v.via ?? 'fields';
    d.from = v.from ?? '';
    if (v.via === 'fields') {
      d.host = v.host ?? '';
      d.port = v.port === null ? '' : String(v.port);
      d.secure = v.secure ?? false;
      d.user = v.user ?? '';
    }
  }
  return d;
}

/** The PUT body from the form, or the issues found before sending. */
export function inputOf(
  v: ChannelView,
  d: Draft,
): { input: ChannelInput; issues: Issue[] } | { input: null; issues: Issue[] } {
  const base = { enabled: d.enabled, expectedVersion: v.version };
  if (v.kind === 'telegram')
    return {
      input: {
        kind: 'telegram',
        body: {
          ...base,
          chatId: d.chatId.trim() || null,
          ...(d.botToken.trim() ? { botToken: d.botToken.trim() } : {}),
        },
      },
      issues: [],
    };
  if (v.kind === 'webhook')
    return {
      input: { kind: 'webhook', body: { ...base, ...(d.url.trim() ? { url: d.url.trim() } : {}) } },
      issues: [],
    };
  const from = d.from.trim() ? { from: d.from.trim() } : {};
  if (d.mode === 'url')
    return {
      input: { kind: 'email', body: { ...base, ...from, ...(d.url.trim() ? { url: d.url.trim() } : {}) } },
      issues: [],
    };
  if (!d.host.trim()) return { input: { kind: 'email', body: { ...base, ...from } }, issues: [] };
  const port = d.port.trim() ? Number(d.port) : undefined;
  if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65_535))
    return { input: null, issues: [{ path: ['port'], message: t('cfg.chan.portInvalid') }] };
  return {
    input: {
      kind: 'email',
      body: {
        ...base,
        ...from,
        host: d.host.trim(),
        ...(port !== undefined ? { port } : {}),
        secure: d.secure,
        user: d.user.trim() || null,
        ...(d.password ? { password: d.password } : {}),
      },
    },
    issues: [],
  };
}

type Props = {
  view: ChannelView;
  draft: Draft;
  set: (patch: Partial<Draft>) => void;
  error: FormError | null;
};

/**
 * What the empty secret input means: "stored (…abcd): leave empty to keep it"; for the environment's
 * (which a save does not copy) "from the environment: type one to store your own"; or "none yet".
 */
function secretHint(v: ChannelView, set: boolean, hint: string | null): string {
  if (!set) return t('cfg.chan.secretNone');
  if (v.source === 'env') return t('cfg.chan.secretEnv', { hint: hint ?? '•••' });
  return hint ? t('cfg.chan.secretKeptHint', { hint }) : t('cfg.chan.secretKept');
}

/** The fields of one channel. */
export function ChannelFields({ view: v, draft: d, set, error }: Props) {
  const { field, check } = bindFields(d, set, error);
  return (
    <>
      <CheckField label={t('cfg.chan.enabled')} {...check('enabled')} />
      {v.kind === 'telegram' ? (
        <div className="cfg-grid">
          <TextField
            label={t('cfg.chan.botToken')}
            {...field('botToken')}
            type="password"
            autoComplete="new-password"
            hint={secretHint(v, v.tokenSet, v.tokenHint)}
          />
          <TextField label={t('cfg.chan.chatId')} {...field('chatId')} hint={t('cfg.chan.chatIdHint')} />
        </div>
      ) : null}
      {v.kind === 'webhook' ? (
        <TextField
          label={t('cfg.chan.webhookUrl')}
          {...field('url')}
          type="url"
          hint={secretHint(v, v.urlSet, v.urlHint)}
        />
      ) : null}
      {v.kind === 'email' ? (
        <>
          <SelectField
            label={t('cfg.chan.smtpMode')}
            name="mode"
            value={d.mode}
            onChange={(mode) => set({ mode: mode === 'url' ? 'url' : 'fields' })}
            options={[
              { value: 'fields', label: t('cfg.chan.smtpMode.fields') },
              { value: 'url', label: t('cfg.chan.smtpMode.url') },
            ]}
          />
          {d.mode === 'url' ? (
            <TextField
              label={t('cfg.chan.smtpUrl')}
              {...field('url')}
              hint={v.via === 'url' ? secretHint(v, true, v.urlHint) : t('cfg.chan.smtpUrlHint')}
            />
          ) : (
            <div className="cfg-grid">
              <TextField label={t('cfg.chan.host')} {...field('host')} />
              <TextField
                label={t('cfg.chan.port')}
                {...field('port')}
                type="number"
                hint={t('cfg.chan.portHint')}
              />
              <TextField label={t('cfg.chan.user')} {...field('user')} />
              <TextField
                label={t('cfg.chan.password')}
                {...field('password')}
                type="password"
                autoComplete="new-password"
                hint={secretHint(v, v.via === 'fields' && v.passwordSet, null)}
              />
              <CheckField label={t('cfg.chan.secure')} {...check('secure')} />
            </div>
          )}
          <TextField label={t('cfg.chan.from')} {...field('from')} hint={t('cfg.chan.fromHint')} />
        </>
      ) : null}
    </>
  );
}

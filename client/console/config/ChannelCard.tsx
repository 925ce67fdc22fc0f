/**
 * One notification channel: where its settings come from (the console, the environment, nowhere),
 * the form with Save (saved with the version read: a stale edit gets 409 and keeps what was typed),
 * "forget" back to the environment, and "Kirim uji": a real test message to an optional recipient
 * (by default the signed-in person's own contact), its outcome — the remote's words on failure —
 * shown right under the button.
 */
import { useState } from 'react';
import { formatDateTimeWita } from '../../i18n/format.js';
import { t } from '../../i18n/index.js';
import { ApiError } from '../../live/api.js';
import { ChannelTestFailureSchema } from '../../../shared/schemas/index.js';
import { ChannelFields, FIELDS, draftOf, inputOf, type Draft } from './ChannelFields.js';
import { forgetChannel, saveChannel, testChannel, type ChannelView } from './channelsApi.js';
import { headline, localError, toFormError, type FormError } from './errors.js';
import { ConfigForm, ConfirmButton, TextField, useAction } from './ui.js';

/** `onChanged` gets the success line; the section reloads and shows it (this card is then rebuilt). */
type Props = { view: ChannelView; onChanged: (notice: string) => void };

const BADGE: Record<string, { cls: string; glyph: string }> = {
  on: { cls: 'badge--svc-up', glyph: '✓' },
  env: { cls: 'badge--svc-degraded', glyph: '⚙' },
  off: { cls: 'badge--svc-down', glyph: '✕' },
  none: { cls: 'badge--svc-unknown', glyph: '–' },
};

/** The channel's state in words: set in the console and on, turned off, from the environment, not set up. */
function statusOf(v: ChannelView): { key: 'on' | 'env' | 'off' | 'none'; text: string } {
  if (v.source === 'store')
    return v.enabled
      ? { key: 'on', text: t('cfg.chan.status.store') }
      : { key: 'off', text: t('cfg.chan.status.off') };
  if (v.source === 'env') return { key: 'env', text: t('cfg.chan.status.env') };
  return { key: 'none', text: t('cfg.chan.status.none') };
}

type TestOutcome = { ok: true; text: string } | { ok: false; text: string; error: FormError | null };

export function ChannelCard({ view: v, onChanged }: Props) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(v));
  const [error, setError] = useState<FormError | null>(null);
  const [to, setTo] = useState('');
  const [outcome, setOutcome] = useState<TestOutcome | null>(null);
  const save = useAction();
  const test = useAction();
  const title = t(`cfg.chan.kind.${v.kind}`);
  const headingId = `channel-${v.kind}`;
  const status = statusOf(v);
  const badge = BADGE[status.key] ?? { cls: '', glyph: '' };

  const submit = (): void => {
    setError(null);
    const built = inputOf(v, draft);
    if (!built.input) {
      setError(localError(built.issues, FIELDS[v.kind]));
      return;
    }
    const input = built.input;
    void save.run(
      async () => {
        await saveChannel(input);
        onChanged(t('cfg.chan.saved', { name: title }));
        return null;
      },
      (e) => setError(toFormError(e, FIELDS[v.kind])),
    );
  };
  const forget = (): void => {
    void save.run(
      async () => {
        await forgetChannel(v.kind);
        onChanged(t('cfg.chan.forgotten', { name: title }));
        return null;
      },
      (e) => setError(toFormError(e, FIELDS[v.kind])),
    );
  };
  const sendTest = (): void => {
    setOutcome(null);
    void test.run(
      async () => {
        const r = await testChannel(v.kind, to.trim() || undefined);
        setOutcome({ ok: true, text: t('cfg.chan.testOk', { to: r.to }) });
        return null;
      },
      (e) => {
        const off = e instanceof ApiError && e.code === 'channel_off';
        const bad = e instanceof ApiError && e.status === 400;
        // 502: the remote refused or was unreachable; its own words are in the details.
        const failed =
          e instanceof ApiError && e.code === 'channel_failed'
            ? ChannelTestFailureSchema.safeParse(e.details)
            : null;
        setOutcome({
          ok: false,
          text: off
            ? t('cfg.chan.testOff')
            : bad
              ? t('cfg.chan.testBadRecipient')
              : failed?.success
                ? t('cfg.chan.testFailed', { to: failed.data.to, why: failed.data.remote })
                : headline(e),
          error: bad ? toFormError(e, ['to']) : null,
        });
      },
    );
  };

  return (
    <section
      className="cfg-policy"
      aria-labelledby={headingId}
      data-testid="channel-card"
      data-kind={v.kind}
      data-source={v.source}
      data-version={v.version}
    >
      <div className="cfg-policy__head">
        <h3 id={headingId}>{title}</h3>
        <span
          className={`badge badge--sm ${badge.cls}`}
          data-testid="channel-status"
          data-status={status.key}
        >
          <span className="badge__glyph" aria-hidden="true">
            {badge.glyph}
          </span>
          {status.text}
        </span>
      </div>
      <p className="cfg-hint">
        {t(`cfg.chan.help.${v.kind}`)}{' '}
        {v.source === 'store' && v.updatedAt
          ? t('cfg.chan.updated', { at: formatDateTimeWita(v.updatedAt), by: v.updatedBy ?? '—' })
          : null}
      </p>
      <ConfigForm
        testId={`channel-form-${v.kind}`}
        onSubmit={submit}
        error={error}
        busy={save.busy}
        submitLabel={t('cfg.save')}
        submitTestId="channel-save"
        buttons={
          v.source === 'store' ? (
            <ConfirmButton
              label={t('cfg.chan.forget')}
              confirmLabel={t('cfg.chan.confirmForget')}
              what={title}
              testId="channel-forget"
              disabled={save.busy}
              onConfirm={forget}
            />
          ) : null
        }
      >
        <ChannelFields view={v} draft={draft} set={(p) => setDraft((d) => ({ ...d, ...p }))} error={error} />
      </ConfigForm>
      <form
        className="cfg-inline-form"
        aria-label={t('cfg.chan.testOf', { name: title })}
        data-testid="channel-test-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          sendTest();
        }}
      >
        {v.kind !== 'webhook' ? (
          <TextField
            label={t(v.kind === 'email' ? 'cfg.chan.testToEmail' : 'cfg.chan.testToChat')}
            name="to"
            value={to}
            onChange={setTo}
            error={outcome && !outcome.ok ? outcome.error : null}
            hint={t('cfg.chan.testToHint')}
          />
        ) : (
          <p className="cfg-hint">{t('cfg.chan.testWebhookHint')}</p>
        )}
        <button type="submit" className="btn" disabled={test.busy || !v.enabled} data-testid="channel-test">
          {test.busy ? t('cfg.chan.testing') : t('cfg.chan.test')}
        </button>
      </form>
      {!v.enabled ? <p className="cfg-hint">{t('cfg.chan.testNeedsOn')}</p> : null}
      <p
        className={outcome && !outcome.ok ? 'error-text' : 'cfg-notice'}
        role={outcome && !outcome.ok ? 'alert' : 'status'}
        aria-live="polite"
        data-testid="channel-test-result"
        data-ok={outcome ? String(outcome.ok) : undefined}
      >
        {outcome?.text ?? ''}
      </p>
    </section>
  );
}

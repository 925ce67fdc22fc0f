/**
 * The replay bar over the wall: unmistakably REPLAY (never a live look), the instant shown in WITA,
 * and the controls of an after-action review — jump to a time, step back an hour, play at
 * 1×/10×/60×, and back to live.
 */
import { useState } from 'react';
import { formatDateWita, formatTimeWita } from '../i18n/format.js';
import { t } from '../i18n/index.js';
import { REPLAY_SPEEDS, type ReplayControl } from '../live/replay.js';
import type { ReplayState } from '../live/store.js';

export type Props = { replay: ReplayState; control: ReplayControl };

/** `YYYY-MM-DDTHH:mm` in WITA for a datetime-local input. */
function witaInput(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16);
}

/** Back to the live wall: the same URL without `at`. */
function liveUrl(): string {
  const u = new URL(window.location.href);
  u.searchParams.delete('at');
  return u.pathname + u.search;
}

export function ReplayBar({ replay, control }: Props) {
  const [jump, setJump] = useState(() => witaInput(replay.at));
  return (
    <div
      className="replay-bar"
      role="region"
      aria-label={t('replay.label')}
      data-testid="replay-bar"
      data-at={new Date(replay.at).toISOString()}
    >
      <strong className="replay-bar__badge">{t('replay.badge')}</strong>
      <span className="replay-bar__at" data-testid="replay-at">
        {t('replay.at', {
          date: formatDateWita(replay.at),
          time: `${formatTimeWita(replay.at)} ${t('time.zone')}`,
        })}
      </span>
      {replay.error ? (
        <span className="replay-bar__error" role="alert">
          {t('replay.error')}: {replay.error}
        </span>
      ) : null}
      <span className="replay-bar__controls">
        <button type="button" className="btn btn--small" onClick={() => control.seek(replay.at - 3_600_000)}>
          {t('replay.backHour')}
        </button>
        {replay.playing ? (
          <button
            type="button"
            className="btn btn--small"
            data-testid="replay-pause"
            onClick={() => control.pause()}
          >
            {t('replay.pause')}
          </button>
        ) : (
          <button
            type="button"
            className="btn btn--small"
            data-testid="replay-play"
            onClick={() => control.play()}
          >
            {t('replay.play')}
          </button>
        )}
        {REPLAY_SPEEDS.map((s) => (
          <button
            key={s}
            type="button"
            className={`btn btn--small${replay.speed === s ? ' btn--active' : ''}`}
            aria-pressed={replay.speed === s}
            data-testid={`replay-speed-${s}`}
            onClick={() => control.setSpeed(s)}
          >
            {s}×
          </button>
        ))}
        <form
          className="replay-bar__jump"
          onSubmit={(e) => {
            e.preventDefault();
            const ms = Date.parse(`${jump}:00+08:00`);
            if (Number.isFinite(ms)) control.seek(ms);
          }}
        >
          <label>
            <span className="sr-only">{t('replay.jumpLabel')}</span>
            <input
              type="datetime-local"
              value={jump}
              onChange={(e) => setJump(e.target.value)}
              data-testid="replay-jump-input"
            />
          </label>
          <button type="submit" className="btn btn--small" data-testid="replay-jump">
            {t('replay.jump')}
          </button>
        </form>
        <a className="btn btn--small" href={liveUrl()} data-testid="replay-live">
          {t('replay.live')}
        </a>
      </span>
    </div>
  );
}

/**
 * A short beep (WebAudio oscillator, no sound file) and a vibration when a new alert arrives while
 * the page is open. Browsers only allow audio after a user gesture, so the AudioContext is made on
 * the first tap or key press.
 */
import { useEffect, useRef, useState } from 'react';
import type { Alert } from '../../shared/schemas/index.js';

let ctx: AudioContext | null = null;

function unlock(): void {
  if (!ctx && typeof AudioContext !== 'undefined') ctx = new AudioContext();
  if (ctx?.state === 'suspended') void ctx.resume().catch(() => undefined);
}

/** Two short tones; silently nothing when audio is not yet allowed. */
export function beep(): void {
  if (!ctx || ctx.state !== 'running') return;
  const start = ctx.currentTime;
  for (const [offset, freq] of [
    [0, 880],
    [0.22, 1175],
  ] as const) {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'sine';
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0.0001, start + offset);
    gain.gain.exponentialRampToValueAtTime(0.3, start + offset + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.18);
    osc.connect(gain).connect(ctx.destination);
    osc.start(start + offset);
    osc.stop(start + offset + 0.2);
  }
}

/** Vibrates where the device can (phones; ignored elsewhere). */
export function vibrate(): void {
  if (typeof navigator.vibrate === 'function') navigator.vibrate([200, 100, 200]);
}

/** Ids present in `next` but not in `seen` (alerts that are new to this page). */
export function newAlertIds(seen: ReadonlySet<string>, next: Iterable<Alert>): string[] {
  const out: string[] = [];
  for (const a of next) if (!seen.has(a.id) && a.status === 'new') out.push(a.id);
  return out;
}

/**
 * Signals alerts that appear after the first snapshot; returns whether sound is unlocked and the
 * newest signalled alert (for a polite live-region announcement).
 */
export function useNewAlertSignal(
  alerts: ReadonlyMap<string, Alert>,
  hasSnapshot: boolean,
): { armed: boolean; latest: Alert | null } {
  const seen = useRef<Set<string> | null>(null);
  const [armed, setArmed] = useState(false);
  const [latest, setLatest] = useState<Alert | null>(null);

  useEffect(() => {
    const onGesture = (): void => {
      unlock();
      setArmed(true);
    };
    window.addEventListener('pointerdown', onGesture, { once: true });
    window.addEventListener('keydown', onGesture, { once: true });
    return () => {
      window.removeEventListener('pointerdown', onGesture);
      window.removeEventListener('keydown', onGesture);
    };
  }, []);

  useEffect(() => {
    if (!hasSnapshot) return;
    if (seen.current === null) {
      seen.current = new Set(alerts.keys());
      return;
    }
    const fresh = newAlertIds(seen.current, alerts.values());
    for (const id of alerts.keys()) seen.current.add(id);
    if (fresh.length === 0) return;
    beep();
    vibrate();
    const newest = alerts.get(fresh[fresh.length - 1] ?? '');
    if (newest) setLatest(newest);
    document.body.dataset.alertSignals = String(Number(document.body.dataset.alertSignals ?? '0') + 1);
  }, [alerts, hasSnapshot]);

  return { armed, latest };
}

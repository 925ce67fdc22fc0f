import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { setLang } from '../i18n/index.js';
import { persistLastState, restoreLastState } from '../live/lastState.js';
import { connectLive, tokenFromUrl } from '../live/socket.js';
import { replayAtFromUrl, startReplay } from '../live/replay.js';
import { LiveStore } from '../live/store.js';
import { applyPaletteCssVars } from '../map/palette.js';
import { registerServiceWorker } from '../sw/register.js';
import '../styles/base.css';
import './wall.css';
import { WallApp } from './WallApp.js';
import { reloadHoursFromUrl, scheduleReload } from './reload.js';
import {
  applyDisplayConfig,
  getDisplayConfig,
  onDisplayConfig,
  restoreDisplayConfig,
} from './displayConfig.js';
import type { DisplayConfig } from '../../shared/schemas/index.js';

applyPaletteCssVars();
const token = tokenFromUrl();
const store = new LiveStore();
// `?at=` is a replay: the past from the snapshot API, no live socket, nothing saved as "last state".
const replayAt = replayAtFromUrl();
const replay = replayAt !== null ? startReplay(store, replayAt, token) : null;
if (replay) document.body.dataset.replay = 'true';
else {
  // The saved state shows until the server answers (a live snapshot always wins the race).
  void restoreLastState(store, token).then((restored) => {
    document.body.dataset.restored = restored ? '1' : '0';
  });
  persistLastState(store, token, {
    onSaved: (at) => {
      document.body.dataset.lastStateSaved = String(at);
    },
  });
  // The display's stored config (the console's) rules over the URL's rotate/interval/lang/reload.
  restoreDisplayConfig(token);
  followDisplayConfig();
  connectLive(store, { token, onDisplayConfig: applyDisplayConfig });
  registerServiceWorker();
}

/** Language and scheduled reload from the display's config as it changes (the playlist follows it by itself). */
function followDisplayConfig(): void {
  const loadedAt = Date.now();
  const hoursOf = (c: DisplayConfig | null) => (c ? c.reloadHours : reloadHoursFromUrl());
  let hours = hoursOf(getDisplayConfig());
  let cancel = scheduleReload(hours);
  const apply = (c: DisplayConfig | null): void => {
    if (c) setLang(c.language);
    if (hoursOf(c) === hours) return;
    // The reload stays counted from page load, so reconnects never push it further away.
    hours = hoursOf(c);
    cancel();
    const left = hours - (Date.now() - loadedAt) / 3_600_000;
    cancel = hours > 0 ? scheduleReload(Math.max(left, 0.01)) : () => undefined;
  };
  apply(getDisplayConfig());
  onDisplayConfig(apply);
}

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <WallApp store={store} replay={replay} />
    </StrictMode>,
  );
}

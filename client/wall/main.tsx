import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
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
  connectLive(store, { token });
  scheduleReload(reloadHoursFromUrl());
  registerServiceWorker();
}

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <WallApp store={store} replay={replay} />
    </StrictMode>,
  );
}

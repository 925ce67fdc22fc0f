import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { persistLastState, restoreLastState } from '../live/lastState.js';
import { connectLive, tokenFromUrl } from '../live/socket.js';
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

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <WallApp store={store} />
    </StrictMode>,
  );
}

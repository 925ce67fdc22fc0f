import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectLive, tokenFromUrl } from '../live/socket.js';
import { LiveStore } from '../live/store.js';
import { applyPaletteCssVars } from '../map/palette.js';
import '../styles/base.css';
import './wall.css';
import { WallApp } from './WallApp.js';
import { reloadHoursFromUrl, scheduleReload } from './reload.js';

applyPaletteCssVars();
const store = new LiveStore();
connectLive(store, { token: tokenFromUrl() });
scheduleReload(reloadHoursFromUrl());

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <WallApp store={store} />
    </StrictMode>,
  );
}

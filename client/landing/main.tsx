import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { applyPaletteCssVars } from '../map/palette.js';
import '../styles/base.css';
import '../styles/screens.css';
import { LandingApp } from './LandingApp.js';

applyPaletteCssVars();
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <LandingApp />
    </StrictMode>,
  );
}

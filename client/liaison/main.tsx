import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { applyPaletteCssVars } from '../map/palette.js';
import '../styles/base.css';
import '../styles/screens.css';
import './liaison.css';
import { LiaisonApp } from './LiaisonApp.js';

applyPaletteCssVars();
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <LiaisonApp />
    </StrictMode>,
  );
}

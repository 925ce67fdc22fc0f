import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { applyPaletteCssVars } from '../map/palette.js';
import '../styles/base.css';
import '../styles/screens.css';
import { ConsoleApp } from './ConsoleApp.js';

applyPaletteCssVars();
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <ConsoleApp />
    </StrictMode>,
  );
}

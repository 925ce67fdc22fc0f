/** A drawer as a modal: focus goes in, Tab cycles inside, Escape closes, focus returns to the opener. */
import { useEffect, type RefObject } from 'react';

export function useDrawerFocus(
  drawerRef: RefObject<HTMLElement | null>,
  firstRef: RefObject<HTMLElement | null>,
  onClose: () => void,
): void {
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    firstRef.current?.focus();
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') onClose();
      if (e.key !== 'Tab' || !drawerRef.current) return;
      const focusable = drawerRef.current.querySelectorAll<HTMLElement>(
        'button:not([disabled]), input, select, textarea, a[href]',
      );
      const first = focusable[0];
      const last = focusable[focusable.length - 1];
      if (e.shiftKey && document.activeElement === first) {
        e.preventDefault();
        last?.focus();
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault();
        first?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      // Back to the opener when it is still on the page (a map pin's canvas is; a table row may not be).
      if (opener?.isConnected) opener.focus();
    };
  }, [drawerRef, firstRef, onClose]);
}

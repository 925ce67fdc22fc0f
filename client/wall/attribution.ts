/**
 * The overview map's attribution text (its sources', streets' too once they load), read from
 * MapLibre's own control: the wall shows it in the legend at a size legible from across the
 * room, instead of the control's small print over the map.
 */
import { useEffect, useState } from 'react';

const SELECTOR = '[data-testid="wall-map-overview"] .maplibregl-ctrl-attrib-inner';

export function useMapAttribution(): string | null {
  const [text, setText] = useState<string | null>(null);
  useEffect(() => {
    let observer: MutationObserver | null = null;
    const read = (el: Element): void => setText(el.textContent?.trim() || null);
    const attach = (): boolean => {
      const el = document.querySelector(SELECTOR);
      if (!el) return false;
      read(el);
      observer = new MutationObserver(() => read(el));
      observer.observe(el, { childList: true, subtree: true, characterData: true });
      return true;
    };
    if (attach()) return () => observer?.disconnect();
    const timer = setInterval(() => {
      if (attach()) clearInterval(timer);
    }, 1000);
    return () => {
      clearInterval(timer);
      observer?.disconnect();
    };
  }, []);
  return text;
}

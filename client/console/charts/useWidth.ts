/**
 * The pixel width of an element, followed with a ResizeObserver, so a chart's viewBox is its real
 * size: text and points keep their size on any screen instead of scaling with the width.
 */
import { useLayoutEffect, useState } from 'react';

/** Returns a callback ref for the element to measure and its width (`fallback` until measured). */
export function useWidth(fallback = 960): [(el: Element | null) => void, number] {
  const [el, setEl] = useState<Element | null>(null);
  const [width, setWidth] = useState(fallback);
  useLayoutEffect(() => {
    if (!el) return;
    const measure = (): void => {
      const w = Math.round(el.getBoundingClientRect().width);
      if (w > 0) setWidth(w);
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [el]);
  return [setEl, width];
}

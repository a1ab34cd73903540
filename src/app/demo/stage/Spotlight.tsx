import type { RefObject } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { phoneBridge } from '../strip/bridge.ts';
import type { Spot } from './steps.ts';

// A bright ring around the control a step is about, drawn over the stage; for a control inside the phone it follows
// the frame's scale and the phone's scrolling, and the control is scrolled into view once.
const shown = (el: Element) => {
  const r = el.getBoundingClientRect();
  return r.width > 0 && r.height > 0;
};
const visible = (doc: Document, selector: Spot['selector']): Element | undefined => {
  for (const s of typeof selector === 'string' ? [selector] : selector) {
    const el = [...doc.querySelectorAll(s)].find(shown);
    if (el) return el;
  }
  return undefined;
};

export const findSpot = (spot: Spot, frame: HTMLIFrameElement | null): { el: Element; rect: DOMRect } | undefined => {
  if (spot.where === 'stage') {
    const el = visible(document, spot.selector);
    if (!el) return undefined;
    // Inside the stage's scrolling column, only the part that shows counts.
    const r = el.getBoundingClientRect();
    const box = el.closest('.ds-scroll')?.getBoundingClientRect();
    if (!box) return { el, rect: r };
    const left = Math.max(box.left, r.left);
    const top = Math.max(box.top, r.top);
    const right = Math.min(box.right, r.right);
    const bottom = Math.min(box.bottom, r.bottom);
    return { el, rect: right > left && bottom > top ? new DOMRect(left, top, right - left, bottom - top) : new DOMRect(0, 0, 0, 0) };
  }
  const doc = phoneBridge(frame)?.document();
  if (!doc || !frame) return undefined;
  const el = visible(doc, spot.selector);
  if (!el) return undefined;
  const f = frame.getBoundingClientRect();
  const s = f.width / frame.offsetWidth || 1;
  const r = el.getBoundingClientRect();
  const left = Math.max(f.left, f.left + r.left * s);
  const top = Math.max(f.top, f.top + r.top * s);
  const right = Math.min(f.right, f.left + r.right * s);
  const bottom = Math.min(f.bottom, f.top + r.bottom * s);
  if (right <= left || bottom <= top) return { el, rect: new DOMRect(0, 0, 0, 0) };
  return { el, rect: new DOMRect(left, top, right - left, bottom - top) };
};

export const Spotlight = ({ spot, frame, step }: { spot: Spot | undefined; frame: RefObject<HTMLIFrameElement | null>; step: string }) => {
  const ring = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ring.current;
    if (!el) return;
    if (!spot) {
      el.hidden = true;
      return;
    }
    let raf = 0;
    let seen: Element | undefined;
    const tick = () => {
      const found = findSpot(spot, frame.current);
      const r = found?.rect;
      const inView = !!r && r.width > 0 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth;
      // Brought into view once per control, so the trainer can still scroll away from it.
      if (found && seen !== found.el) {
        seen = found.el;
        if (!inView) found.el.scrollIntoView?.({ block: 'center', inline: 'nearest' });
      }
      if (r && inView) {
        const pad = 6;
        el.hidden = false;
        // Kept inside the window, for a control at its edge (the bar's buttons).
        const left = Math.max(0, r.left - pad);
        const top = Math.max(0, r.top - pad);
        el.style.left = `${left}px`;
        el.style.top = `${top}px`;
        el.style.width = `${Math.min(innerWidth, r.right + pad) - left}px`;
        el.style.height = `${Math.min(innerHeight, r.bottom + pad) - top}px`;
      } else el.hidden = true;
      raf = requestAnimationFrame(tick);
    };
    tick();
    return () => cancelAnimationFrame(raf);
  }, [spot?.where, String(spot?.selector), step]);
  return <div class="ds-spot" ref={ring} aria-hidden="true" hidden data-step={step} />;
};

import type { Page } from '@playwright/test';

// What "readable from the back of the room" means in the demo's browser tests (issue 16): in projector mode nothing
// the room reads is under 28 px (the phone's screen measured once scaled) and no figure under 48 px; a box is on
// screen when it is wholly inside the window.
export const TEXT_PX = 28;
export const FIGURE_PX = 48;

export type Box = { x: number; y: number; width: number; height: number };
export const inside = (b: Box | null, w: number, h: number) => !!b && b.width > 0 && b.x >= -1 && b.y >= -1 && b.x + b.width <= w + 1 && b.y + b.height <= h + 1;

// Every element showing text of its own, visible in its window, with its size on screen: the stage's side column
// and signal switch, and the phone's screen (its computed size times the frame's scale).
export const smallText = async (page: Page): Promise<string[]> =>
  page.evaluate(
    ({ min }) => {
      const out: string[] = [];
      const check = (root: Element, doc: Document, scale: number, where: string, clip: DOMRect) => {
        const win = doc.defaultView!;
        for (const el of [root, ...Array.from(root.querySelectorAll('*'))]) {
          if (!Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent!.trim())) continue;
          if (el.closest('option, script, style, noscript, template')) continue;
          const r = el.getBoundingClientRect();
          if (r.width <= 1 || r.height <= 1) continue; // sr-only
          if (r.bottom <= 0 || r.top >= win.innerHeight || r.right <= 0 || r.left >= win.innerWidth) continue;
          const cs = win.getComputedStyle(el);
          if (cs.visibility === 'hidden' || Number(cs.opacity) === 0) continue;
          const onScreen = parseFloat(cs.fontSize) * scale;
          if (clip.width && onScreen < min - 0.05) out.push(`${where}: "${el.textContent!.trim().slice(0, 40)}" ${onScreen.toFixed(1)}px`);
        }
      };
      const focus = document.querySelector('.ds-focus');
      const whole = new DOMRect(0, 0, innerWidth, innerHeight);
      if (focus) check(focus, document, 1, 'stage', whole);
      const sw = document.querySelector('#demo-signal');
      if (sw) check(sw, document, 1, 'signal', whole);
      const frame = document.querySelector<HTMLIFrameElement>('iframe[name="tungnha-demo-phone"]');
      const doc = frame?.contentDocument;
      if (frame && doc?.body) check(doc.body, doc, frame.getBoundingClientRect().width / frame.offsetWidth, 'phone', frame.getBoundingClientRect());
      return out;
    },
    { min: TEXT_PX },
  );

export const figureSizes = (page: Page) =>
  page.locator('.ds-focus [data-figure]').evaluateAll((els) => els.filter((e) => e.getBoundingClientRect().width > 1).map((e) => parseFloat(getComputedStyle(e).fontSize)));


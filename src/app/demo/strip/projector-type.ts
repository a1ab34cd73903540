// Projector mode inside the phone frame: the stage scales the phone to fit its column and tells the phone how large
// its root type must be for every word to reach the room at the stage's minimum (the root size × the frame's
// scale). Nothing on the phone may be smaller than that root: each style rule that sets a size gets a twin, only
// while projector mode is on, that keeps the size at least 1rem — the app's own sheets are read, not a list kept
// here, so a screen added later is covered too.
const twins = (rules: CSSRuleList, out: string[]) => {
  for (const rule of Array.from(rules)) {
    if (rule instanceof CSSStyleRule) {
      const size = rule.style.getPropertyValue('font-size');
      if (size && /\d/.test(size) && !/var\(/.test(size)) out.push(`html.demo-projector :is(${rule.selectorText}){font-size:max(1rem, ${size}) !important}`);
    } else if (rule instanceof CSSMediaRule) {
      const inner: string[] = [];
      twins(rule.cssRules, inner);
      if (inner.length) out.push(`@media ${rule.conditionText}{${inner.join('')}}`);
    } else if ('cssRules' in rule && (rule as CSSGroupingRule).cssRules) twins((rule as CSSGroupingRule).cssRules, out);
  }
};

const build = (): string[] => {
  const out: string[] = ['html.demo-projector :is(small, sub, sup, input, select, textarea, button){font-size:max(1rem, 1em) !important}'];
  for (const sheet of Array.from(document.styleSheets)) {
    try {
      twins(sheet.cssRules, out);
    } catch {
      // a sheet from elsewhere (none in this app): left as it is
    }
  }
  return out;
};

// A constructed sheet, adopted by the document: the page's Content-Security-Policy allows no inline <style>, and
// the twins are not in document.styleSheets, so they are never twinned again.
let sheet: CSSStyleSheet | undefined;
let watcher: MutationObserver | undefined;

const refresh = () => {
  sheet ??= new CSSStyleSheet();
  sheet.replaceSync(build().join('\n'));
  if (!document.adoptedStyleSheets.includes(sheet)) document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
};

export const setProjectorType = (on: boolean, rootPx?: number): void => {
  const html = document.documentElement;
  html.classList.toggle('demo-projector', on);
  html.style.fontSize = on && rootPx ? `${rootPx}px` : '';
  watcher?.disconnect();
  watcher = undefined;
  if (!on) {
    if (sheet) document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
    return;
  }
  refresh();
  // Screens bring their own sheets as they load: twin those too.
  watcher = new MutationObserver((changes) => {
    const added = changes.flatMap((c) => Array.from(c.addedNodes)).filter((n) => n instanceof HTMLStyleElement || n instanceof HTMLLinkElement);
    if (!added.length) return;
    for (const n of added) if (n instanceof HTMLLinkElement && !n.sheet) n.addEventListener('load', refresh, { once: true });
    refresh();
  });
  watcher.observe(document.head, { childList: true });
};

// The presenter's keys, shared by the stage and the phone in its frame (which passes them up). A clicker sends
// Page Down / Page Up (some send arrows, "." or "b" for a blank screen); letters are shortcuts. Nothing is taken
// from someone typing: in a text field only Page Down / Page Up count.
export type PresenterKey = { key: string; shift: boolean };

export const isEditable = (el: Element | null): boolean => {
  if (!el) return false;
  const tag = el.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes((el as HTMLInputElement).type);
  return (el as HTMLElement).isContentEditable === true;
};

const ALWAYS = new Set(['PageDown', 'PageUp']);
const KEYS = new Set(['ArrowRight', 'ArrowLeft', 'ArrowDown', 'ArrowUp', 'Home', 'End', 'Escape', '?', '.', 'b', 'B', 's', 'S', 'p', 'P', 'w', 'W', 'l', 'L', 'f', 'F', 'R']);

// The key, if it is one of the presenter's; undefined for anything else (and for every key while typing).
export const presenterKey = (e: KeyboardEvent, active: Element | null): PresenterKey | undefined => {
  if (e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return undefined;
  if (ALWAYS.has(e.key)) return { key: e.key, shift: e.shiftKey };
  if (isEditable(active) || !KEYS.has(e.key)) return undefined;
  // Arrows move inside the phone's own controls (radio groups, lists) when one has focus; they are the stage's only
  // on the page itself, a button or a link.
  if (e.key.startsWith('Arrow') && active && active.getAttribute('role') && !['button', 'link'].includes(active.getAttribute('role') as string)) return undefined;
  return { key: e.key, shift: e.shiftKey };
};

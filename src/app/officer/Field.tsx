import type { ComponentChildren } from 'preact';

// A labelled form field around its input (which carries `id`). `class` adds a width (short, wide) or a layout
// (inline); `hint` is a line under the input, which names it with aria-describedby={`${id}-hint`}.
export const Field = ({ id, label, class: cls, hint, children }: { id: string; label: string; class?: string; hint?: string; children: ComponentChildren }) => (
  <div class={cls ? `field ${cls}` : 'field'}>
    <label for={id}>{label}</label>
    {children}
    {hint && (
      <p class="hint" id={`${id}-hint`}>
        {hint}
      </p>
    )}
  </div>
);

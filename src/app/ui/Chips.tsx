import type { ComponentChildren } from 'preact';
import './forms.css';

// A group of large choices built on native checkboxes (several may be on) or radios (exactly one), styled as
// chips: keyboard and screen readers get the real controls. The state shows as a check mark and bold text as
// well as colour.
type Option<T extends string> = { value: T; label: ComponentChildren; hint?: ComponentChildren; disabled?: boolean };

type Props<T extends string> = {
  legend: ComponentChildren;
  name: string;
  options: readonly Option<T>[];
  error?: string;
  hint?: string;
  hideLegend?: boolean;
  class?: string;
} & ({ multiple: true; value: readonly T[]; onChange: (v: T[]) => void } | { multiple?: false; value: T | null; onChange: (v: T) => void });

export const Chips = <T extends string>(p: Props<T>) => {
  const base = `f-${p.name.replace(/\./g, '-')}`;
  const on = (v: T) => (p.multiple ? p.value.includes(v) : p.value === v);
  const toggle = (v: T) => {
    if (p.multiple) p.onChange(p.value.includes(v) ? p.value.filter((x) => x !== v) : [...p.value, v]);
    else p.onChange(v);
  };
  const describedBy = [p.hint && `${base}-hint`, p.error && `${base}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset class={`chips${p.error ? ' has-error' : ''}${p.class ? ` ${p.class}` : ''}`} aria-describedby={describedBy}>
      <legend class={p.hideLegend ? 'sr-only' : undefined}>{p.legend}</legend>
      {p.hint && (
        <p class="hint" id={`${base}-hint`}>
          {p.hint}
        </p>
      )}
      {p.error && (
        <p class="error" id={`${base}-error`}>
          {p.error}
        </p>
      )}
      <div class="chip-row">
        {p.options.map((o, i) => (
          <label key={o.value} class={`chip${on(o.value) ? ' on' : ''}${o.disabled ? ' off' : ''}`}>
            <input
              id={i === 0 ? base : undefined}
              type={p.multiple ? 'checkbox' : 'radio'}
              name={p.name}
              value={o.value}
              checked={on(o.value)}
              disabled={o.disabled}
              onChange={() => toggle(o.value)}
            />
            <span class="chip-mark" aria-hidden="true" />
            <span class="chip-text">
              {o.label}
              {o.hint && <small>{o.hint}</small>}
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
};

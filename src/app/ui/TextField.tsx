import type { TargetedEvent } from 'preact';
import './forms.css';

type Props = {
  name: string;
  label: string;
  value: string;
  onValue: (v: string) => void;
  error?: string;
  hint?: string;
  multiline?: boolean;
  type?: 'text' | 'tel' | 'date' | 'search' | 'number' | 'password';
  inputMode?: 'numeric' | 'tel' | 'text' | 'search';
  required?: boolean;
  autoComplete?: string;
  maxLength?: number;
  placeholder?: string;
  min?: string;
  max?: string;
  class?: string;
};

export const fieldId = (name: string) => `f-${name.replace(/\./g, '-')}`;

// A labelled input with its hint and its error, both tied to it for screen readers.
export const TextField = (p: Props) => {
  const id = fieldId(p.name);
  const describedBy = [p.hint && `${id}-hint`, p.error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    name: p.name,
    value: p.value,
    'aria-invalid': p.error ? true : undefined,
    'aria-describedby': describedBy,
    required: p.required,
    maxLength: p.maxLength,
    placeholder: p.placeholder,
    onInput: (e: TargetedEvent<HTMLInputElement | HTMLTextAreaElement, Event>) => p.onValue(e.currentTarget.value),
  };
  return (
    <div class={`field${p.error ? ' has-error' : ''}${p.class ? ` ${p.class}` : ''}`}>
      <label for={id}>
        {p.label}
        {p.required && <span class="req"> *</span>}
      </label>
      {p.hint && (
        <p class="hint" id={`${id}-hint`}>
          {p.hint}
        </p>
      )}
      {p.error && (
        <p class="error" id={`${id}-error`}>
          {p.error}
        </p>
      )}
      {p.multiline ? (
        <textarea {...common} rows={3} />
      ) : (
        // The union of input types is fine at runtime; Preact's typings want one literal per element.
        <input {...common} type={(p.type ?? 'text') as 'text'} inputMode={p.inputMode} autoComplete={p.autoComplete ?? 'off'} min={p.min} max={p.max} />
      )}
    </div>
  );
};

import { useT } from '../i18n/i18n.ts';
import { fieldId } from './TextField.tsx';
import './forms.css';

// A whole number with large − and + buttons, and a field that can also be typed in.
type Props = { name: string; label: string; value: number | null; onValue: (v: number | null) => void; min?: number; max?: number; step?: number; error?: string; hint?: string; required?: boolean };

export const Stepper = ({ name, label, value, onValue, min = 0, max = 100_000, step = 1, error, hint, required }: Props) => {
  const t = useT();
  const id = fieldId(name);
  const clamp = (n: number) => Math.min(max, Math.max(min, n));
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field stepper${error ? ' has-error' : ''}`}>
      <label for={id}>
        {label}
        {required && <span class="req"> *</span>}
      </label>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="error" id={`${id}-error`}>
          {error}
        </p>
      )}
      <div class="stepper-row">
        <button type="button" class="btn ghost square" aria-label={t('stepper.less', { label })} disabled={value !== null && value <= min} onClick={() => onValue(clamp((value ?? min) - step))}>
          −
        </button>
        <input
          id={id}
          name={name}
          type="text"
          inputMode="numeric"
          pattern="[0-9]*"
          autoComplete="off"
          required={required}
          value={value === null ? '' : String(value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          onInput={(e) => {
            const digits = e.currentTarget.value.replace(/\D/g, '');
            onValue(digits === '' ? null : Math.min(max, Number(digits)));
          }}
        />
        <button type="button" class="btn ghost square" aria-label={t('stepper.more', { label })} disabled={value !== null && value >= max} onClick={() => onValue(clamp((value ?? min - step) + step))}>
          +
        </button>
      </div>
    </div>
  );
};

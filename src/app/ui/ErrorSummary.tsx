import { useEffect, useRef } from 'preact/hooks';
import { useT } from '../i18n/i18n.ts';
import type { FieldIssue } from '../../core/errors.ts';
import { issueText, type ErrorArea, type FormErrors } from './issues.ts';
import { fieldId } from './TextField.tsx';
import './forms.css';

// At the top of a form after a failed save: what is wrong, each item a link to its field. Takes focus so the
// user (and a screen reader) hears it at once. What was typed is untouched.
// `describe` words an issue of a field the shared error texts do not know (e.g. the join screen's invite code).
// The one component for a form's problems, in the field app and the officer workspace (`area`, and `idOf` for
// forms whose inputs are not named by fieldId).
export const ErrorSummary = ({
  errors,
  describe,
  area = 'field',
  idOf = fieldId,
}: {
  errors?: FormErrors;
  describe?: (i: FieldIssue) => string | undefined;
  area?: ErrorArea;
  idOf?: (field: string) => string;
}) => {
  const t = useT('errors');
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (errors) ref.current?.focus();
  }, [errors]);
  if (!errors) return null;
  return (
    <div class="summary" role="alert" tabIndex={-1} ref={ref}>
      <p class="summary-title">{errors.message ?? t('codes.invalid')}</p>
      {errors.issues.length > 0 && (
        <ul>
          {errors.issues.map((i) => (
            <li key={i.field + i.rule}>
              <a
                href={`#${idOf(i.field)}`}
                onClick={(e) => {
                  const el = document.getElementById(idOf(i.field)) ?? document.querySelector<HTMLElement>(`[data-field="${i.field}"]`);
                  if (el) {
                    e.preventDefault();
                    el.focus();
                    el.scrollIntoView({ block: 'center' });
                  }
                }}
              >
                {describe?.(i) || issueText(t, i, area)}
              </a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
};

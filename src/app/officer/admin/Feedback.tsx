import type { FieldIssue } from '../../../core/errors.ts';
import { useT } from '../../i18n/i18n.ts';
import { issueLine } from '../issues.ts';

// The outcome of an admin action: problems (each a sentence naming the field or the file's line), a failure, or
// a short confirmation.
export const Feedback = ({ issues, failure, done, idPrefix = 'f' }: { issues: FieldIssue[]; failure?: string; done?: string; idPrefix?: string }) => {
  const t = useT('officer');
  return (
    <>
      {issues.length > 0 && (
        <div class="summary" role="alert">
          <p class="summary-title">{t('errors.invalid')}</p>
          <ul>
            {issues.map((i) => (
              <li key={i.field + i.rule}>
                <a href={`#${idPrefix}-${i.field.split('.')[0]}`}>{issueLine(t, i)}</a>
              </li>
            ))}
          </ul>
        </div>
      )}
      {failure && (
        <p class="error" role="alert">
          {failure}
        </p>
      )}
      <p class="done" role="status">
        {done ?? ''}
      </p>
    </>
  );
};

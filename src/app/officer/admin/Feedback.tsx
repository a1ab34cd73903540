import type { FieldIssue } from '../../../core/errors.ts';
import { useMemo } from 'preact/hooks';
import { ErrorSummary } from '../../ui/ErrorSummary.tsx';

// The outcome of an admin action: problems (each a sentence naming the field or the file's line), a failure, or
// a short confirmation (every officer screen that acts says how it went through this).
const NONE: FieldIssue[] = [];
export const Feedback = ({ issues = NONE, failure, done, idPrefix = 'f' }: { issues?: FieldIssue[]; failure?: string; done?: string; idPrefix?: string }) => {
  const problems = useMemo(() => (issues.length ? { issues } : undefined), [issues]);
  return (
    <>
      <ErrorSummary errors={problems} area="officer" idOf={(f) => `${idPrefix}-${f.split('.')[0]}`} />
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

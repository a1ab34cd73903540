import { useT } from '../i18n/i18n.ts';
import { errorText } from '../ui/issues.ts';

// A failed load or action in words the officer can act on, never a raw exception.

export const ErrorBox = ({ error, onRetry }: { error: unknown; onRetry?: () => void }) => {
  const t = useT('officer');
  return (
    <div class="summary" role="alert">
      <p class="summary-title">{errorText(t, error, 'officer')}</p>
      {onRetry && (
        <button type="button" class="btn" onClick={onRetry}>
          {t('retry')}
        </button>
      )}
    </div>
  );
};

import { CodedError } from '../../core/errors.ts';
import { i18n, useT } from '../i18n/i18n.ts';

// A failed load or action in words the officer can act on, never a raw exception.
export const errorMessage = (e: unknown): string => {
  const code = e instanceof CodedError ? e.code : 'internal';
  return i18n.exists(`officer:errors.${code}`) ? i18n.t(`officer:errors.${code}`) : i18n.t('officer:errors.internal');
};

export const ErrorBox = ({ error, onRetry }: { error: unknown; onRetry?: () => void }) => {
  const t = useT('officer');
  return (
    <div class="summary" role="alert">
      <p class="summary-title">{errorMessage(error)}</p>
      {onRetry && (
        <button type="button" class="btn" onClick={onRetry}>
          {t('retry')}
        </button>
      )}
    </div>
  );
};

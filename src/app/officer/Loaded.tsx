import type { ComponentChildren } from 'preact';
import { useT } from '../i18n/i18n.ts';
import { ErrorBox } from './ErrorBox.tsx';
import type { Loaded as State } from './useApi.ts';

// One loaded resource in the same four states on every screen: a failure the officer can retry, loading, nothing
// yet (`empty` says what to do next, shown when `isEmpty`), or the data.
export const Loaded = <T,>({ state, empty, isEmpty, children }: { state: State<T>; empty?: string; isEmpty?: (data: T) => boolean; children: (data: T) => ComponentChildren }) => {
  const t = useT('officer');
  if (state.error) return <ErrorBox error={state.error} onRetry={() => void state.reload()} />;
  if (!state.data) return <p class="loading">{t('loading')}</p>;
  if (isEmpty?.(state.data)) return <p class="empty">{empty}</p>;
  return <>{children(state.data)}</>;
};

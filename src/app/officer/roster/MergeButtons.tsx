import { useState } from 'preact/hooks';
import { useT } from '../../i18n/i18n.ts';
import { send } from '../api.ts';
import { i18n } from '../../i18n/i18n.ts';
import { errorText } from '../../ui/issues.ts';

const errorMessage = (e: unknown) => errorText(i18n.t, e, 'officer');
import type { DuplicatePairView } from './Duplicates.tsx';

// Merge one household of a likely pair into the other (household.merge on the server): the kept one gets the
// other's residents, visits, follow-ups and checklist; the other stays as a redirect, so phones follow.
export const MergeButtons = ({ pair, onMerged }: { pair: DuplicatePairView; onMerged: () => Promise<void> }) => {
  const t = useT('households');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();
  const merge = async (keep: DuplicatePairView['a'], away: DuplicatePairView['a']) => {
    if (!confirm(t('merge.confirm', { keep: keep.headName, away: away.headName }))) return;
    setBusy(true);
    setFailure(undefined);
    try {
      await send('POST', '/api/admin/households/merge', { keepId: keep.id, mergeId: away.id });
      await onMerged();
    } catch (e) {
      setFailure(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="dup-actions">
      <button type="button" class="btn" disabled={busy} onClick={() => void merge(pair.a, pair.b)}>
        {t('merge.keep', { name: pair.a.headName })}
      </button>
      <button type="button" class="btn" disabled={busy} onClick={() => void merge(pair.b, pair.a)}>
        {t('merge.keepOther', { name: pair.b.headName })}
      </button>
      {failure && (
        <p class="error" role="alert">
          {failure}
        </p>
      )}
    </div>
  );
};

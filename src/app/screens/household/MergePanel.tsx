import { useState } from 'preact/hooks';
import type { Household } from '../../../core/model/household.ts';
import type { Member } from '../../../core/model/people.ts';
import { similarHouseholds } from '../../../core/roster/similar.ts';
import { mayUndoMerge, type MergeUndo } from '../../../core/sync/merge-households.ts';
import { useT } from '../../i18n/i18n.ts';
import { mergeHouseholds, unmergeHousehold } from '../../store/households-repo.ts';
import { useDb, useLive } from '../../store/useLive.ts';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';
import { toast } from '../../ui/toast.ts';

// A team leader's duplicates tools on a household: the village's households that look like the same house (the
// same rule as the warning when a household is added), each with a "merge into this household" that asks first; and
// the households merged into this one this month, each with an undo. The merge and its undo are the server's to
// apply (household.merge / household.unmerge): the phone queues them and shows the result after the next sync.
type Pending = { kind: 'merge' | 'unmerge'; other: Household };

export const MergePanel = ({ household, member }: { household: Household; member: Member }) => {
  const t = useT('household');
  const db = useDb();
  const [pending, setPending] = useState<Pending>();
  const village = useLive((d) => d.households.where('villageId').equals(household.villageId).toArray(), [household.villageId]);
  // The role as the commune last sent it (a member made team leader after joining learns it by pull).
  const synced = useLive((d) => d.members.get(member.id), [member.id]);
  const role = synced?.role ?? member.role;
  if (role !== 'leader' || household.removed || !village) return null;
  const similar = similarHouseholds(household, village).slice(0, 5);
  const now = Date.now();
  const merged = village.filter((h) => h.mergedInto === household.id && h.mergeUndo && mayUndoMerge(h.mergeUndo as unknown as MergeUndo, now));
  if (!similar.length && !merged.length) return null;
  // Two households of one house often share the head's name: each is named with its code and address too.
  const named = (h: Household) => [h.headName, h.code ? t('merge.code', { code: h.code }) : '', h.houseLabel].filter(Boolean).join(' · ');
  const run = async () => {
    if (!pending) return;
    if (pending.kind === 'merge') await mergeHouseholds(db, household.id, pending.other.id);
    else await unmergeHousehold(db, household.id, pending.other.id);
    toast(t(pending.kind === 'merge' ? 'merge.queued' : 'merge.undoQueued', { name: pending.other.headName }));
    setPending(undefined);
  };
  return (
    <section class="card merge-panel" aria-labelledby="merge-title">
      <h2 id="merge-title">{t('merge.title')}</h2>
      {similar.length > 0 && (
        <>
          <p class="hint">{t('merge.hint')}</p>
          <ul class="merge-list">
            {similar.map((m) => (
              <li key={m.household.id}>
                <span>
                  <strong>{m.household.headName}</strong>
                  <small>{[m.household.code ? t('merge.code', { code: m.household.code }) : '', m.household.houseLabel, m.household.phone, m.evidence.map((e) => t(`similar.evidence.${e}`)).join(', ')].filter(Boolean).join(' · ')}</small>
                </span>
                <button type="button" class="btn small" onClick={() => setPending({ kind: 'merge', other: m.household })}>
                  {t('merge.action')}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {merged.length > 0 && (
        <>
          <p class="hint">{t('merge.mergedHere')}</p>
          <ul class="merge-list">
            {merged.map((h) => (
              <li key={h.id}>
                <span>
                  <strong>{h.headName}</strong>
                  <small>{h.houseLabel}</small>
                </span>
                <button type="button" class="btn small ghost" onClick={() => setPending({ kind: 'unmerge', other: h })}>
                  {t('merge.undo')}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {pending && (
        <ConfirmDialog
          title={t(pending.kind === 'merge' ? 'merge.confirmTitle' : 'merge.undoTitle')}
          confirm={t(pending.kind === 'merge' ? 'merge.confirm' : 'merge.undoConfirm')}
          tone={pending.kind === 'merge' ? 'danger' : 'primary'}
          onConfirm={run}
          onClose={() => setPending(undefined)}
        >
          <p>{t(pending.kind === 'merge' ? 'merge.confirmBody' : 'merge.undoBody', { keep: named(household), away: named(pending.other) })}</p>
        </ConfirmDialog>
      )}
    </section>
  );
};

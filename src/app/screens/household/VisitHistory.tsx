import { useState } from 'preact/hooks';
import type { Member } from '../../../core/model/people.ts';
import { formatDate, formatDateTime, formatNumber } from '../../i18n/format.ts';
import { currentLang, useT } from '../../i18n/i18n.ts';
import { useDb } from '../../store/useLive.ts';
import { redactVisit, voidVisit, type VisitRow } from '../../store/visits-repo.ts';
import { SyncMark } from '../../sync/SyncMark.tsx';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';
import { Empty } from '../../ui/Empty.tsx';
import { ErasableNote } from '../../ui/ErasableNote.tsx';
import { toast } from '../../ui/toast.ts';
import type { HouseholdData } from './useHousehold.ts';
import '../../ui/lists.css';

// The household's visits, newest first. A visit is never edited: "Correct" writes a new one that replaces it,
// "Take back" voids it; both stay in the history, marked.
export const VisitHistory = ({ data, member }: { data: HouseholdData; member: Member }) => {
  const t = useT('household');
  const db = useDb();
  const lang = currentLang();
  const [voiding, setVoiding] = useState<VisitRow>();
  const residentName = new Map(data.residents.map((r) => [r.id, r.label]));
  const itemName = new Map(data.catalogue.map((i) => [i.id, i.short[lang]]));
  const confirmVoid = async (visit: VisitRow, reason: string) => {
    await voidVisit(db, visit, reason, member);
    toast(t('voided'));
    setVoiding(undefined);
  };
  return (
    <section aria-labelledby="visits-title">
      <h2 id="visits-title">{t('visits')}</h2>
      {data.visits.length === 0 ? (
        <Empty title={t('noVisits.title')}>
          <p>{t('noVisits.body')}</p>
        </Empty>
      ) : (
        <ol class="visits">
          {data.visits.map((v) => (
            <li key={v.id} class={`card visit${v.voided ? ' voided' : ''}`}>
              <p class="visit-head">
                <strong>{formatDateTime(v.at)}</strong> · {v.memberName}
                {v.voided && <span class="tag danger">{t('voidedTag')}</span>}
                {v.replaces && <span class="tag">{t('correctionTag')}</span>}
                <SyncMark ids={v.id} />
              </p>
              {v.items.length > 0 && (
                <ul class="visit-items">
                  {v.items.map((it, i) => (
                    <li key={i}>
                      <strong>{itemName.get(it.itemId) ?? it.itemId}</strong>
                      {it.residentIds.length > 0 && `: ${it.residentIds.map((id) => residentName.get(id) ?? t('formerResident')).join(', ')}`}
                      {' — '}
                      {t(`domain:outcome.${it.outcome}`)}
                    </li>
                  ))}
                </ul>
              )}
              {v.dossiers.length > 0 && (
                <p>
                  {t('dossiers')}: {v.dossiers.map((d) => `${t(`domain:procedure.${d.field}`)} ${formatNumber(d.count)}`).join(', ')}
                </p>
              )}
              <p class="muted">
                {t(`domain:language.${v.language}`)} · {t('minutes', { n: formatNumber(v.minutes) })}
                {v.followUpOn && ` · ${t('followUpOn', { date: formatDate(v.followUpOn) })}`}
              </p>
              <ErasableNote note={v.note} redactedAt={v.redactedAt} onErase={() => redactVisit(db, v, member)} />
              {!v.voided && (
                <div class="btn-row">
                  <a class="btn small ghost" href={`/households/${v.householdId}/visit?replaces=${v.id}`}>
                    {t('correct')}
                  </a>
                  <button type="button" class="btn small danger" onClick={() => setVoiding(v)}>
                    {t('void')}
                  </button>
                </div>
              )}
            </li>
          ))}
        </ol>
      )}
      {voiding && (
        <ConfirmDialog title={t('voidTitle')} reason={t('voidReason')} confirm={t('voidConfirm')} onConfirm={(reason) => confirmVoid(voiding, reason)} onClose={() => setVoiding(undefined)}>
          <p>{t('voidBody', { when: formatDateTime(voiding.at) })}</p>
        </ConfirmDialog>
      )}
    </section>
  );
};

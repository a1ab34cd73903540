import { useT } from '../i18n/i18n.ts';
import { SyncIcon } from './SyncIcon.tsx';
import { useRecordSyncState } from './useRecordSyncState.ts';
import { useSyncNamespace } from './useSyncNamespace.ts';
import './badge.css';

// "Xã đã xác nhận" next to a record (a household with its residents, a visit…): shown once the commune has
// acknowledged every change to it; "Chưa gửi" while one is queued; "Cần xử lý" (a link to the sync screen) if the
// commune refused one. Nothing on a phone that has not joined a team.
export const SyncMark = ({ ids }: { ids: string | readonly string[] }) => {
  const ready = useSyncNamespace();
  const t = useT('sync-badge');
  const state = useRecordSyncState(ids);
  if (!ready || !state || state === 'local') return null;
  const icon = state === 'confirmed' ? 'confirmed' : state === 'waiting' ? 'waiting' : 'attention';
  const body = (
    <>
      <SyncIcon kind={icon} size={16} />
      <span>{t(`mark.${state}`)}</span>
    </>
  );
  return state === 'attention' ? (
    <a class={`sync-mark is-${state}`} href="/sync" title={t(`mark.${state}Hint`)} data-sync-mark={state}>
      {body}
    </a>
  ) : (
    <span class={`sync-mark is-${state}`} title={t(`mark.${state}Hint`)} data-sync-mark={state}>
      {body}
    </span>
  );
};

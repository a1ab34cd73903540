import { useT } from '../i18n/i18n.ts';
import { useSyncNamespace } from './useSyncNamespace.ts';

// First run's other path (beside trying the sample commune): join a real team with an invite code.
export const JoinCard = ({ next }: { next?: string | null }) => {
  const ready = useSyncNamespace('sync');
  const t = useT('sync');
  if (!ready) return null;
  const href = next && next.startsWith('/') && !next.startsWith('/start') ? `/join?next=${encodeURIComponent(next)}` : '/join';
  return (
    <section class="card" aria-labelledby="join-title">
      <h2 id="join-title">{t('start.joinTitle')}</h2>
      <p>{t('start.joinBody')}</p>
      <a class="btn primary big" href={href}>
        {t('start.joinAction')}
      </a>
    </section>
  );
};

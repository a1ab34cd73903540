import { useT } from '../i18n/i18n.ts';
import { SyncBadge } from '../sync/SyncBadge.tsx';
import { usePlace } from './useMember.ts';

// The field app's header: the app's name (home), the village, and on the right the slot for the sync status
// badge (src/app/sync/SyncBadge.tsx, added by the sync client), after the name of who is using the phone.
export const Header = () => {
  const t = useT();
  const place = usePlace();
  return (
    <header class="hdr">
      <a class="brand" href="/">
        <img src="/icons/mark.svg" alt="" width="32" height="32" />
        <span>
          <span class="brand-name">Từng Nhà</span>
          {place?.current && (
            <span class="brand-place">
              {place.current.name}
              {place.sample && <span class="tag">{t('sample')}</span>}
              {!place.sample && (
                // Who is using the phone (shared phones): the given name, the last word of a Vietnamese name.
                <span class="brand-who" title={t('who.label', { name: place.member.displayName })}>
                  {' · '}
                  <span class="sr-only">{t('who.label', { name: place.member.displayName })}</span>
                  <span aria-hidden="true">{place.member.displayName.trim().split(/\s+/).pop()}</span>
                </span>
              )}
            </span>
          )}
        </span>
      </a>
      <div class="hdr-status">
        <SyncBadge />
      </div>
    </header>
  );
};

import { useT } from '../i18n/i18n.ts';
import { isUpgradeBlocked, onUpgradeBlockedChange } from '../store/open-state.ts';
import { Icon } from '../ui/Icon.tsx';
import { useExternal } from '../ui/useExternal.ts';

// The new version cannot open the phone's data while an old tab holds it (store/open-state.ts).
export const BlockedBanner = () => {
  const t = useT();
  const blocked = useExternal(onUpgradeBlockedChange, isUpgradeBlocked);
  if (!blocked) return null;
  return (
    <section class="banner warn" role="alert" aria-labelledby="blocked-title">
      <p id="blocked-title">
        <Icon name="alert" />
        <strong>{t('upgradeBlocked.title')}</strong>
      </p>
      <p class="hint">{t('upgradeBlocked.body')}</p>
    </section>
  );
};

import { useT } from '../i18n/i18n.ts';
import { Icon } from '../ui/Icon.tsx';

// Browsers keep the service worker (and so offline use and installing) to secure contexts: https, or localhost on
// the machine itself. A phone that opened the server's plain http LAN address works only while online, and would
// find out the day it has no signal; say so now.
export const InsecureBanner = () => {
  const t = useT();
  if (typeof window === 'undefined' || window.isSecureContext !== false) return null;
  return (
    <section class="banner warn" role="alert" aria-labelledby="insecure-title">
      <p id="insecure-title">
        <Icon name="alert" />
        <strong>{t('insecure.title')}</strong>
      </p>
      <p class="hint">{t('insecure.body')}</p>
    </section>
  );
};

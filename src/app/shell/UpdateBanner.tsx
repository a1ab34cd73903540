import { useState } from 'preact/hooks';
import { useExternal } from '../ui/useExternal.ts';
import { useT } from '../i18n/i18n.ts';
import { usePwa } from '../pwa/pwa.ts';
import { isDirty, onDirtyChange } from '../ui/dirty.ts';
import { Icon } from '../ui/Icon.tsx';

export const UpdateBanner = () => {
  const t = useT();
  const pwa = usePwa();
  const dirty = useExternal(onDirtyChange, isDirty);
  const [busy, setBusy] = useState(false);
  if (!pwa.needRefresh) return null;
  return (
    <section class="banner" aria-labelledby="update-title">
      <p id="update-title">
        <Icon name="refresh" />
        <strong>{t('update.available')}</strong>
      </p>
      {dirty ? (
        <p class="hint">{t('update.waitForForm')}</p>
      ) : (
        <button
          type="button"
          class="btn small"
          disabled={busy}
          onClick={async () => {
            if (isDirty()) return;
            setBusy(true);
            await pwa.update?.();
          }}
        >
          {t('update.now')}
        </button>
      )}
    </section>
  );
};

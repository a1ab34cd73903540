import type demoWords from '../../../../locales/vi/demo.json';
import { Dialog } from '../../ui/Dialog.tsx';
import { useT } from '../../i18n/i18n.ts';

// The presenter's keys, listed (opened with "?" or the button).
export const SHORTCUTS: [keys: string, action: keyof (typeof demoWords)['keys']][] = [
  ['PageDown / →', 'next'],
  ['PageUp / ←', 'prev'],
  ['Home / End', 'ends'],
  ['S', 'signal'],
  ['W', 'walk'],
  ['P', 'projector'],
  ['L', 'language'],
  ['F', 'fullscreen'],
  ['B / .', 'blank'],
  ['Shift + R', 'reset'],
  ['?', 'help'],
  ['Esc', 'escape'],
];

export const ShortcutHelp = ({ open, onClose }: { open: boolean; onClose: () => void }) => {
  const t = useT('demo');
  return (
    <Dialog open={open} title={t('keys.title')} onClose={onClose}>
      <table class="ds-keys">
        <caption class="sr-only">{t('keys.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('keys.key')}</th>
            <th scope="col">{t('keys.action')}</th>
          </tr>
        </thead>
        <tbody>
          {SHORTCUTS.map(([k, a]) => (
            <tr key={a}>
              <th scope="row">
                <kbd>{k}</kbd>
              </th>
              <td>{t(`keys.${a}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="ds-hint">{t('keys.typing')}</p>
      <button type="button" class="btn primary" onClick={onClose}>
        {t('keys.close')}
      </button>
    </Dialog>
  );
};

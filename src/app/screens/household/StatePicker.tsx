import { useState } from 'preact/hooks';
import { CELL_STATES, type CellState } from '../../../core/model/enums.ts';
import { useT } from '../../i18n/i18n.ts';
import { Dialog } from '../../ui/Dialog.tsx';
import { StateMark } from './CellState.tsx';

// Choosing a checklist cell's state: five large buttons, the current one marked.
export const StatePicker = ({ title, current, onPick, onClose, error }: { title: string; current: CellState; onPick: (s: CellState) => Promise<void>; onClose: () => void; error?: string }) => {
  const t = useT('household');
  const [busy, setBusy] = useState(false);
  return (
    <Dialog open title={title} onClose={onClose}>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="state-options">
        {CELL_STATES.map((s) => (
          <button
            key={s}
            type="button"
            class={`btn state-option${s === current ? ' current' : ''}`}
            aria-pressed={s === current}
            disabled={busy}
            onClick={async () => {
              setBusy(true);
              await onPick(s);
              setBusy(false);
            }}
          >
            <StateMark state={s} />
            <span>{t(`domain:cellState.${s}`)}</span>
            {s === current && <small>{t('current')}</small>}
          </button>
        ))}
      </div>
      <button type="button" class="btn ghost" onClick={onClose}>
        {t('common:actions.close')}
      </button>
    </Dialog>
  );
};

import { useT } from '../../i18n/i18n.ts';
import { DAY_VISITS } from '../strip/day.ts';

// While the signal is off: the rest of the team's day in one press (a batch of ordinary visits on the phone), so
// the figures move visibly when the signal returns.
type Props = { onLog: () => void; busy: boolean; logged: number | undefined; signal: boolean };

export const DayButton = ({ onLog, busy, logged, signal }: Props) => {
  const t = useT('demo');
  if (logged !== undefined)
    return (
      <p class="ds-day" role="status">
        {t('day.logged', { count: logged })}
      </p>
    );
  return (
    <p class="ds-day">
      <button type="button" class="btn" id="demo-day" onClick={onLog} disabled={busy || signal} title={t('day.hint', { count: DAY_VISITS })}>
        {busy ? t('day.busy') : t('day.action', { count: DAY_VISITS })}
      </button>
    </p>
  );
};

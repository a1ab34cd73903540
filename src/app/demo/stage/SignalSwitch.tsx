import { useT } from '../../i18n/i18n.ts';
import { setSignal } from '../signal.ts';
import { useSignal } from '../strip/DemoStrip.tsx';
import { SignalIcon } from '../ui/SignalIcon.tsx';

// "Bật / tắt sóng (giả lập)": a switch with its state in words and shape, not colour alone.
export const SignalSwitch = () => {
  const t = useT('demo');
  const on = useSignal();
  return (
    <button
      type="button"
      id="demo-signal"
      role="switch"
      aria-checked={on}
      class={`ds-signal ${on ? 'on' : 'off'}`}
      onClick={() => setSignal(!on)}
      title={t('signal.keyHint')}
    >
      <span class="ds-signal-track" aria-hidden="true">
        <span class="ds-signal-knob" />
      </span>
      <SignalIcon on={on} size={28} />
      <span class="ds-signal-text">
        <span class="ds-signal-label">{t('signal.label')}</span>
        <strong>{on ? t('signal.on') : t('signal.off')}</strong>
      </span>
    </button>
  );
};

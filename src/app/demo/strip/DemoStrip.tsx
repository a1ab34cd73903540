import { useEffect, useState } from 'preact/hooks';
import { formatTime } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.ts';
import { onSignal, setSignal, signalOn } from '../signal.ts';
import { SignalIcon } from '../ui/SignalIcon.tsx';
import { useExternal } from '../../ui/useExternal.ts';

export const useSignal = (): boolean => useExternal(onSignal, signalOn);

const useClock = (): number => {
  const [now, set] = useState(Date.now);
  useEffect(() => {
    const id = setInterval(() => set(Date.now()), 15_000);
    return () => clearInterval(id);
  }, []);
  return now;
};

// In the stage's frame: the phone's status bar (time, DEMO, signal), for the room to read; the stage has the
// switch. Opened on its own: a bar with the DEMO mark, the signal switch and the way back to the stage.
export const DemoStrip = ({ role }: { role: 'frame' | 'phone' }) => {
  const t = useT('demo');
  const on = useSignal();
  const now = useClock();
  if (role === 'frame')
    return (
      <div class="demo-strip is-frame" aria-label={t('strip.label')} role="region">
        <span class="demo-time">{formatTime(now)}</span>
        <strong class="demo-tag">DEMO</strong>
        <span class={`demo-signal-state ${on ? 'on' : 'off'}`}>
          <SignalIcon on={on} />
          {on ? t('signal.on') : t('signal.off')}
        </span>
      </div>
    );
  return (
    <div class="demo-strip is-phone" aria-label={t('strip.label')} role="region">
      <strong class="demo-tag">DEMO</strong>
      <button type="button" class={`demo-signal-btn ${on ? 'on' : 'off'}`} aria-pressed={on} onClick={() => setSignal(!on)}>
        <SignalIcon on={on} />
        <span>{on ? t('signal.on') : t('signal.off')}</span>
      </button>
      <a class="demo-strip-link" href="/demo" target="_self">
        {t('strip.stage')}
      </a>
    </div>
  );
};

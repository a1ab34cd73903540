import { useEffect, useRef, useState } from 'preact/hooks';
import { currentLang, useT } from '../../i18n/i18n.ts';
import { SignalSwitch } from './SignalSwitch.tsx';

// The trainer's bar: DEMO, the signal switch, the walkthrough, projector mode, reset, leaving the demo; the rest under
// "Thêm".
type Props = {
  walkOpen: boolean;
  onWalk: () => void;
  projector: boolean;
  onProjector: () => void;
  onReset: () => void;
  resetting: boolean;
  onLanguage: () => void;
  onKeys: () => void;
  onFullscreen: () => void;
  onExit: () => void;
  signalInBar: boolean; // on a projector the signal switch sits above the phone instead, in the room's type
};

export const StageBar = (p: Props) => {
  const t = useT('demo');
  const [more, setMore] = useState(false);
  const menu = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!more) return;
    const close = (e: Event) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !menu.current?.contains(e.target as Node)) setMore(false);
    };
    document.addEventListener('keydown', close);
    document.addEventListener('pointerdown', close);
    return () => {
      document.removeEventListener('keydown', close);
      document.removeEventListener('pointerdown', close);
    };
  }, [more]);
  const pick = (f: () => void) => () => {
    setMore(false);
    f();
  };
  return (
    <header class="ds-bar">
      <div class="ds-brand">
        <img src="/icons/mark.svg" alt="" width="40" height="40" />
        <h1>
          <span class="ds-app">Từng Nhà</span> <span class="demo-tag">DEMO</span> <span class="ds-mode">{t('title')}</span>
        </h1>
      </div>
      <div class="ds-tools">
        {p.signalInBar && <SignalSwitch />}
        <button type="button" class="btn" aria-pressed={p.walkOpen} onClick={p.onWalk}>
          {t('bar.walk')}
        </button>
        <button type="button" class="btn ds-projector-btn" aria-pressed={p.projector} onClick={p.onProjector}>
          {t('bar.projector')}
        </button>
        <button type="button" class="btn" id="demo-reset" onClick={p.onReset} disabled={p.resetting}>
          {p.resetting ? t('bar.resetting') : t('bar.reset')}
        </button>
        <button type="button" class="btn" id="demo-exit" onClick={p.onExit}>
          {t('bar.exit')}
        </button>
        <div class="ds-more" ref={menu}>
          <button type="button" class="btn" aria-expanded={more} aria-controls="ds-more-menu" onClick={() => setMore(!more)}>
            {t('bar.more')}
          </button>
          <div id="ds-more-menu" class="ds-menu" hidden={!more}>
            <button type="button" class="btn" lang={currentLang() === 'vi' ? 'en' : 'vi'} onClick={pick(p.onLanguage)}>
              {t('bar.language')}
            </button>
            <button type="button" class="btn" onClick={pick(p.onKeys)}>
              {t('bar.keys')}
            </button>
            <button type="button" class="btn" onClick={pick(p.onFullscreen)}>
              {t('bar.fullscreen')}
            </button>
          </div>
        </div>
      </div>
    </header>
  );
};

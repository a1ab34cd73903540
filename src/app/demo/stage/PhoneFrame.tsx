import type { RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useT } from '../../i18n/i18n.ts';
import { PHONE_FRAME_NAME } from '../boot.ts';

// The field app, running for real inside a phone-sized frame (its own page, its own 360 px screen), scaled up to
// fill its column so the room can read it. The stage reaches into it (same origin) to point at controls.
export const PHONE_W = 360;
export const PHONE_H = 640;
const BEZEL_WIDE = 12;
const BEZEL_NARROW = 4;
const NARROW = '(max-width: 56rem)';

type Props = { src: string; frameRef: RefObject<HTMLIFrameElement | null>; onScale: (s: number) => void; onLoad: () => void };

export const PhoneFrame = ({ src, frameRef, onScale, onLoad }: Props) => {
  const t = useT('demo');
  const fit = useRef<HTMLDivElement>(null);
  const [scale, setScale] = useState(1);
  const [bezel, setBezel] = useState(BEZEL_WIDE);
  useEffect(() => {
    const el = fit.current;
    if (!el) return;
    const narrow = window.matchMedia(NARROW);
    // Wide: as tall as the column allows (and at most 45% of the width); narrow: as wide as the screen, never larger.
    const measure = () => {
      const box = el.getBoundingClientRect();
      const b = narrow.matches ? BEZEL_NARROW : BEZEL_WIDE;
      const byWidth = ((narrow.matches ? box.width : window.innerWidth * 0.45) - 2 * b) / PHONE_W;
      const byHeight = narrow.matches ? Infinity : (box.height - 2 * b) / PHONE_H;
      const s = Math.max(0.5, Math.min(narrow.matches ? 1 : 2.2, byWidth, byHeight));
      setBezel(b);
      setScale(Math.floor(s * 100) / 100);
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    narrow.addEventListener('change', measure);
    return () => {
      ro.disconnect();
      narrow.removeEventListener('change', measure);
    };
  }, []);
  useEffect(() => onScale(scale), [scale]);
  return (
    <div class="ds-phone-fit" ref={fit}>
      <div class="ds-device" style={{ padding: `${bezel}px`, width: `${PHONE_W * scale + 2 * bezel}px`, height: `${PHONE_H * scale + 2 * bezel}px` }}>
        <iframe
          ref={frameRef}
          name={PHONE_FRAME_NAME}
          title={t('phone.frameTitle')}
          src={src}
          width={PHONE_W}
          height={PHONE_H}
          style={{ transform: `scale(${scale})` }}
          onLoad={onLoad}
        />
      </div>
    </div>
  );
};

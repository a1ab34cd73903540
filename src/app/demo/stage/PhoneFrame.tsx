import type { RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useT } from '../../i18n/i18n.ts';
import { PHONE_FRAME_NAME } from '../boot.ts';
import { PROJECTOR_TEXT_PX } from './projector.ts';

// The field app, running for real inside a phone-sized frame (its own page, its own screen), scaled up to fill its
// column so the room can read it. The stage reaches into it (same origin) to point at controls.
// On a projector the phone is a large phone (440 px wide, as tall as the column allows at its scale, 560 at least)
// and its type is raised so that, once scaled, nothing on it is smaller than the stage's minimum.
export const PHONE_W = 360;
export const PHONE_H = 640;
const PROJECTOR_W = 440;
const PROJECTOR_MIN_H = 560;
const BEZEL_WIDE = 12;
const BEZEL_NARROW = 4;
const NARROW = '(max-width: 56rem)';

export type PhoneFit = { scale: number; rootPx?: number };
type Props = { src: string; frameRef: RefObject<HTMLIFrameElement | null>; projector: boolean; onFit: (f: PhoneFit) => void; onLoad: () => void };

type Size = { w: number; h: number; scale: number; bezel: number; rootPx?: number };

export const PhoneFrame = ({ src, frameRef, projector, onFit, onLoad }: Props) => {
  const t = useT('demo');
  const fit = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState<Size>({ w: PHONE_W, h: PHONE_H, scale: 1, bezel: BEZEL_WIDE });
  useEffect(() => {
    const el = fit.current;
    if (!el) return;
    const narrow = window.matchMedia(NARROW);
    const measure = () => {
      const box = el.getBoundingClientRect();
      if (narrow.matches) {
        // Narrow: as wide as the screen, never larger than the phone itself.
        const s = Math.max(0.5, Math.min(1, (box.width - 2 * BEZEL_NARROW) / PHONE_W));
        setSize({ w: PHONE_W, h: PHONE_H, scale: Math.floor(s * 100) / 100, bezel: BEZEL_NARROW });
        return;
      }
      const b = BEZEL_WIDE;
      const height = box.height - 2 * b;
      if (projector) {
        const s = Math.floor(Math.max(0.5, Math.min((window.innerWidth * 0.42 - 2 * b) / PROJECTOR_W, height / PROJECTOR_MIN_H)) * 100) / 100;
        setSize({ w: PROJECTOR_W, h: Math.max(PROJECTOR_MIN_H, Math.floor(height / s)), scale: s, bezel: b, rootPx: Math.ceil((PROJECTOR_TEXT_PX / s) * 10) / 10 });
        return;
      }
      // Wide: as tall as the column allows (and at most 45% of the width).
      const s = Math.max(0.5, Math.min(2.2, (window.innerWidth * 0.45 - 2 * b) / PHONE_W, height / PHONE_H));
      setSize({ w: PHONE_W, h: PHONE_H, scale: Math.floor(s * 100) / 100, bezel: b });
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    narrow.addEventListener('change', measure);
    return () => {
      ro.disconnect();
      narrow.removeEventListener('change', measure);
    };
  }, [projector]);
  useEffect(() => onFit({ scale: size.scale, rootPx: size.rootPx }), [size.scale, size.rootPx]);
  const { w, h, scale, bezel } = size;
  return (
    <div class="ds-phone-fit" ref={fit}>
      <div class="ds-device" style={{ padding: `${bezel}px`, width: `${w * scale + 2 * bezel}px`, height: `${h * scale + 2 * bezel}px` }}>
        <iframe
          ref={frameRef}
          name={PHONE_FRAME_NAME}
          title={t('phone.frameTitle')}
          src={src}
          width={w}
          height={h}
          style={{ transform: `scale(${scale})` }}
          onLoad={onLoad}
        />
      </div>
    </div>
  );
};

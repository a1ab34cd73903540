import { useEffect, useRef, useState } from 'preact/hooks';

// A figure that counts from its old value to its new one when it appears (or when `from`/`to` change), so the room
// sees the change happen; with reduced motion it shows the new value at once. Screen readers get the new value only.
const DURATION_MS = 1600;
const reducedMotion = () => typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

export const CountUp = ({ from, to, format, class: cls }: { from: number; to: number; format: (n: number) => string; class?: string }) => {
  const [shown, setShown] = useState(() => (reducedMotion() ? to : from));
  const raf = useRef(0);
  useEffect(() => {
    if (reducedMotion() || from === to) {
      setShown(to);
      return;
    }
    const start = performance.now();
    const tick = (now: number) => {
      const k = Math.min(1, (now - start) / DURATION_MS);
      const eased = 1 - (1 - k) ** 3;
      setShown(k === 1 ? to : from + (to - from) * eased);
      if (k < 1) raf.current = requestAnimationFrame(tick);
    };
    setShown(from);
    raf.current = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(raf.current);
  }, [from, to]);
  return (
    <span class={cls} data-figure data-value={to} data-settled={shown === to ? 'true' : 'false'}>
      <span aria-hidden="true">{format(shown)}</span>
      <span class="sr-only">{format(to)}</span>
    </span>
  );
};

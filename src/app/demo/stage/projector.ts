import { useEffect, useState } from 'preact/hooks';

// Projector mode: `?projector` in the address (or the toggle, which keeps it in the address so a reload or a
// bookmark stays in it). `?projector=0` turns it off.
const read = (): boolean => {
  const q = new URLSearchParams(location.search);
  return q.has('projector') && q.get('projector') !== '0' && q.get('projector') !== 'false';
};

export const useProjector = (): [boolean, (on: boolean) => void] => {
  const [on, set] = useState(read);
  useEffect(() => {
    document.documentElement.classList.toggle('demo-projector', on);
  }, [on]);
  useEffect(() => {
    const l = () => set(read());
    window.addEventListener('popstate', l);
    return () => window.removeEventListener('popstate', l);
  }, []);
  const toggle = (next: boolean) => {
    const q = new URLSearchParams(location.search);
    q.delete('projector');
    const rest = q.toString();
    const search = next ? `?projector${rest ? `&${rest}` : ''}` : rest ? `?${rest}` : '';
    // The history entry is replaced, not pushed: Back still leaves the demo where the trainer came from.
    history.replaceState(history.state, '', location.pathname + search + location.hash);
    set(next);
  };
  return [on, toggle];
};

// The smallest type the room reads in projector mode (the walkthrough, the figures' labels, the phone's screen once
// scaled); figures are at least PROJECTOR_FIGURE_PX.
export const PROJECTOR_TEXT_PX = 28;
export const PROJECTOR_FIGURE_PX = 48;

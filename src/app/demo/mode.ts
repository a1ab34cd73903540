// Whether this page runs the trainer demo: a flag kept in this browser until the trainer leaves the demo, or a
// /demo address. Read once at boot (src/app/main.tsx); everything else of the demo loads only when it is true.
export const DEMO_FLAG = 'tn.demo';

export const demoWanted = (): boolean => {
  const path = /^\/demo(\/|$)/.test(location.pathname);
  try {
    return path || localStorage.getItem(DEMO_FLAG) === '1';
  } catch {
    return path;
  }
};

// Which page of the demo this is: the stage (projector), the phone inside its frame, or a phone on its own.
export type DemoRole = 'stage' | 'frame' | 'phone';

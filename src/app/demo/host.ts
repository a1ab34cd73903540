import type { DemoHost } from './host-types.ts';

export type { DemoHost, HostEvent, RequestKind } from './host-types.ts';

// The host this page talks to: the stage's (when this page is the phone inside the stage's frame), else its own,
// created on first use. Pages of one origin can reach each other's objects directly; only text crosses.
type HostWindow = Window & { __tungNhaDemoHost?: Promise<DemoHost> };

export const parentHost = (): Promise<DemoHost> | undefined => {
  try {
    return window.parent !== window ? (window.parent as HostWindow).__tungNhaDemoHost : undefined;
  } catch {
    return undefined; // another origin
  }
};

export const getHost = (): Promise<DemoHost> => {
  const theirs = parentHost();
  if (theirs) return theirs;
  const w = window as HostWindow;
  return (w.__tungNhaDemoHost ??= import('./server-host.ts').then((m) => m.createHost()));
};

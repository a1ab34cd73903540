import type { DemoEvent, DemoServer } from '../../core/demo/server.ts';
import type { DemoInfo } from './server-store.ts';

// The in-browser demo server as the pages see it (created in server-host.ts): requests in and answers out as JSON
// text (the phone's side never shares objects with it, as over a wire), and events for whoever watches (the commune
// dashboard). This file stays small: the phone in the stage's frame only reaches for the stage's server.
export type HostEvent = DemoEvent | { kind: 'reset' | 'reload'; at: number; version: number };
export type RequestKind = 'push' | 'pull' | 'join';

export type DemoHost = {
  request(kind: RequestKind, json: string): Promise<string>;
  server(): Promise<DemoServer>;
  info(): DemoInfo;
  subscribe(listener: (e: HostEvent) => void): () => void;
  reset(): Promise<void>;
  close(): void;
};

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

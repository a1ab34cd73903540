import type { DemoEvent, DemoServer } from '../../core/demo/server.ts';
import type { DemoInfo } from './server-store.ts';

// The in-browser demo server as the pages see it (created in server-host.ts): requests in and answers out as JSON
// text (the phone's side never shares objects with it, as over a wire), and events for whoever watches (the commune
// dashboard). host.ts stays small: the phone in the stage's frame only reaches for the stage's server.
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


// Belt and braces: the demo's sync and join already go to the in-browser server, never to fetch. This makes every
// other way a page could send something fail at once in demo mode (the officer workspace, a stray link to an API),
// so demo data cannot leave the page whatever is clicked. Scripts, styles and locale files still load: the module
// loader and the service worker do not go through these.
const refuse = () => Promise.reject(new TypeError('demo mode: nothing is sent over the network'));

export const blockNetwork = (): void => {
  const w = window as Window & { __tungNhaDemoNetworkBlocked?: true; WebSocket: typeof WebSocket; EventSource: typeof EventSource };
  if (w.__tungNhaDemoNetworkBlocked) return;
  w.__tungNhaDemoNetworkBlocked = true;
  w.fetch = refuse as typeof fetch;
  if (typeof XMLHttpRequest !== 'undefined')
    XMLHttpRequest.prototype.send = function send() {
      throw new TypeError('demo mode: nothing is sent over the network');
    };
  if (typeof navigator.sendBeacon === 'function') navigator.sendBeacon = () => false;
  if (typeof WebSocket !== 'undefined')
    w.WebSocket = function WebSocketBlocked() {
      throw new TypeError('demo mode: nothing is sent over the network');
    } as unknown as typeof WebSocket;
  if (typeof EventSource !== 'undefined')
    w.EventSource = function EventSourceBlocked() {
      throw new TypeError('demo mode: nothing is sent over the network');
    } as unknown as typeof EventSource;
};

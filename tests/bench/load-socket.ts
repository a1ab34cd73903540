import net from 'node:net';

// The load generator's side of one phone's connection: HTTP/1.1 keep-alive on a plain socket, requests written as
// bytes built before the round, answers read just far enough to know they are complete (status line, headers,
// Content-Length bytes of body). The server sees exactly what a phone sends; the generator, which shares the
// machine's two cores with the server, spends a fraction of what node:http costs it per call (its parsers,
// IncomingMessage streams and agent bookkeeping), so the figure is more the server's own. Decoding the answers
// (gunzip, JSON) is left to the caller, after the clock has stopped.
export type RawAnswer = { status: number; encoding: string | undefined; body: Buffer };

const HEAD_END = Buffer.from('\r\n\r\n');

export class LoadSocket {
  private socket: net.Socket | undefined;
  private pending: { resolve: (a: RawAnswer) => void; reject: (e: Error) => void } | undefined;
  private buffered: Buffer = Buffer.alloc(0);

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {}

  // Connects (again, if the server closed an idle connection) before the clock starts.
  async ready(): Promise<void> {
    if (this.socket && !this.socket.destroyed && this.socket.readyState === 'open') return;
    this.socket = await new Promise<net.Socket>((resolve, reject) => {
      const s = net.connect({ host: this.host, port: this.port, noDelay: true }, () => resolve(s));
      s.once('error', reject);
    });
    const s = this.socket;
    s.removeAllListeners('error');
    s.on('data', (chunk: Buffer) => this.onData(chunk));
    const fail = (e?: Error) => {
      const p = this.pending;
      this.pending = undefined;
      p?.reject(e ?? new Error('the server closed the connection'));
    };
    s.on('error', fail);
    s.on('close', () => fail());
  }

  // Builds the bytes of one POST: head and body in one buffer, written with one call.
  static request(host: string, path: string, headers: Record<string, string>, body: Uint8Array): Buffer {
    const lines = [`POST ${path} HTTP/1.1`, `Host: ${host}`, 'Connection: keep-alive', `Content-Length: ${body.byteLength}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
    return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), body]);
  }

  send(bytes: Buffer): Promise<RawAnswer> {
    const s = this.socket;
    if (!s || s.destroyed) return Promise.reject(new Error('not connected'));
    if (this.pending) return Promise.reject(new Error('one request at a time per phone'));
    return new Promise<RawAnswer>((resolve, reject) => {
      this.pending = { resolve, reject };
      this.buffered = Buffer.alloc(0);
      s.write(bytes);
    });
  }

  close(): void {
    this.socket?.destroy();
  }

  private onData(chunk: Buffer): void {
    this.buffered = this.buffered.byteLength ? Buffer.concat([this.buffered, chunk]) : chunk;
    const end = this.buffered.indexOf(HEAD_END);
    if (end < 0 || !this.pending) return;
    const head = this.buffered.subarray(0, end).toString('latin1');
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    if (!length) {
      this.pending.reject(new Error(`answer without Content-Length: ${head.slice(0, 200)}`));
      this.pending = undefined;
      return;
    }
    const total = end + HEAD_END.byteLength + Number(length[1]);
    if (this.buffered.byteLength < total) return;
    const p = this.pending;
    this.pending = undefined;
    const body = this.buffered.subarray(end + HEAD_END.byteLength, total);
    this.buffered = Buffer.alloc(0);
    p.resolve({ status: Number(head.slice(9, 12)), encoding: /\r\ncontent-encoding:\s*([^\r]+)/i.exec(head)?.[1].trim(), body });
  }
}

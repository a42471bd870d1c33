// A duplex line channel to an agent: an SSH exec channel in the app, a child process in tests.
import type { Readable, Writable } from 'node:stream';

export interface LineTransport {
  send(line: string): void;
  onLine(cb: (line: string) => void): void;
  /** Called once, when the far end is gone (channel closed, process exited); `detail` says why. */
  onClose(cb: (detail: string) => void): void;
  close(): void;
}

/** Lines from a byte stream; a partial last line is kept until its newline arrives. */
export function streamLines(input: Readable, cb: (line: string) => void): void {
  let buf = '';
  input.setEncoding('utf8');
  input.on('data', (chunk: string) => {
    buf += chunk;
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (line.trim() !== '') cb(line);
    }
  });
}

/** A transport over any writable/readable pair (a spawned agent's stdin/stdout, an ssh2 channel). */
export function streamTransport(out: Writable, input: Readable, end: () => void): LineTransport & { closed: (detail: string) => void } {
  const lineCbs: ((l: string) => void)[] = [];
  const closeCbs: ((d: string) => void)[] = [];
  let done = false;
  streamLines(input, (l) => lineCbs.forEach((cb) => cb(l)));
  const closed = (detail: string): void => {
    if (done) return;
    done = true;
    closeCbs.forEach((cb) => cb(detail));
  };
  out.on('error', (e: Error) => closed(e.message));
  return {
    send: (line) => {
      if (!done) out.write(`${line}\n`);
    },
    onLine: (cb) => void lineCbs.push(cb),
    onClose: (cb) => void closeCbs.push(cb),
    close: () => {
      out.end();
      end();
    },
    closed,
  };
}

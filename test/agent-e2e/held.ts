// One HTTP keep-alive connection from the client namespace, held open across changes: ask() sends a
// request on the same TCP connection and returns `<server name> <local port>` (the port proves it
// is still the same connection), or an error text when the connection broke.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { Lab } from '../lab/lab';

const CLIENT = `
const net = require('node:net');
const s = net.connect({ host: process.env.HOST, port: Number(process.env.PORT) });
let buf = '';
s.setEncoding('utf8');
s.on('data', (d) => {
  buf += d;
  const head = buf.indexOf('\\r\\n\\r\\n');
  if (head < 0) return;
  const len = Number(/content-length: *(\\d+)/i.exec(buf.slice(0, head))?.[1] ?? 0);
  if (buf.length < head + 4 + len) return;
  process.stdout.write(buf.slice(head + 4, head + 4 + len).trim() + ' ' + s.localPort + '\\n');
  buf = buf.slice(head + 4 + len);
});
s.on('error', (e) => process.stdout.write('ERROR ' + e.message + '\\n'));
s.on('close', () => process.stdout.write('CLOSED\\n'));
process.stdin.on('data', () => s.write('GET / HTTP/1.1\\r\\nHost: lab\\r\\n\\r\\n'));
`;

export class HeldConnection {
  private lines: string[] = [];
  private readonly proc: ChildProcessWithoutNullStreams;

  constructor(lab: Lab, from: string, host: string, port: number) {
    this.proc = spawn('ip', ['netns', 'exec', lab.namespace(from), process.execPath, '-e', CLIENT], { env: { ...process.env, HOST: host, PORT: String(port) }, detached: true });
    let buf = '';
    this.proc.stdout.setEncoding('utf8');
    this.proc.stdout.on('data', (d: string) => {
      buf += d;
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        this.lines.push(buf.slice(0, i));
        buf = buf.slice(i + 1);
      }
    });
  }

  async ask(): Promise<string> {
    this.proc.stdin.write('x\n');
    for (let waited = 0; this.lines.length === 0; waited += 50) {
      if (waited > 5000) return 'TIMEOUT';
      await new Promise((r) => setTimeout(r, 50));
    }
    return this.lines.shift()!;
  }

  close(): void {
    try {
      process.kill(-this.proc.pid!, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
}

// keepalived-style checks against real servers started here on 127.0.0.1: TCP, HTTP (status,
// digest, Host), HTTPS with a self-signed certificate made by openssl, and the user's script; then
// the monitor's fail/recover sequence on a real server that stops and starts again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttp, type Server as HttpServer } from 'node:http';
import { createServer as createHttps } from 'node:https';
import { createServer as createTcp, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DesiredHealthCheck } from '../../src-core/compile/desired-state';
import { HealthMonitor, runCheck } from '../../src-agent/health';
import type { HealthEvent } from '../../src-agent/protocol';
import { needTools } from '../support/tools';

const BODY = 'hello from rs1\n';
const MD5 = createHash('md5').update(BODY).digest('hex');
const dir = mkdtempSync(join(tmpdir(), 'lvs-health-'));
const servers: { close(cb?: () => void): unknown }[] = [];

const portOf = (s: Server | HttpServer): number => (s.address() as AddressInfo).port;
const listen = <T extends Server | HttpServer>(s: T, port = 0): Promise<T> =>
  new Promise((resolve, reject) => {
    s.once('error', reject);
    s.listen(port, '127.0.0.1', () => resolve(s));
    servers.push(s);
  });
const close = (s: { close(cb?: () => void): unknown }): Promise<void> => new Promise((r) => void s.close(() => r()));

function web(req: { url?: string; headers: Record<string, unknown> }, res: { writeHead(n: number): void; end(b: string): void }): void {
  if (req.url === '/health') {
    res.writeHead(200);
    res.end(BODY);
  } else if (req.url === '/host') {
    res.writeHead(req.headers.host === 'www.example.test' ? 200 : 421);
    res.end(String(req.headers.host));
  } else {
    res.writeHead(503);
    res.end('down');
  }
}

const base = (c: Partial<DesiredHealthCheck> & Pick<DesiredHealthCheck, 'type' | 'port'>): DesiredHealthCheck => ({
  address: '127.0.0.1',
  interval: 0.05,
  timeout: 2,
  retries: 1,
  delayBeforeRetry: 0.02,
  onFailure: 'weight-zero',
  ...c,
});

let tcp: Server;
let http: HttpServer;
let https: HttpServer;
let closedPort: number;
const haveOpenssl = needTools('openssl');

beforeAll(async () => {
  tcp = await listen(createTcp((s) => s.end()));
  http = await listen(createHttp(web));
  if (haveOpenssl) {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=rs1.test'], { stdio: 'ignore' });
    https = await listen(createHttps({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, web));
  }
  const probe = await listen(createTcp());
  closedPort = portOf(probe);
  await close(probe);
});

afterAll(async () => {
  for (const s of servers) await new Promise<void>((r) => void s.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
});

describe('health checks against real servers', () => {
  it('TCP: connect succeeds on a listening port and fails on a closed one', async () => {
    expect(await runCheck(base({ type: 'tcp', port: portOf(tcp) }))).toEqual({ ok: true });
    const r = await runCheck(base({ type: 'tcp', port: closedPort }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/ECONNREFUSED/);
  });

  it('HTTP: expected status, MD5 digest of the body (genhash), Host header', async () => {
    const port = portOf(http);
    expect(await runCheck(base({ type: 'http', port, path: '/health', expectStatus: 200 }))).toEqual({ ok: true });
    expect(await runCheck(base({ type: 'http', port, path: '/health', digest: MD5 }))).toEqual({ ok: true });
    expect(await runCheck(base({ type: 'http', port, path: '/health', digest: '0'.repeat(32) }))).toEqual({ ok: false, error: `body digest ${MD5}, expected ${'0'.repeat(32)}` });
    expect(await runCheck(base({ type: 'http', port, path: '/nope', expectStatus: 200 }))).toEqual({ ok: false, error: 'HTTP status 503, expected 200' });
    expect(await runCheck(base({ type: 'http', port, path: '/nope', expectStatus: 503 }))).toEqual({ ok: true });
    expect(await runCheck(base({ type: 'http', port, path: '/host', expectStatus: 200 }))).toMatchObject({ ok: false });
    expect(await runCheck(base({ type: 'http', port, path: '/host', expectStatus: 200, host: 'www.example.test' }))).toEqual({ ok: true });
    expect((await runCheck(base({ type: 'http', port: closedPort, path: '/' }))).ok).toBe(false);
  });

  it('HTTP and TCP: a server that accepts but never answers fails the HTTP check by its timeout', async () => {
    const held: import('node:net').Socket[] = [];
    const mute = await listen(createTcp((s) => held.push(s)));
    const port = portOf(mute);
    expect(await runCheck(base({ type: 'tcp', port }))).toEqual({ ok: true });
    expect(await runCheck(base({ type: 'http', port, path: '/', timeout: 0.3 }))).toEqual({ ok: false, error: `HTTP GET 127.0.0.1:${port}/ timed out` });
    for (const s of held) s.destroy();
  });

  it.skipIf(!haveOpenssl)('HTTPS: a self-signed certificate is accepted (SSL_GET), status and digest checked', async () => {
    const port = portOf(https);
    expect(await runCheck(base({ type: 'https', port, path: '/health', expectStatus: 200, digest: MD5 }))).toEqual({ ok: true });
    expect(await runCheck(base({ type: 'https', port, path: '/host', expectStatus: 200, host: 'www.example.test' }))).toEqual({ ok: true });
    expect(await runCheck(base({ type: 'https', port, path: '/nope', expectStatus: 200 }))).toMatchObject({ ok: false });
    // plain HTTP against the TLS port fails
    expect((await runCheck(base({ type: 'http', port, path: '/health' }))).ok).toBe(false);
  });

  it('IPv6 real servers: TCP and HTTP on ::1', async () => {
    const v6 = createHttp(web);
    const ok = await new Promise<boolean>((resolve) => {
      v6.once('error', () => resolve(false));
      v6.listen(0, '::1', () => resolve(true));
    });
    if (!ok) return; // no IPv6 loopback in this environment
    servers.push(v6);
    const port = portOf(v6);
    expect(await runCheck(base({ type: 'tcp', address: '::1', port }))).toEqual({ ok: true });
    expect(await runCheck(base({ type: 'http', address: '::1', port, path: '/health', digest: MD5 }))).toEqual({ ok: true });
  });

  it('script: the exit status decides; address and port arrive as $1 $2 and env, never in the text', async () => {
    const port = portOf(tcp);
    const ok = await runCheck(base({ type: 'script', port, command: 'test "$1" = 127.0.0.1 && test "$2" = "$LVS_RS_PORT" && test "$LVS_RS_ADDRESS" = "$1"' }));
    expect(ok).toEqual({ ok: true });
    expect(await runCheck(base({ type: 'script', port, command: 'echo broken >&2; exit 3' }))).toEqual({ ok: false, error: 'command exited 3: broken' });
    // a real check command of the kind users write
    expect(await runCheck(base({ type: 'script', port, command: `bash -c 'exec 3<>/dev/tcp/$1/$2' check "$1" "$2"` }))).toEqual({ ok: true });
    expect((await runCheck(base({ type: 'script', port: closedPort, command: `bash -c 'exec 3<>/dev/tcp/$1/$2' check "$1" "$2"` }))).ok).toBe(false);
    // the timeout kills the whole process group: the background child never gets to touch the file
    const marker = join(dir, 'late');
    const r = await runCheck(base({ type: 'script', port, timeout: 0.3, command: `(sleep 0.6; touch '${marker}') & wait` }), 'svc');
    expect(r).toEqual({ ok: false, error: 'command timed out after 300 ms' });
    await new Promise((res) => setTimeout(res, 900));
    expect(existsSync(marker)).toBe(false);
  });
});

describe('HealthMonitor on a real server that stops and starts', () => {
  it('down after 1 + retries failed attempts, up after one success, with events and verdicts', async () => {
    let srv = await listen(createHttp(web));
    const port = portOf(srv);
    const check = base({ type: 'http', port, path: '/health', expectStatus: 200, retries: 2 });
    const events: HealthEvent[] = [];
    const attempts: boolean[] = [];
    const mon = new HealthMonitor(
      { services: [{ service: 'ipv4|tcp|10.0.0.1|80', destinations: [{ dest: `127.0.0.1|${port}`, check }] }] },
      {
        onEvent: (e) => events.push(e),
        check: async (c, s) => {
          const r = await runCheck(c, s);
          attempts.push(r.ok);
          return r;
        },
      },
    );
    mon.start();
    const until = async (cond: () => boolean): Promise<void> => {
      while (!cond()) await new Promise((r) => setTimeout(r, 10));
    };
    await until(() => attempts.length >= 2);
    expect(events).toEqual([]);
    expect(mon.state().destinations[0]).toMatchObject({ healthy: true });

    await close(srv);
    const before = attempts.length;
    await until(() => events.length === 1);
    expect(events[0]).toMatchObject({ type: 'dest-down', service: 'ipv4|tcp|10.0.0.1|80', dest: `127.0.0.1|${port}` });
    // the down verdict came on the third failed attempt in a row (retries = 2)
    const failedRun = attempts.slice(before);
    expect(failedRun.filter((a) => !a)).toHaveLength(3);
    expect(mon.state().destinations[0]).toMatchObject({ healthy: false, lastError: expect.stringMatching(/ECONNREFUSED/) });

    srv = await listen(createHttp(web), port);
    await until(() => events.length === 2);
    expect(events[1]).toMatchObject({ type: 'dest-up', dest: `127.0.0.1|${port}` });
    expect(mon.state().destinations[0]).toMatchObject({ healthy: true });
    await mon.stop();
    const n = attempts.length;
    await new Promise((r) => setTimeout(r, 150));
    expect(attempts.length).toBe(n);
  });
});

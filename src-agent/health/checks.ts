// One health-check attempt as keepalived makes it: TCP_CHECK (connect), HTTP_GET/SSL_GET (GET with
// expected status and genhash's MD5 of the body; certificates are not verified, as SSL_GET does
// not), MISC_CHECK (the user's own command through /bin/sh -c; the real server's address and port
// are positional parameters and environment variables, never spliced into the command text).
import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect, isIP } from 'node:net';
import type { DesiredHealthCheck } from '../../src-core/compile/desired-state';

export type CheckResult = { ok: true } | { ok: false; error: string };

const fail = (error: string): CheckResult => ({ ok: false, error });

function tcpCheck(c: DesiredHealthCheck, timeoutMs: number): Promise<CheckResult> {
  return new Promise((resolve) => {
    const sock = connect({ host: c.address, port: c.port });
    const timer = setTimeout(() => done(fail(`connect to ${c.address}:${c.port} timed out`)), timeoutMs);
    function done(r: CheckResult): void {
      clearTimeout(timer);
      sock.destroy();
      resolve(r);
    }
    sock.once('connect', () => done({ ok: true }));
    sock.once('error', (e) => done(fail(e.message)));
  });
}

function statusOk(c: DesiredHealthCheck, status: number): boolean {
  // keepalived without status_code accepts any 2xx
  return c.expectStatus !== undefined ? status === c.expectStatus : status >= 200 && status < 300;
}

function httpCheck(c: DesiredHealthCheck, timeoutMs: number): Promise<CheckResult> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: CheckResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(r);
    };
    const secure = c.type === 'https';
    const opts = {
      host: c.address,
      port: c.port,
      path: c.path ?? '/',
      method: 'GET',
      agent: false as const,
      headers: c.host !== undefined ? { Host: c.host } : undefined,
      ...(secure ? { rejectUnauthorized: false, ...(c.host !== undefined && isIP(c.host) === 0 ? { servername: c.host } : {}) } : {}),
    };
    const onResponse = (res: IncomingMessage): void => {
      const status = res.statusCode ?? 0;
      if (!statusOk(c, status)) {
        res.resume();
        done(fail(`HTTP status ${status}, expected ${c.expectStatus ?? '2xx'}`));
        return;
      }
      if (c.digest === undefined) {
        res.resume();
        res.once('end', () => done({ ok: true }));
        res.once('error', (e) => done(fail(e.message)));
        return;
      }
      const md5 = createHash('md5');
      res.on('data', (chunk: Buffer) => md5.update(chunk));
      res.once('error', (e) => done(fail(e.message)));
      res.once('end', () => {
        const got = md5.digest('hex');
        done(got === c.digest ? { ok: true } : fail(`body digest ${got}, expected ${c.digest}`));
      });
    };
    const req = secure ? httpsRequest(opts, onResponse) : httpRequest(opts, onResponse);
    const timer = setTimeout(() => done(fail(`${c.type.toUpperCase()} GET ${c.address}:${c.port}${c.path ?? '/'} timed out`)), timeoutMs);
    req.once('error', (e) => done(fail(e.message)));
    req.end();
  });
}

function scriptCheck(c: DesiredHealthCheck, timeoutMs: number, service: string): Promise<CheckResult> {
  return new Promise((resolve) => {
    const env = { ...process.env, LVS_RS_ADDRESS: c.address, LVS_RS_PORT: String(c.port), LVS_SERVICE: service };
    // detached: its own process group, so a timeout kills the command's children too.
    const child = spawn('/bin/sh', ['-c', c.command ?? 'false', 'lvs-check', c.address, String(c.port)], { detached: true, stdio: ['ignore', 'ignore', 'pipe'], env });
    let stderr = '';
    let timedOut = false;
    child.stderr.on('data', (b: Buffer) => {
      if (stderr.length < 4096) stderr += b.toString('utf8');
    });
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, timeoutMs);
    child.once('error', (e) => {
      clearTimeout(timer);
      resolve(fail(e.message));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) resolve(fail(`command timed out after ${timeoutMs} ms`));
      else if (code === 0) resolve({ ok: true });
      else resolve(fail(`command exited ${code ?? signal}${stderr.trim() ? `: ${stderr.trim().slice(0, 200)}` : ''}`));
    });
  });
}

/** One attempt of `check`; never throws. `service` is passed to scripts as LVS_SERVICE. */
export async function runCheck(check: DesiredHealthCheck, service = ''): Promise<CheckResult> {
  const timeoutMs = Math.max(1, Math.round(check.timeout * 1000));
  try {
    switch (check.type) {
      case 'tcp':
        return await tcpCheck(check, timeoutMs);
      case 'http':
      case 'https':
        return await httpCheck(check, timeoutMs);
      case 'script':
        return await scriptCheck(check, timeoutMs, service);
    }
  } catch (e) {
    return fail(e instanceof Error ? e.message : String(e));
  }
}

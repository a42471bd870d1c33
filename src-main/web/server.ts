// The local web host: the built renderer and the HostApi over HTTP, on 127.0.0.1 only. Every API call
// needs the per-start session token (header x-lvs-token); the Host header must name this server, so
// a page on another site cannot reach it through DNS rebinding.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { API_METHODS, type ApiError, type HostApi } from '../api/contract';
import { createHostServices, type HostServicesOptions } from '../services/host-services';
import { toApiError } from '../services/host-errors';
import { findStaticFile } from './static-files';

export const MAX_BODY_BYTES = 80 * 1024 * 1024;
export const TOKEN_HEADER = 'x-lvs-token';
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; worker-src 'self' blob:; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'";

export interface WebHostOptions {
  port?: number;
  dataDir: string;
  rendererDir: string;
  version: string;
  /** In-process tests only (no command line flag reaches these). */
  testHooks?: Pick<HostServicesOptions, 'agentEnv' | 'deployTiming'>;
}

export interface WebHost {
  /** What to open in a browser: http://127.0.0.1:PORT/?token=HEX (the renderer takes the token from it). */
  url: string;
  /** http://127.0.0.1:PORT, for building other addresses. */
  origin: string;
  /** The address the server really listens on (always 127.0.0.1). */
  address: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

type ApiFunction = (...args: unknown[]) => Promise<unknown>;

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

function send(res: ServerResponse, status: number, type: string, body: Buffer | string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store', ...extra });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, payload: unknown, extra: Record<string, string> = {}): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(payload), extra);
}

function fail(res: ServerResponse, status: number, code: string, message: string): void {
  const error: ApiError = { name: 'HttpError', message, code };
  // The request body may not have been read: close the connection rather than reuse it.
  sendJson(res, status, { ok: false, error }, { Connection: 'close' });
}

function tokenMatches(given: string | string[] | undefined, token: Buffer): boolean {
  if (typeof given !== 'string') return false;
  const g = Buffer.from(given, 'utf8');
  return g.length === token.length && timingSafeEqual(g, token);
}

/** The request body, or undefined (after answering 413) when it is over the limit. */
function readBody(req: IncomingMessage, res: ServerResponse): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (c: Buffer) => {
      if (done) return;
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        done = true;
        fail(res, 413, 'TOO_LARGE', `request body over ${MAX_BODY_BYTES} bytes`);
        req.resume();
        resolve(undefined);
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (!done) resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

async function handleApi(req: IncomingMessage, res: ServerResponse, name: string, token: Buffer, methods: Map<string, ApiFunction>): Promise<void> {
  if (req.method !== 'POST') return fail(res, 405, 'METHOD_NOT_ALLOWED', 'API calls are POST requests');
  if (!tokenMatches(req.headers[TOKEN_HEADER], token)) return fail(res, 403, 'FORBIDDEN', 'missing or wrong session token');
  // Browsers send Origin on POST; another site's page never gets here with a valid token, but refuse it anyway.
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${(req.headers.host ?? '').toLowerCase()}`) return fail(res, 403, 'FORBIDDEN', 'cross-origin API call');
  const fn = methods.get(name);
  if (!fn) return fail(res, 404, 'UNKNOWN_METHOD', `no API method '${name}'`);
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) return fail(res, 415, 'UNSUPPORTED_MEDIA_TYPE', 'send the arguments as application/json');
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > MAX_BODY_BYTES) return fail(res, 413, 'TOO_LARGE', `request body over ${MAX_BODY_BYTES} bytes`);
  const body = await readBody(req, res);
  if (!body) return;
  let args: unknown;
  try {
    const parsed = body.length === 0 ? {} : (JSON.parse(body.toString('utf8')) as unknown);
    args = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? ((parsed as { args?: unknown }).args ?? []) : undefined;
  } catch {
    args = undefined;
  }
  if (!Array.isArray(args)) return fail(res, 400, 'BAD_REQUEST', 'the body must be JSON of the form { "args": [...] }');
  try {
    const value = await fn(...(args as unknown[]));
    sendJson(res, 200, value === undefined ? { ok: true } : { ok: true, value });
  } catch (e) {
    sendJson(res, 200, { ok: false, error: toApiError(e) });
  }
}

async function handleStatic(req: IncomingMessage, res: ServerResponse, root: string, urlPath: string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n', { Allow: 'GET, HEAD' });
  const found = await findStaticFile(root, urlPath);
  // Browsers ask for /favicon.ico on their own; without one, answer "nothing" rather than log a 404.
  if (!found && urlPath === '/favicon.ico') return send(res, 204, 'image/x-icon', '');
  if (!found) return send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
  res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': found.type, 'Content-Length': found.body.length, 'Cache-Control': 'no-cache' });
  res.end(req.method === 'HEAD' ? undefined : found.body);
}

export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const root = await fs.realpath(path.resolve(opts.rendererDir));
  const services: HostApi = createHostServices({ dataDir: opts.dataDir, host: 'web', version: opts.version, ...opts.testHooks });
  const methods = new Map<string, ApiFunction>(API_METHODS.map((m) => [m, services[m] as ApiFunction]));
  const tokenHex = randomBytes(32).toString('hex');
  const token = Buffer.from(tokenHex, 'utf8');
  let allowedHosts = new Set<string>();

  const server = createServer((req, res) => {
    const urlPath = (req.url ?? '/').split('?')[0] ?? '/';
    if (!allowedHosts.has((req.headers.host ?? '').toLowerCase())) {
      fail(res, 403, 'FORBIDDEN', 'wrong Host header');
      return;
    }
    const work = urlPath.startsWith('/api/') ? handleApi(req, res, urlPath.slice('/api/'.length), token, methods) : handleStatic(req, res, root, urlPath);
    work.catch((e: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: toApiError(e) });
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: opts.port ?? 0 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port, address } = server.address() as AddressInfo;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  return {
    url: `http://127.0.0.1:${port}/?token=${tokenHex}`,
    origin: `http://127.0.0.1:${port}`,
    address,
    port,
    token: tokenHex,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}

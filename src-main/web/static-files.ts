// Serving the built renderer folder: only files inside it (no traversal, no symlinks out of it, no
// directory listing), with the right content types.
import { promises as fs } from 'node:fs';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentType(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export interface StaticFile {
  file: string;
  type: string;
  body: Buffer;
}

/**
 * The file for a URL path under `root` (already a real path), or undefined when there is none or
 * the path would leave the folder. "/" is index.html.
 */
export async function findStaticFile(root: string, urlPath: string): Promise<StaticFile | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const rel = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  if (rel.split('/').some((p) => p === '..')) return undefined;
  const candidate = path.resolve(root, rel);
  if (!candidate.startsWith(root + path.sep)) return undefined;
  let real: string;
  try {
    real = await fs.realpath(candidate);
    if (!real.startsWith(root + path.sep) || !(await fs.stat(real)).isFile()) return undefined;
    return { file: real, type: contentType(real), body: await fs.readFile(real) };
  } catch {
    return undefined;
  }
}

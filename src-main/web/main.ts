// `npm run web`: serves the built renderer and the HostApi on 127.0.0.1 and prints one line, the URL
// with the session token. Options: --port N (default: a free port), --data-dir DIR (default
// $XDG_CONFIG_HOME/lvs-studio or ~/.config/lvs-studio), --renderer-dir DIR (default: out/renderer).
import { fileURLToPath } from 'node:url';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pkg from '../../package.json';
import { defaultDataDir } from './main-options';
import { startWebHost, type WebHost } from './server';

function fail(message: string): never {
  process.stderr.write(`lvs-studio web: ${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: { port: { type: 'string' }, 'data-dir': { type: 'string' }, 'renderer-dir': { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e));
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be a number from 0 to 65535, not '${values.port}'`);
  const here = path.dirname(fileURLToPath(import.meta.url));
  const rendererDir = path.resolve(values['renderer-dir'] ?? path.join(here, '../renderer'));
  const dataDir = path.resolve(values['data-dir'] ?? defaultDataDir());
  try {
    await fs.access(path.join(rendererDir, 'index.html'));
  } catch {
    fail(`no built renderer in ${rendererDir} (run electron-vite build first)`);
  }
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });

  // Handlers first: a signal may come as soon as the URL line is out.
  const running: { host?: WebHost; stopping: boolean } = { stopping: false };
  const stop = (): void => {
    if (running.stopping) return;
    running.stopping = true;
    if (!running.host) process.exit(0);
    running.host.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  const host = await startWebHost({ port, dataDir, rendererDir, version: pkg.version }).catch((e: unknown) =>
    fail(`cannot listen on 127.0.0.1:${port}: ${e instanceof Error ? e.message : String(e)}`),
  );
  running.host = host;
  process.stdout.write(`${host.url}\n`);
}

void main();

// Test helpers for the agent: build the bundle (as scripts/build-cli.mjs does) into a temp dir,
// spawn it (optionally inside a network namespace) and talk JSON lines to it.
import { spawn, execFileSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { build } from 'esbuild';
import type { AgentError } from '../../src-agent/protocol';

const ROOT = resolve(__dirname, '../..');

/** Bundles src-agent/main.ts to `${dir}/lvs-agent.mjs` with the production build options. */
export async function buildAgent(dir: string): Promise<string> {
  const outfile = join(dir, 'lvs-agent.mjs');
  const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  await build({
    entryPoints: [join(ROOT, 'src-agent/main.ts')], outfile, bundle: true, platform: 'node', target: 'node20', format: 'esm', logLevel: 'warning',
    banner: { js: "#!/usr/bin/env node\nimport { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    define: { __AGENT_VERSION__: JSON.stringify(version) },
  });
  return outfile;
}

export interface Reply {
  id: number | null;
  result?: unknown;
  error?: AgentError;
  event?: unknown;
}

export class AgentProc {
  readonly lines: Reply[] = [];
  readonly stderr: string[] = [];
  private waiters: (() => void)[] = [];
  private nextId = 1;
  readonly exited: Promise<{ code: number | null; signal: string | null }>;

  constructor(readonly child: ChildProcessWithoutNullStreams) {
    createInterface({ input: child.stdout }).on('line', (l) => {
      this.lines.push(JSON.parse(l) as Reply);
      for (const w of this.waiters.splice(0)) w();
    });
    child.stderr.on('data', (b: Buffer) => this.stderr.push(b.toString()));
    this.exited = new Promise((r) => child.on('exit', (code, signal) => r({ code, signal })));
  }

  send(line: string): void {
    this.child.stdin.write(`${line}\n`);
  }

  /** Waits until a line matching `pred` arrived. */
  async waitFor(pred: (r: Reply) => boolean, timeoutMs = 60_000): Promise<Reply> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.lines.find(pred);
      if (hit) return hit;
      if (Date.now() > deadline) throw new Error(`no matching reply; got ${JSON.stringify(this.lines).slice(0, 2000)}; stderr ${this.stderr.join('')}`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 200);
      });
    }
  }

  /** Sends a request; returns its id. */
  request(method: string, params: unknown = {}): number {
    const id = this.nextId++;
    this.send(JSON.stringify({ id, method, params }));
    return id;
  }

  async call<T = unknown>(method: string, params: unknown = {}): Promise<{ result?: T; error?: AgentError; events: unknown[] }> {
    const id = this.request(method, params);
    const r = await this.waitFor((x) => x.id === id && !('event' in x));
    const events = this.lines.filter((x) => x.id === id && 'event' in x).map((x) => x.event);
    return { result: r.result as T, error: r.error, events };
  }

  close(): void {
    this.child.stdin.end();
  }

  kill(): void {
    try {
      this.child.kill('SIGKILL');
    } catch {
      /* gone */
    }
  }
}

export interface Dirs {
  stateDir: string;
  logDir: string;
}

export function tempDirs(prefix: string): Dirs & { root: string } {
  const root = mkdtempSync(join(tmpdir(), prefix));
  return { root, stateDir: join(root, 'state'), logDir: join(root, 'log') };
}

/** Starts the bundled agent, inside netns `ns` when given. */
export function startAgent(bundle: string, dirs: Dirs, opts: { ns?: string; env?: Record<string, string> } = {}): AgentProc {
  const argv = opts.ns ? ['ip', 'netns', 'exec', opts.ns, process.execPath, bundle] : [process.execPath, bundle];
  const child = spawn(argv[0]!, argv.slice(1), {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, LVS_AGENT_STATE_DIR: dirs.stateDir, LVS_AGENT_LOG_DIR: dirs.logDir, ...opts.env },
  });
  return new AgentProc(child);
}

export function nsExec(ns: string, argv: string[]): string {
  return execFileSync('ip', ['netns', 'exec', ns, ...argv], { encoding: 'utf8' });
}

// The real Runner: spawn(argv[0], argv.slice(1)) — never a shell — with stdin input, a timeout
// (SIGKILL) and an AbortSignal. Children still running are tracked so the agent can kill them when
// its stdin closes.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Runner, RunOptions, RunResult } from './exec';

const live = new Set<ChildProcess>();

/** SIGKILL every child the runner started that is still running. */
export function killChildren(): void {
  for (const c of live) {
    try {
      c.kill('SIGKILL');
    } catch {
      /* already gone */
    }
  }
  live.clear();
}

/** Spawn failures (ENOENT...) come back as exit code 127 with the error in stderr, like a shell would. */
export const runCommand: Runner = (argv: readonly string[], opts: RunOptions = {}): Promise<RunResult> =>
  new Promise((resolve) => {
    const [cmd, ...args] = argv;
    if (cmd === undefined || cmd === '') {
      resolve({ code: 127, stdout: '', stderr: 'empty command' });
      return;
    }
    if (opts.signal?.aborted) {
      resolve({ code: 130, stdout: '', stderr: 'aborted' });
      return;
    }
    const env = { ...process.env, LC_ALL: 'C', LANG: 'C' };
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], env, shell: false });
    live.add(child);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let note = '';
    let done = false;
    const finish = (code: number): void => {
      if (done) return;
      done = true;
      live.delete(child);
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      const stderr = Buffer.concat(err).toString('utf8') + note;
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr });
    };
    const kill = (why: string): void => {
      note = note || why;
      try {
        child.kill('SIGKILL');
      } catch {
        /* gone */
      }
    };
    const onAbort = (): void => kill('aborted');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = opts.timeoutMs !== undefined ? setTimeout(() => kill(`timed out after ${opts.timeoutMs} ms`), opts.timeoutMs) : undefined;
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => {
      note = note || e.message;
      finish(127);
    });
    child.on('close', (code, signal) => finish(code ?? (signal ? 128 + 9 : 1)));
    child.stdin.on('error', () => {
      /* the child may exit without reading its input */
    });
    child.stdin.end(opts.input ?? '');
  });

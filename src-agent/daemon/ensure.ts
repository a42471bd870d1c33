// `lvs-agent daemon --ensure`: start the daemon unless one runs. Without systemd it is detached
// from the SSH session: spawn(detached) makes the child a session leader (setsid), stdio goes to
// /dev/null and the log dir, and the parent returns once the child holds the pid file.
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDirs, type AgentDirs } from '../state';
import { runningDaemon } from './pidfile';

export interface EnsureOptions {
  dirs: AgentDirs;
  /** The command that runs the daemon in the foreground, e.g. [node, /usr/lib/lvs-studio/lvs-agent.mjs, 'daemon']. */
  command: string[];
  /** Milliseconds to wait for the new daemon's pid file (default 10000). */
  waitMs?: number;
  env?: NodeJS.ProcessEnv;
}

export interface EnsureResult {
  pid: number;
  started: boolean;
}

export async function ensureDaemon(opts: EnsureOptions): Promise<EnsureResult> {
  const running = runningDaemon(opts.dirs.stateDir);
  if (running !== undefined) return { pid: running, started: false };
  ensureDirs(opts.dirs);
  const [cmd, ...args] = opts.command;
  if (!cmd) throw new Error('ensureDaemon: empty command');
  const out = openSync(join(opts.dirs.logDir, 'daemon.out'), 'a', 0o640);
  let childPid: number | undefined;
  let exited: string | undefined;
  try {
    const child = spawn(cmd, args, {
      detached: true,
      stdio: ['ignore', out, out],
      env: { ...(opts.env ?? process.env), LVS_AGENT_STATE_DIR: opts.dirs.stateDir, LVS_AGENT_LOG_DIR: opts.dirs.logDir },
    });
    childPid = child.pid;
    child.once('exit', (code, signal) => {
      exited = `exit ${code ?? signal}`;
    });
    child.once('error', (e) => {
      exited = e.message;
    });
    child.unref();
  } finally {
    closeSync(out);
  }
  const deadline = Date.now() + (opts.waitMs ?? 10_000);
  while (Date.now() < deadline) {
    const pid = runningDaemon(opts.dirs.stateDir);
    if (pid !== undefined) return { pid, started: pid === childPid };
    if (exited) throw new Error(`the daemon did not start (${exited}); see ${join(opts.dirs.logDir, 'daemon.out')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the daemon did not write its pid file within ${opts.waitMs ?? 10_000} ms`);
}

// Commands on a deploy target over its SSH connection: always an argv, quoted word by word with
// remoteCommand() (the remote side is a shell), optionally under `sudo -n` (never prompts: a sudo
// that wants a password fails and says so).
import type { Client } from 'ssh2';
import { remoteCommand } from '../agent/ssh-agent-channel';

export interface RemoteResult {
  code: number;
  stdout: string;
  stderr: string;
}

export const SUDO = ['sudo', '-n'] as const;

export function withSudo(argv: readonly string[], sudo: boolean): string[] {
  return sudo ? [...SUDO, ...argv] : [...argv];
}

/** sudo -n's message when it would have to ask for a password. */
export function sudoWantsPassword(stderr: string): boolean {
  return /a password is required|a terminal is required|no tty present/i.test(stderr);
}

export function execRemote(ssh: Client, argv: readonly string[], opts: { sudo?: boolean; timeoutMs?: number } = {}): Promise<RemoteResult> {
  return new Promise((resolve, reject) => {
    ssh.exec(remoteCommand(withSudo(argv, opts.sudo ?? false)), (err, ch) => {
      if (err) return reject(err);
      let stdout = '';
      let stderr = '';
      let code = -1;
      const timer = opts.timeoutMs
        ? setTimeout(() => {
            ch.close();
            reject(new Error(`${argv[0]} did not finish in ${opts.timeoutMs} ms`));
          }, opts.timeoutMs)
        : undefined;
      ch.setEncoding('utf8');
      ch.stderr.setEncoding('utf8');
      ch.on('data', (d: string) => (stdout += d));
      ch.stderr.on('data', (d: string) => (stderr += d));
      ch.on('exit', (c: number | null) => (code = c ?? -1));
      ch.on('close', () => {
        if (timer) clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
      ch.end();
    });
  });
}

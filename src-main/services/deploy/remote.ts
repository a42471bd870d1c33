// Commands on a deploy target over its SSH connection: always an argv, quoted word by word with
// remoteCommand() (the remote side is a shell), run as root directly, under `sudo -n`, or under
// `sudo -S` with the password as the first line of the command's stdin (never in an argv, which
// any user of the host can read in ps).
import type { Client } from 'ssh2';
import { remoteCommand } from '../agent/ssh-agent-channel';

export interface RemoteResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** How commands get root on a host: the SSH user is root, sudo without a password, or sudo with one. */
export type SudoMode = { kind: 'root' } | { kind: 'nopasswd' } | { kind: 'password'; password: string };

export const ROOT: SudoMode = { kind: 'root' };
export const NOPASSWD: SudoMode = { kind: 'nopasswd' };

// -k: never use a cached sudo timestamp, so sudo always reads the password line (else the line
// would reach the command's stdin). -p '': no prompt text on stderr.
export function withSudo(argv: readonly string[], mode: SudoMode): string[] {
  if (mode.kind === 'nopasswd') return ['sudo', '-n', '--', ...argv];
  if (mode.kind === 'password') return ['sudo', '-S', '-k', '-p', '', '--', ...argv];
  return [...argv];
}

/** What goes to the command's stdin before anything else. */
export function sudoInput(mode: SudoMode): string {
  return mode.kind === 'password' ? `${mode.password}\n` : '';
}

/** sudo -n's message when it would have to ask for a password. */
export function sudoWantsPassword(stderr: string): boolean {
  return /a password is required|a terminal is required|no tty present/i.test(stderr);
}

/** sudo -S's messages for a wrong password (it then reads the next line as a second try). */
export function sudoRejectedPassword(stderr: string): boolean {
  return /incorrect password attempt|Sorry, try again|no password was provided/i.test(stderr);
}

/** sudo's refusal after the password was right: no sudoers entry, or one that does not allow the command. */
export function sudoDenied(stderr: string): boolean {
  return /is not in the sudoers file|is not allowed to execute/i.test(stderr);
}

export function execRemote(ssh: Client, argv: readonly string[], opts: { sudo?: SudoMode; timeoutMs?: number; stdin?: string } = {}): Promise<RemoteResult> {
  const sudo = opts.sudo ?? ROOT;
  return new Promise((resolve, reject) => {
    ssh.exec(remoteCommand(withSudo(argv, sudo)), (err, ch) => {
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
      const input = sudoInput(sudo) + (opts.stdin ?? '');
      if (input) ch.write(input);
      ch.end();
    });
  });
}

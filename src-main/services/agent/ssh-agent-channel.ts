// Starts the agent over an SSH exec channel: the remote command is an argv, each word
// single-quoted for the remote shell. Closing the channel closes the agent's stdin, which ends it
// (OpenSSH refuses `signal` requests for root sessions, so that is the only reliable stop).
import type { Client } from 'ssh2';
import { shQuote } from '../../../src-core/render/shell-quote';
import { AgentClient } from './agent-client';
import { streamTransport } from './line-transport';

const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function remoteCommand(argv: readonly string[]): string {
  return argv.map((a) => (SAFE_WORD.test(a) ? a : shQuote(a))).join(' ');
}

/** `input`: written before the first request (sudo -S's password line). */
export function openAgentChannel(ssh: Client, argv: readonly string[], input = ''): Promise<AgentClient & { stderrTail: () => string }> {
  return new Promise((resolve, reject) => {
    ssh.exec(remoteCommand(argv), (err, channel) => {
      if (err) return reject(err);
      if (input) channel.write(input);
      let stderr = '';
      channel.stderr.setEncoding('utf8');
      channel.stderr.on('data', (d: string) => {
        stderr = (stderr + d).slice(-4000);
      });
      const t = streamTransport(channel, channel, () => channel.close());
      let code: number | null = null;
      channel.on('exit', (c: number | null) => {
        code = c;
      });
      channel.on('close', () => t.closed(`the agent exited${code !== null ? ` with code ${code}` : ''}${stderr.trim() ? `: ${stderr.trim().split('\n').slice(-3).join(' | ')}` : ''}`));
      const client = new AgentClient(t) as AgentClient & { stderrTail: () => string };
      client.stderrTail = () => stderr;
      resolve(client);
    });
  });
}

// shellCommand(argv) must come back as exactly argv from the shells a remote login may use.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { hasCommand } from '../support/tools';
import { shellCommand, shellQuote } from './shell-quote';

const nasty = [
  '',
  ' ',
  'plain',
  'A=b',
  '~',
  '~root',
  "it's",
  "''",
  '"double"',
  '$(touch /tmp/pwned-lab-quote)',
  '`touch /tmp/pwned-lab-quote`',
  '$HOME',
  '${PATH}',
  'a;b',
  'a|b',
  'a&b',
  'a&&b',
  '*',
  '?',
  '[a-z]',
  '{a,b}',
  'a\nb',
  'tab\there',
  '\\',
  '!',
  '#comment',
  '-n',
  '--',
  '<in',
  '>out',
  'ünïcödé 中文',
  "'\\''",
];

function roundTrip(shell: string, argv: string[]): string[] {
  // printf prints each argument NUL-terminated; the shell alone splits the command line.
  const out = execFileSync(shell, ['-c', `printf '%s\\0' ${shellCommand(argv)}`], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

describe('shellQuote / shellCommand', () => {
  it('leaves plain words bare and quotes everything else', () => {
    expect(shellQuote('net.ipv4.ip_forward')).toBe('net.ipv4.ip_forward');
    expect(shellQuote('10.0.0.1:80')).toBe('10.0.0.1:80');
    expect(shellQuote('A=b')).toBe("'A=b'");
    expect(shellQuote('')).toBe("''");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
  });

  for (const shell of ['sh', 'bash', 'dash', 'busybox sh']) {
    const [cmd, ...pre] = shell.split(' ') as [string, ...string[]];
    it.skipIf(!hasCommand(cmd))(`round-trips every word through ${shell}`, () => {
      const run = (argv: string[]) =>
        pre.length
          ? execFileSync(cmd, [...pre, '-c', `printf '%s\\0' ${shellCommand(argv)}`], { encoding: 'utf8' }).split('\0').slice(0, -1)
          : roundTrip(cmd, argv);
      expect(run(nasty)).toEqual(nasty);
      for (const w of nasty) expect(run([w])).toEqual([w]);
      // A quoted first word is never an assignment or a keyword.
      expect(execFileSync(cmd, [...pre, '-c', `${shellCommand(['A=b'])} 2>&1; echo "rc=$?"`], { encoding: 'utf8' })).toMatch(/not found[\s\S]*rc=127/);
    });
  }
});

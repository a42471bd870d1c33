// The one quoting function for commands that pass through a remote shell: OpenSSH joins the
// remote argv with spaces and hands the string to the login shell, so every word must be quoted.
// Plain words stay bare for readable logs; '=' is not plain (a bare first word `A=b` would be an
// assignment), nor is '~' (tilde expansion) or anything glob, brace or history related.

const PLAIN = /^[A-Za-z0-9_./:@%+,-]+$/;

export function shellQuote(word: string): string {
  return PLAIN.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The command line a POSIX shell splits back into exactly `argv`. */
export function shellCommand(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}

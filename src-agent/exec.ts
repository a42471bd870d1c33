// Running host commands: always an argv (execFile, never a shell), with stdout, stderr and the exit
// code captured. A step fails on a non-zero exit OR on anything in stderr that the caller does not
// whitelist (`sysctl -w` of a read-only key exits 0 with an error message).
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  input?: string;
  /** Milliseconds; the child is killed (SIGKILL) when it passes. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export type Runner = (argv: readonly string[], opts?: RunOptions) => Promise<RunResult>;

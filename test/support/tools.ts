// Tests that use real system tools (shellcheck, keepalived, iptables, ip netns, UML) call
// needTool(). On a developer machine without the tool the test is skipped; under CI (CI=true) a
// missing tool is a failure, so CI can never pass by skipping.
import { execFileSync } from 'node:child_process';

export function hasCommand(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v "$1"`, 'sh', cmd], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** Returns true when the tools are there; throws under CI when one is missing. */
export function needTools(...cmds: string[]): boolean {
  const missing = cmds.filter((c) => !hasCommand(c));
  if (missing.length === 0) return true;
  if (process.env.CI) throw new Error(`CI is missing required tools: ${missing.join(', ')}`);
  return false;
}

export function needRoot(): boolean {
  if (isRoot()) return true;
  if (process.env.CI) throw new Error('CI must run these tests as root (network namespaces)');
  return false;
}

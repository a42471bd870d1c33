// The real Runner (argv only, stdin, timeout, abort, spawn errors) and the apply lock (O_EXCL,
// stale holder taken over, live holder refused), on real processes and files.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tryLock } from '../../src-agent/lock';
import { runCommand } from '../../src-agent/runner';

const dir = mkdtempSync(join(tmpdir(), 'lvs-agent-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('runner', () => {
  it('passes argv without a shell and feeds stdin', async () => {
    const marker = join(dir, 'pwned');
    const r = await runCommand(['printf', '%s|', `$(touch ${marker})`, '; touch x']);
    expect(r).toEqual({ code: 0, stdout: `$(touch ${marker})|; touch x|`, stderr: '' });
    expect(existsSync(marker)).toBe(false);
    expect(await runCommand(['cat'], { input: 'line 1\nline 2\n' })).toMatchObject({ code: 0, stdout: 'line 1\nline 2\n' });
  });

  it('reports exit codes, stderr, a missing program, a timeout and an abort', async () => {
    expect(await runCommand(['sh', '-c', 'echo oops >&2; exit 3'])).toEqual({ code: 3, stdout: '', stderr: 'oops\n' });
    const missing = await runCommand(['/nonexistent/lvs-tool']);
    expect(missing.code).toBe(127);
    expect(missing.stderr).toMatch(/ENOENT/);
    const slow = await runCommand(['sleep', '30'], { timeoutMs: 100 });
    expect(slow.code).not.toBe(0);
    expect(slow.stderr).toMatch(/timed out after 100 ms/);
    const ctl = new AbortController();
    const p = runCommand(['sleep', '30'], { signal: ctl.signal });
    ctl.abort();
    expect((await p).stderr).toMatch(/aborted/);
  });
});

describe('apply lock', () => {
  it('is exclusive while held and free again once released', () => {
    const a = tryLock(dir);
    expect(a).toBeDefined();
    expect(tryLock(dir)).toBeUndefined();
    expect(readFileSync(join(dir, 'apply.lock'), 'utf8')).toMatch(new RegExp(`^${process.pid} \\d+\\n$`));
    a!.release();
    expect(existsSync(join(dir, 'apply.lock'))).toBe(false);
    const b = tryLock(dir);
    expect(b).toBeDefined();
    b!.release();
  });

  it('takes over a lock whose process is gone or whose pid was reused, refuses a live holder', async () => {
    const child = spawn('sleep', ['30']);
    await new Promise((r) => child.once('spawn', r));
    const pid = child.pid!;
    const start = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[19]!;
    try {
      writeFileSync(join(dir, 'apply.lock'), `${pid} ${start}\n`);
      expect(tryLock(dir)).toBeUndefined();
      writeFileSync(join(dir, 'apply.lock'), `${pid} 1\n`); // same pid, other start time: reused
      const reused = tryLock(dir);
      expect(reused).toBeDefined();
      reused!.release();
    } finally {
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
    }
    writeFileSync(join(dir, 'apply.lock'), `${pid} ${start}\n`); // its process is gone now
    const stale = tryLock(dir);
    expect(stale).toBeDefined();
    stale!.release();
  });
});

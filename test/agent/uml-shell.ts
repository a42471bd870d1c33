// Boots a user-mode-linux kernel with IPVS loaded (the harness's kernel, hostfs root read-only,
// modules from test/uml/harness.ts) whose init runs a shell body in a read-write run directory.
// bootUml() is the common part; runInUml() runs a user script and returns the run directory's
// files (for recording real /proc/net/ip_vs* and ipvsadm outputs, and for running the daemon's
// planned ipvsadm commands on a real kernel); uml-agent.ts runs the bundled agent the same way.
import { spawn, execFileSync } from 'node:child_process';
import { chmodSync, closeSync, existsSync, mkdtempSync, openSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UML_BINARY, ipvsModuleLoadOrder, umlModulesDir } from '../uml/harness';

export const shq = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

export interface UmlBootOptions {
  timeoutMs: number;
  mem?: string;
  /** umid prefix (names the guest's control files). */
  tag: string;
  /** UML's own directory for its pid/control files; default: the run dir. */
  umlDir?: string;
}

/** A fresh world-readable run dir (the guest reaches it through hostfs). */
export function makeRunDir(prefix: string): string {
  const runDir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  chmodSync(runDir, 0o755);
  return runDir;
}

/**
 * Writes init.sh (mounts, PATH with $B = busybox, cd to the run dir, lo up, the IPVS modules — a
 * failed insmod lands in boot.err — then `body`, then poweroff) and runs the kernel until it powers
 * off or `timeoutMs` passes. Returns whether it timed out.
 */
export async function bootUml(runDir: string, body: string, opts: UmlBootOptions): Promise<{ timedOut: boolean }> {
  const busybox = execFileSync('sh', ['-c', 'command -v busybox'], { encoding: 'utf8' }).trim();
  const modules = ipvsModuleLoadOrder(umlModulesDir());
  writeFileSync(
    join(runDir, 'init.sh'),
    `#!/bin/sh
B=${shq(busybox)}
$B mount -t proc proc /proc
$B mount -t sysfs sys /sys
$B mount -t hostfs none ${shq(runDir)} -o ${shq(runDir)} || $B poweroff -f
export PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C B
cd ${shq(runDir)}
$B ip link set lo up
for m in ${modules.map(shq).join(' ')}; do $B insmod "$m" || echo "insmod $m failed" >> boot.err; done
${body}
$B sync
$B poweroff -f
`,
    { mode: 0o755 },
  );
  const fd = openSync(join(runDir, 'console.log'), 'w');
  const env = { ...process.env };
  delete env.TMPDIR; // guest RAM backed by /dev/shm
  const args = [
    `umid=${opts.tag}-${process.pid}-${runDir.slice(-6)}`,
    `uml_dir=${opts.umlDir ?? runDir}`,
    `mem=${opts.mem ?? '256M'}`,
    'root=/dev/root',
    'rootfstype=hostfs',
    'rootflags=/',
    'ro',
    `init=${join(runDir, 'init.sh')}`,
    'con=null',
    'con0=null,fd:1',
    'quiet',
  ];
  let timedOut = false;
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(UML_BINARY, args, { stdio: ['ignore', fd, fd], detached: true, env });
      // the kernel and its helper processes share one process group: kill them together
      const kill = (): void => {
        try {
          if (child.pid) process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      };
      const timer = setTimeout(() => {
        timedOut = true;
        kill();
      }, opts.timeoutMs);
      child.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        if (code !== 0) kill();
        resolve();
      });
    });
  } finally {
    closeSync(fd);
  }
  return { timedOut };
}

export interface UmlShellResult {
  files: Map<string, string>;
  console: string;
}

export async function runInUml(script: string, inputs: Record<string, string> = {}, timeoutMs = 60_000, mem = '256M'): Promise<UmlShellResult> {
  const runDir = makeRunDir('lvs-uml-sh-');
  for (const [name, text] of Object.entries(inputs)) writeFileSync(join(runDir, name), text);
  writeFileSync(join(runDir, 'user.sh'), script);
  await bootUml(runDir, '/bin/sh ./user.sh > user.out 2> user.err\necho $? > user.rc', { timeoutMs, mem, tag: 'lvs-sh' });
  const files = new Map<string, string>();
  for (const f of readdirSync(runDir, { withFileTypes: true })) if (f.isFile()) files.set(f.name, readFileSync(join(runDir, f.name), 'utf8'));
  const consoleText = files.get('console.log') ?? '';
  if (!existsSync(join(runDir, 'user.rc')) || existsSync(join(runDir, 'boot.err'))) {
    throw new Error(`UML run failed; run dir ${runDir}\n${files.get('boot.err') ?? ''}\n${consoleText.split('\n').slice(-30).join('\n')}`);
  }
  rmSync(runDir, { recursive: true, force: true });
  return { files, console: consoleText };
}

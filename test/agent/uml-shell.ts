// Runs a shell script as PID 1 of a user-mode-linux kernel with IPVS loaded (the harness's kernel,
// hostfs root read-only, modules from test/uml/harness.ts), with a read-write run directory as the
// working directory; returns that directory's files. For recording real /proc/net/ip_vs* and
// ipvsadm outputs, and for running the daemon's planned ipvsadm commands on a real kernel.
import { spawn, execFileSync } from 'node:child_process';
import { chmodSync, closeSync, existsSync, mkdtempSync, openSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UML_BINARY, ipvsModuleLoadOrder, umlModulesDir } from '../uml/harness';

const shq = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

export interface UmlShellResult {
  files: Map<string, string>;
  console: string;
}

export async function runInUml(script: string, inputs: Record<string, string> = {}, timeoutMs = 60_000, mem = '256M'): Promise<UmlShellResult> {
  const runDir = realpathSync(mkdtempSync(join(tmpdir(), 'lvs-uml-sh-')));
  chmodSync(runDir, 0o755);
  for (const [name, text] of Object.entries(inputs)) writeFileSync(join(runDir, name), text);
  const busybox = execFileSync('sh', ['-c', 'command -v busybox'], { encoding: 'utf8' }).trim();
  const B = shq(busybox);
  const modules = ipvsModuleLoadOrder(umlModulesDir());
  writeFileSync(join(runDir, 'user.sh'), script);
  writeFileSync(
    join(runDir, 'init.sh'),
    `#!/bin/sh
B=${B}
$B mount -t proc proc /proc
$B mount -t sysfs sys /sys
$B mount -t hostfs none ${shq(runDir)} -o ${shq(runDir)} || $B poweroff -f
export PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C B
cd ${shq(runDir)}
$B ip link set lo up
for m in ${modules.map(shq).join(' ')}; do $B insmod "$m" || echo "insmod $m failed" >> boot.err; done
/bin/sh ./user.sh > user.out 2> user.err
echo $? > user.rc
$B sync
$B poweroff -f
`,
    { mode: 0o755 },
  );
  const consolePath = join(runDir, 'console.log');
  const fd = openSync(consolePath, 'w');
  const env = { ...process.env };
  delete env.TMPDIR;
  const args = [`umid=lvs-sh-${process.pid}-${runDir.slice(-6)}`, `uml_dir=${runDir}`, `mem=${mem}`, 'root=/dev/root', 'rootfstype=hostfs', 'rootflags=/', 'ro', `init=${join(runDir, 'init.sh')}`, 'con=null', 'con0=null,fd:1', 'quiet'];
  await new Promise<void>((resolve, reject) => {
    const child = spawn(UML_BINARY, args, { stdio: ['ignore', fd, fd], detached: true, env });
    const kill = (): void => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    };
    const timer = setTimeout(kill, timeoutMs);
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
  closeSync(fd);
  const files = new Map<string, string>();
  for (const f of readdirSync(runDir, { withFileTypes: true })) if (f.isFile()) files.set(f.name, readFileSync(join(runDir, f.name), 'utf8'));
  const consoleText = files.get('console.log') ?? '';
  if (!existsSync(join(runDir, 'user.rc')) || existsSync(join(runDir, 'boot.err'))) {
    throw new Error(`UML run failed; run dir ${runDir}\n${files.get('boot.err') ?? ''}\n${consoleText.split('\n').slice(-30).join('\n')}`);
  }
  rmSync(runDir, { recursive: true, force: true });
  return { files, console: consoleText };
}

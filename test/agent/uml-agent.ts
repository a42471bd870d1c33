// Boots user-mode-linux (the kernel and IPVS modules test/uml/harness.ts uses; hostfs root, read-
// only) and runs uml-driver.mjs with the host's node as PID 1's child: the bundled agent applies
// IPVS tables on a real kernel. The run dir (hostfs, read-write) carries requests in and results out.
import { spawn, execFileSync } from 'node:child_process';
import { chmodSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { UML_BINARY, ipvsModuleLoadOrder, umlModulesDir } from '../uml/harness';

const shq = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

export interface DriverResult {
  results: { reply: { id: number; result?: unknown; error?: { code: string; message: string } }; ms: number; save: string; thresholds: string; listing: string }[];
  exit: number;
}

/** An agent request, or a command the driver runs itself; capture: false skips the ipvsadm listings after it. */
export type DriverRequest = ({ method: string; params?: unknown } | { exec: string[]; input?: string }) & { capture?: boolean };

export interface UmlAgentOptions {
  timeoutMs?: number;
  mem?: string;
  /** Default: uml-driver.mjs next to this file (from a bundle: test/agent/uml-driver.mjs under the cwd). */
  driver?: string;
}

/** Runs `requests` through the agent `bundle` inside UML; throws with the console tail on failure. */
export async function runAgentInUml(bundle: string, requests: DriverRequest[], opts: UmlAgentOptions = {}): Promise<DriverResult> {
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const runDir = realpathSync(mkdtempSync(join(tmpdir(), 'lvs-uml-agent-')));
  chmodSync(runDir, 0o755);
  mkdirSync(join(runDir, 'uml'));
  writeFileSync(join(runDir, 'requests.json'), JSON.stringify(requests));
  const busybox = execFileSync('sh', ['-c', 'command -v busybox'], { encoding: 'utf8' }).trim();
  const modules = ipvsModuleLoadOrder(umlModulesDir());
  const driver = opts.driver ?? (typeof __dirname === 'string' ? resolve(__dirname, 'uml-driver.mjs') : resolve('test/agent/uml-driver.mjs'));
  writeFileSync(
    join(runDir, 'init.sh'),
    `#!/bin/sh
B=${shq(busybox)}
$B mount -t proc proc /proc
$B mount -t sysfs sys /sys
$B mount -t hostfs none ${shq(runDir)} -o ${shq(runDir)} || $B poweroff -f
export PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C HOME=/tmp
export LVS_AGENT_STATE_DIR=${shq(join(runDir, 'state'))} LVS_AGENT_LOG_DIR=${shq(join(runDir, 'log'))}
cd ${shq(runDir)}
$B ip link set lo up
$B ip addr add 10.0.0.1/24 dev lo
for m in ${modules.map(shq).join(' ')}; do $B insmod "$m" || echo "insmod $m failed" >> boot.err; done
${shq(process.execPath)} ${shq(driver)} ${shq(bundle)} requests.json results.json > driver.out 2> driver.err
$B sync
$B poweroff -f
`,
    { mode: 0o755 },
  );
  const consolePath = join(runDir, 'console.log');
  const fd = openSync(consolePath, 'w');
  const env = { ...process.env };
  delete env.TMPDIR; // guest RAM backed by /dev/shm
  const args = [`umid=lvs-ag-${process.pid}-${runDir.slice(-6)}`, `uml_dir=${join(runDir, 'uml')}`, `mem=${opts.mem ?? '256M'}`, 'root=/dev/root', 'rootfstype=hostfs', 'rootflags=/', 'ro', `init=${join(runDir, 'init.sh')}`, 'con=null', 'con0=null,fd:1', 'quiet'];
  let timedOut = false;
  await new Promise<void>((done, reject) => {
    const child = spawn(UML_BINARY, args, { stdio: ['ignore', fd, fd], detached: true, env });
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0) {
        try {
          if (child.pid) process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* group empty */
        }
      }
      done();
    });
  });
  closeSync(fd);
  const read = (f: string): string => (existsSync(join(runDir, f)) ? readFileSync(join(runDir, f), 'utf8') : '');
  if (timedOut || !existsSync(join(runDir, 'results.json')) || existsSync(join(runDir, 'boot.err'))) {
    const why = `${timedOut ? 'timed out; ' : ''}${read('boot.err')}driver stderr: ${read('driver.err')}\nconsole: ${read('console.log').split('\n').slice(-30).join('\n')}`;
    throw new Error(`UML agent run failed (run dir ${runDir}): ${why}`);
  }
  const out = JSON.parse(read('results.json')) as DriverResult;
  rmSync(runDir, { recursive: true, force: true });
  return out;
}

// Real-kernel IPVS for tests: boots ONE user-mode-linux kernel (Debian's user-mode-linux package,
// a real 6.1 kernel run as a process) per call, with the host's / as a read-only hostfs root,
// loads ip_vs + every scheduler + ip_vs_pe_sip, and replays many rules files through the real
// ipvsadm-restore, collecting `ipvsadm -Sn`, stderr, exit code and `ipvsadm -Ln --thresholds`.
// The run directory is mounted read-write inside the guest (hostfs) and carries cases in and
// results out; nothing of the host is written except that directory.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, openSync, closeSync, readFileSync, readdirSync, writeFileSync, existsSync, rmSync, chmodSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface IpvsCase {
  id: string;
  rules: string;
  /** Collect `ipvsadm -Ln --thresholds` for this case even when opts.thresholds is false. */
  thresholds?: boolean;
  /**
   * Further rules texts piped into `ipvsadm -R` after the restore, on the same table; their
   * output is appended to stdout/stderr and exitCode becomes the last one's.
   */
  more?: string[];
}

export interface IpvsCaseResult {
  /** `ipvsadm -Sn` after the restore. */
  save: string;
  /** stderr of `ipvsadm-restore < rules`. */
  stderr: string;
  /** stdout of the restore (normally empty). */
  stdout: string;
  /** Exit status of ipvsadm-restore: that of the LAST line only. */
  exitCode: number;
  /** `ipvsadm -Ln --thresholds` ('' when opts.thresholds is false). */
  thresholds: string;
}

export interface RunIpvsOptions {
  /** Hard limit for the whole boot; the UML process group is killed past it. */
  timeoutMs?: number;
  /** Guest memory (UML mem=). */
  mem?: string;
  /** Keep the run directory (cases, results, console log) for debugging. */
  keepDir?: boolean;
  /** Also collect `ipvsadm -Ln --thresholds` (one more exec per case, ~60 ms under UML). Default true. */
  thresholds?: boolean;
  /** Called once the UML process runs (its pid leads its own process group). */
  onSpawn?: (info: { pid: number; umid: string; runDir: string }) => void;
  /** Receives boot and per-case timings. */
  onTimings?: (t: RunTimings) => void;
}

export interface RunTimings {
  /** Guest uptime when the modules are loaded and the first case starts. */
  bootMs: number;
  /** Guest time spent running the cases. */
  casesMs: number;
  perCaseMs: number;
  /** Host wall time from spawn to the UML process exiting. */
  totalMs: number;
}

export const UML_BINARY = 'linux';
const MODULES_ROOT = '/usr/lib/uml/modules';
/** Loaded in this order after their dependencies (ip_vs_twos is not built for this kernel). */
export const IPVS_MODULES = ['ip_vs', 'ip_vs_rr', 'ip_vs_wrr', 'ip_vs_lc', 'ip_vs_wlc', 'ip_vs_sed', 'ip_vs_nq', 'ip_vs_lblc', 'ip_vs_lblcr', 'ip_vs_dh', 'ip_vs_sh', 'ip_vs_fo', 'ip_vs_ovf', 'ip_vs_mh', 'ip_vs_pe_sip'];

export function commandPath(cmd: string): string {
  return execFileSync('sh', ['-c', 'command -v "$1"', 'sh', cmd], { encoding: 'utf8' }).trim();
}

/** The UML modules directory, e.g. /usr/lib/uml/modules/6.1.176. */
export function umlModulesDir(): string {
  const versions = existsSync(MODULES_ROOT) ? readdirSync(MODULES_ROOT).sort() : [];
  const v = versions[versions.length - 1];
  if (!v) throw new Error(`no UML kernel modules under ${MODULES_ROOT} (install user-mode-linux)`);
  return join(MODULES_ROOT, v);
}

/** Absolute .ko paths of the IPVS modules with their dependencies first (from modules.dep). */
export function ipvsModuleLoadOrder(modDir: string): string[] {
  return moduleLoadOrder(modDir, IPVS_MODULES);
}

/** Absolute .ko paths of the named modules with their dependencies first (from modules.dep). */
export function moduleLoadOrder(modDir: string, names: readonly string[]): string[] {
  const deps = new Map<string, string[]>();
  for (const line of readFileSync(join(modDir, 'modules.dep'), 'utf8').split('\n')) {
    const m = /^([^:]+):\s*(.*)$/.exec(line);
    if (m) deps.set(m[1]!, m[2]!.split(/\s+/).filter(Boolean));
  }
  const byName = new Map<string, string>();
  for (const k of deps.keys()) byName.set(k.replace(/^.*\//, '').replace(/\.ko(\..*)?$/, ''), k);
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (rel: string): void => {
    if (seen.has(rel)) return;
    seen.add(rel);
    for (const d of deps.get(rel) ?? []) visit(d);
    order.push(rel);
  };
  for (const name of names) {
    const rel = byName.get(name);
    if (!rel) throw new Error(`UML module ${name} not found in ${modDir}/modules.dep`);
    visit(rel);
  }
  return order.map((rel) => join(modDir, rel));
}

/**
 * UML backs guest RAM with a file in $TMPDIR, or /dev/shm when TMPDIR is unset: keep it on tmpfs
 * (a disk-backed file makes every guest page fault slower).
 */
function umlEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.TMPDIR;
  return env;
}

const shq = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

function initScript(runDir: string, busybox: string, modules: string[], thresholds: boolean): string {
  const B = shq(busybox);
  return `#!/bin/sh
# PID 1 of the UML guest: results go to ${runDir} (hostfs, read-write); then power off.
B=${B}
THRESHOLDS=${thresholds ? 1 : 0}
$B mount -t proc proc /proc
$B mount -t sysfs sys /sys
$B mount -t hostfs none ${shq(runDir)} -o ${shq(runDir)} || { echo 'UML-HARNESS: cannot mount run dir'; $B poweroff -f; }
export PATH=/usr/sbin:/usr/bin:/sbin:/bin TMPDIR=${shq(runDir)} LC_ALL=C
cd ${shq(runDir)}
# Without an IPv4 address (lo up) the kernel refuses IPv4 real servers.
$B ip link set lo up
for m in ${modules.map(shq).join(' ')}; do
  $B insmod "$m" || echo "insmod $m failed" >> boot.err
done
cat /proc/uptime > t.ready
n=0
while [ -e "cases/$n.rules" ]; do
  # ipvsadm-restore clears the table itself (ipvsadm -C) before restoring.
  ipvsadm-restore < "cases/$n.rules" > "out/$n.stdout" 2> "out/$n.stderr"
  echo $? > "out/$n.rc"
  k=0
  while [ -e "cases/$n.more.$k" ]; do
    ipvsadm -R < "cases/$n.more.$k" >> "out/$n.stdout" 2>> "out/$n.stderr"
    echo $? > "out/$n.rc"
    k=$((k+1))
  done
  ipvsadm -Sn > "out/$n.save" 2>> "out/$n.stderr.post"
  if [ "$THRESHOLDS" = 1 ] || [ -e "cases/$n.thr" ]; then ipvsadm -Ln --thresholds > "out/$n.thr" 2>> "out/$n.stderr.post"; else : > "out/$n.thr"; fi
  n=$((n+1))
done
cat /proc/uptime > t.done
$B sync
$B poweroff -f
`;
}

/**
 * Boots one UML kernel and runs every case in it (each starting from an empty table).
 * Throws when UML cannot boot, times out, or a case produced no result.
 */
export async function runIpvsCases(cases: IpvsCase[], opts: RunIpvsOptions = {}): Promise<Map<string, IpvsCaseResult>> {
  const ids = new Set<string>();
  for (const c of cases) {
    if (ids.has(c.id)) throw new Error(`duplicate case id ${c.id}`);
    ids.add(c.id);
  }
  const runDir = realpathSync(mkdtempSync(join(tmpdir(), 'lvs-uml-')));
  chmodSync(runDir, 0o755);
  mkdirSync(join(runDir, 'cases'));
  mkdirSync(join(runDir, 'out'));
  mkdirSync(join(runDir, 'uml'));
  cases.forEach((c, i) => {
    writeFileSync(join(runDir, 'cases', `${i}.rules`), c.rules);
    if (c.thresholds) writeFileSync(join(runDir, 'cases', `${i}.thr`), '');
    (c.more ?? []).forEach((text, k) => writeFileSync(join(runDir, 'cases', `${i}.more.${k}`), text));
  });
  const modules = ipvsModuleLoadOrder(umlModulesDir());
  const init = join(runDir, 'init.sh');
  writeFileSync(init, initScript(runDir, commandPath('busybox'), modules, opts.thresholds ?? true), { mode: 0o755 });

  const umid = `lvs-${process.pid}-${runDir.slice(-6)}`;
  const args = [
    `umid=${umid}`,
    `uml_dir=${join(runDir, 'uml')}`,
    `mem=${opts.mem ?? '256M'}`,
    'root=/dev/root',
    'rootfstype=hostfs',
    'rootflags=/',
    'ro',
    `init=${init}`,
    'con=null',
    'con0=null,fd:1',
    'quiet',
  ];
  const timeoutMs = opts.timeoutMs ?? 30_000 + cases.length * 1_000;
  const consolePath = join(runDir, 'console.log');
  const consoleFd = openSync(consolePath, 'w');
  const started = Date.now();
  let timedOut = false;
  const exit = await new Promise<{ code: number | null; signal: string | null }>((resolve, reject) => {
    // detached: its own process group, so the kernel and its helper processes can be killed together.
    const child = spawn(UML_BINARY, args, { stdio: ['ignore', consoleFd, consoleFd], detached: true, env: umlEnv() });
    if (child.pid) opts.onSpawn?.({ pid: child.pid, umid, runDir });
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      // After a crash (not a clean poweroff) helper processes may be left in the group.
      if (code !== 0) {
        try {
          if (child.pid) process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* group empty */
        }
      }
      resolve({ code, signal });
    });
  });
  closeSync(consoleFd);
  const totalMs = Date.now() - started;

  const fail = (why: string): never => {
    const log = existsSync(consolePath) ? readFileSync(consolePath, 'utf8').split('\n').slice(-40).join('\n') : '';
    throw new Error(`UML run failed (${why}); run dir ${runDir}\n--- console tail ---\n${log}`);
  };
  if (timedOut) fail(`timed out after ${timeoutMs} ms`);
  const bootErr = join(runDir, 'boot.err');
  if (existsSync(bootErr)) fail(`module load: ${readFileSync(bootErr, 'utf8').trim()}`);
  if (!existsSync(join(runDir, 't.done'))) fail(`guest did not finish (exit ${exit.code ?? exit.signal})`);
  // Guest uptime (10 ms resolution) at "modules loaded" and at "all cases done".
  const uptime = (f: string): number => Math.round(Number(readFileSync(join(runDir, f), 'utf8').split(' ')[0]) * 1000);
  const bootMs = uptime('t.ready');
  const casesMs = uptime('t.done') - bootMs;
  opts.onTimings?.({ bootMs, casesMs, perCaseMs: cases.length ? casesMs / cases.length : 0, totalMs });

  const results = new Map<string, IpvsCaseResult>();
  const read = (f: string): string => readFileSync(join(runDir, 'out', f), 'utf8');
  cases.forEach((c, i) => {
    if (!existsSync(join(runDir, 'out', `${i}.thr`))) fail(`no result for case ${c.id}`);
    const post = existsSync(join(runDir, 'out', `${i}.stderr.post`)) ? read(`${i}.stderr.post`) : '';
    if (post) fail(`ipvsadm -Sn/-Ln failed after case ${c.id}: ${post}`);
    results.set(c.id, {
      save: read(`${i}.save`),
      stderr: read(`${i}.stderr`),
      stdout: read(`${i}.stdout`),
      exitCode: Number(read(`${i}.rc`).trim()),
      thresholds: read(`${i}.thr`),
    });
  });
  if (!opts.keepDir) rmSync(runDir, { recursive: true, force: true });
  return results;
}

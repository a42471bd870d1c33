// A lab of real hosts for end-to-end tests: each host is a network namespace wired to one or two
// LAN bridges (in a "switch" namespace), running a real OpenSSH sshd in private mount and UTS
// namespaces (copy-on-write /etc, /var/lib, /var/log, /root; private /run), and on real servers a
// tiny web server that answers with the host name. The test process reaches every sshd through
// 127.0.0.1 forwards that enter the lab from a management namespace on the LANs, so a downed link
// really cuts SSH. Every name starts with the run id; destroy() removes exactly what was made.
// A host of kind 'uml' is a user-mode-linux guest with real IPVS instead (see uml-host.ts).
import { execFile, spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, closeSync, copyFileSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cidrContains, networkAddress, offsetIp, parseCidr, type ParsedCidr } from '../../src-core/util/ip';
import { shellCommand } from './shell-quote';
import { GUEST_SHARE, randomMac, umlArgv, umlIds, umlInitScript } from './uml-host';

export type LabRole = 'client' | 'router' | 'director' | 'real-server';

export interface LabHostSpec {
  name: string;
  role: LabRole;
  /** CIDRs, e.g. "10.0.0.2/24"; each lands on the LAN whose network contains it. */
  addresses: string[];
  gateway?: string;
  /** A throwaway root password (set in the host's private /etc/shadow); enables password login. */
  password?: string;
  /** A non-root user (in the private /etc) who logs in with the lab key and may run anything
   *  through sudo after giving its password (netns hosts only). */
  sudoUser?: { name: string; password: string };
  /** 'netns' (default): a network namespace. 'uml': a user-mode-linux guest with the kernel's IPVS
   *  (not for real servers); reached, like the others, only by SSH (lab.exec goes over SSH). */
  kind?: 'netns' | 'uml';
  /** UML guest memory (default 256M). */
  umlMem?: string;
  /** UML: insmod ip_vs, every scheduler and ip_vs_pe_sip at boot (default true); modprobe works either way. */
  umlPreloadIpvs?: boolean;
}

export interface LabSpec {
  hosts: LabHostSpec[];
  /** LANs as lists of network CIDRs (at most two LANs); by default each distinct network is a LAN. */
  lans?: string[][];
  /** Name prefix of every namespace, link and temp dir (default "lvl"); the run id follows it. */
  prefix?: string;
}

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface SshTarget {
  host: string;
  port: number;
  user: string;
  privateKeyPath: string;
  knownHostsPath: string;
  hostKeyFingerprint: string;
  /** The host's first address inside the lab. */
  labAddress: string;
  /** Set when the host spec gave a password (root may then log in with it). */
  password?: string;
}

export interface Lab {
  readonly runId: string;
  readonly dir: string;
  /** Namespace name of a lab host (a UML host has none: this throws). */
  namespace(host: string): string;
  /** Runs argv (no shell) in the host's network, mount and UTS namespaces (those of its sshd, so
   *  it sees the same private /etc as an SSH session). On a UML host: over SSH, argv quoted. */
  exec(host: string, argv: string[], opts?: { input?: string }): Promise<ExecResult>;
  /** The real ssh client, key auth (or `password` auth via SSH_ASKPASS), strict host-key checking. */
  ssh(host: string, argv: string[], opts?: { knownHostsPath?: string; input?: string; password?: string; user?: string }): Promise<ExecResult>;
  sshTarget(host: string): SshTarget;
  /** The host's sshd log (sshd -E, LogLevel VERBOSE). */
  sshdLog(host: string): string;
  http(fromHost: string, url: string): Promise<string>;
  stopWeb(host: string): Promise<void>;
  startWeb(host: string): Promise<void>;
  setLink(host: string, up: boolean): Promise<void>;
  /** A UML host's boot: guest uptime when sshd started and host wall time from spawn to SSH ready. */
  umlBoot(host: string): { guestMs: number; wallMs: number; pid: number };
  destroy(): Promise<void>;
}

// The lab's helper scripts; a bundled benchmark (out/bench) finds them in the repository's test/lab.
const here = existsSync(join(__dirname, 'host-init.sh')) ? resolve(__dirname) : resolve('test/lab');
const TMP = '/tmp';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function run(cmd: string, args: string[], input?: string, env?: Record<string, string>): Promise<ExecResult> {
  return new Promise((resolveRun, reject) => {
    const options = { encoding: 'utf8' as const, maxBuffer: 64 << 20, env: { ...process.env, ...env } };
    const child = execFile(cmd, args, options, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      if (err && typeof err.code === 'string') reject(err);
      else resolveRun({ code, stdout, stderr });
    });
    child.stdin?.on('error', () => undefined); // a command that exits without reading its input
    child.stdin?.end(input ?? '');
  });
}

async function must(cmd: string, args: string[]): Promise<string> {
  const r = await run(cmd, args);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.code}): ${r.stderr.trim()}`);
  return r.stdout;
}

async function waitFor(what: string, ok: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

function parse(cidr: string): ParsedCidr {
  const p = parseCidr(cidr);
  if (!p) throw new Error(`lab: bad CIDR ${cidr}`);
  return p;
}

function netCidr(p: ParsedCidr): string {
  return `${networkAddress(p)}/${p.prefix}`;
}

/** A free address near the top of the network for the management namespace. */
function mgmtAddress(net: ParsedCidr, used: Set<string>): string {
  const size = net.family === 'ipv4' ? 2 ** (32 - net.prefix) : 2 ** Math.min(16, 128 - net.prefix);
  for (let off = size - 2; off > 0; off--) {
    const a = offsetIp(networkAddress(net), off);
    if (a && !used.has(a)) return `${a}/${net.prefix}`;
  }
  throw new Error(`lab: no free management address in ${netCidr(net)}`);
}

// --- cleanup on exit: every live lab is torn down synchronously when the process ends ---
const live = new Set<{ destroySync(): void }>();
let hooked = false;
function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', () => {
    for (const l of [...live]) l.destroySync();
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      for (const l of [...live]) l.destroySync();
      process.kill(process.pid, sig);
    });
  }
}

function killPidsOf(ns: string): void {
  const r = spawnSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' });
  for (const p of (r.stdout ?? '').split(/\s+/).filter(Boolean)) {
    try {
      process.kill(Number(p), 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
}

/** Kills processes whose command line contains the text (a stale lab's directory). */
function killProcessesMentioning(text: string): void {
  for (const p of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      if (readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(text)) process.kill(Number(p), 'SIGKILL');
    } catch {
      /* gone, or not ours to read */
    }
  }
}

function deleteNamespaces(names: string[]): void {
  for (const ns of names) killPidsOf(ns);
  for (const ns of names) {
    for (let i = 0; i < 50; i++) {
      const left = spawnSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' }).stdout?.trim();
      if (!left) break;
      killPidsOf(ns);
      spawnSync('sleep', ['0.02']);
    }
    spawnSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Alive and not a zombie (our own children stay zombies until the event loop reaps them). */
function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/s.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Removes namespaces and temp dirs of labs (with this prefix) whose owning process is dead. */
export function cleanupStaleLabs(prefix = 'lvl'): string[] {
  const removed: string[] = [];
  const ownerAlive = (runId: string) => {
    const f = join(TMP, `${runId}.lab`, 'owner.pid');
    return existsSync(f) && alive(Number(readFileSync(f, 'utf8')));
  };
  const list = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout ?? '';
  const stale = list
    .split('\n')
    .map((l) => l.split(' ')[0] ?? '')
    .filter((n) => n.startsWith(prefix) && n.includes('-') && !ownerAlive(n.slice(0, n.indexOf('-'))));
  deleteNamespaces(stale);
  removed.push(...stale);
  for (const d of readdirSync(TMP)) {
    if (d.startsWith(prefix) && d.endsWith('.lab') && !ownerAlive(d.slice(0, -'.lab'.length))) {
      killProcessesMentioning(join(TMP, d) + '/'); // the forwarder outside the lab's namespaces
      rmSync(join(TMP, d), { recursive: true, force: true });
      removed.push(join(TMP, d));
    }
  }
  return removed;
}

interface HostState {
  spec: LabHostSpec;
  index: number;
  ns: string;
  dir: string;
  /** LAN index -> switch-side port name (a tap for a UML host). */
  ports: Map<number, string>;
  sshdPid: number;
  webPid?: number;
  fingerprint: string;
  labAddress: string;
  sshdLogPath: string;
  uml?: { shareDir: string; pid: number; guestMs: number; wallMs: number; reaped?: boolean };
}

const isUml = (h: LabHostSpec): boolean => h.kind === 'uml';

export async function createLab(spec: LabSpec): Promise<Lab> {
  const prefix = spec.prefix ?? 'lvl';
  const runId = `${prefix}${Math.random().toString(36).slice(2, 7)}`;
  if (runId.length > 9) throw new Error('lab: prefix too long for 15-character interface names');
  const names = new Set(spec.hosts.map((h) => h.name));
  if (names.size !== spec.hosts.length) throw new Error('lab: duplicate host names');
  if (spec.hosts.length > 99) throw new Error('lab: at most 99 hosts');
  for (const h of spec.hosts.filter(isUml)) {
    if (h.role === 'real-server') throw new Error(`lab: ${h.name}: a UML host cannot be a real server (no lab web server in it)`);
    if (!/^[a-z][a-z0-9-]*$/.test(h.name)) throw new Error(`lab: UML host name ${h.name} must match [a-z][a-z0-9-]*`);
  }

  // LANs: lists of networks; every address must fall into exactly one.
  const lanNets: ParsedCidr[][] = (spec.lans ?? []).map((l) => l.map(parse));
  if (!spec.lans) {
    for (const a of spec.hosts.flatMap((h) => h.addresses)) {
      const p = parse(a);
      if (!lanNets.some((l) => l.some((n) => n.family === p.family && cidrContains(n, p.address)))) lanNets.push([p]);
    }
  }
  if (lanNets.length < 1 || lanNets.length > 2) throw new Error(`lab: one or two LANs, got ${lanNets.length}`);
  const lanOf = (addr: string): number => {
    const p = parse(addr);
    const i = lanNets.findIndex((l) => l.some((n) => n.family === p.family && cidrContains(n, p.address)));
    if (i < 0) throw new Error(`lab: ${addr} is on none of the LANs`);
    return i;
  };
  const used = new Set(spec.hosts.flatMap((h) => h.addresses.map((a) => parse(a).address)));

  const dir = join(TMP, `${runId}.lab`);
  mkdirSync(dir, { mode: 0o700 });
  // A UML guest (as nobody) must reach its init script and share dir; nothing here is listable.
  if (spec.hosts.some(isUml)) chmodSync(dir, 0o711);
  writeFileSync(join(dir, 'owner.pid'), String(process.pid));
  const swNs = `${runId}-switch`;
  const mgNs = `${runId}-mgmt`;
  const namespaces: string[] = [];
  const groups: number[] = []; // process groups we spawned (each child is its group's leader)
  const hosts = new Map<string, HostState>();
  let destroyed = false;

  // A reaped pid may be reused by a stranger: never signal it again.
  const umlPids = (): number[] => [...hosts.values()].flatMap((h) => (h.uml?.pid && !h.uml.reaped ? [h.uml.pid] : []));
  /** UML stops cleanly on TERM to its main process (not to its helper processes). */
  const termUml = (): number[] => {
    const pids = umlPids().filter(running);
    for (const p of pids) process.kill(p, 'SIGTERM');
    return pids;
  };
  const destroySync = (): void => {
    if (destroyed) return;
    destroyed = true;
    live.delete(handle);
    const uml = termUml();
    for (let i = 0; i < 250 && uml.some(running); i++) spawnSync('sleep', ['0.02']);
    for (const g of groups) {
      try {
        process.kill(-g, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    deleteNamespaces([...namespaces].reverse());
    rmSync(dir, { recursive: true, force: true });
  };
  const handle = { destroySync };
  hookExit();
  live.add(handle);

  const spawnGroup = (argv: string[], log: string, env?: Record<string, string>, unset: string[] = []): number => {
    const [cmd, ...args] = argv as [string, ...string[]];
    const fd = openSync(log, 'a');
    const fullEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
    for (const k of unset) delete fullEnv[k];
    const child = spawn(cmd, args, { detached: true, stdio: ['ignore', fd, fd], env: fullEnv });
    closeSync(fd);
    if (!child.pid) throw new Error(`lab: could not start ${cmd}`);
    child.unref();
    groups.push(child.pid);
    return child.pid;
  };
  const addNs = async (ns: string) => {
    await must('ip', ['netns', 'add', ns]);
    namespaces.push(ns);
    await must('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
  };
  const sysctl = (ns: string, kv: string) => must('ip', ['netns', 'exec', ns, 'sysctl', '-qw', kv]);

  try {
    // Keys: one client key pair for the whole lab.
    const keyPath = join(dir, 'id_ed25519');
    await must('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `${runId}-client`, '-f', keyPath]);
    writeFileSync(join(dir, 'authorized_keys'), readFileSync(`${keyPath}.pub`));

    // The switch: a bridge per LAN.
    await addNs(swNs);
    for (let l = 0; l < lanNets.length; l++) {
      const br = `${runId}br${l}`;
      await must('ip', ['-n', swNs, 'link', 'add', br, 'type', 'bridge']);
      await must('ip', ['-n', swNs, 'link', 'set', br, 'up']);
    }
    const plug = async (ns: string, port: string, lan: number, dev: string) => {
      await must('ip', ['-n', swNs, 'link', 'add', port, 'type', 'veth', 'peer', 'name', dev, 'netns', ns]);
      await must('ip', ['-n', swNs, 'link', 'set', port, 'master', `${runId}br${lan}`, 'up']);
    };
    const address = async (ns: string, cidr: string, dev: string) =>
      must('ip', ['-n', ns, 'addr', 'add', cidr, 'dev', dev, ...(parse(cidr).family === 'ipv6' ? ['nodad'] : [])]);

    // Hosts: namespace, links, addresses, routes, sysctls.
    const forwarding = (h: LabHostSpec, lans: number[]): string[] => [
      ...(h.role === 'router' || h.role === 'director' ? ['net.ipv4.ip_forward=1'] : []),
      ...(h.role === 'director' ? ['all', 'default', ...lans.map((l) => `eth${l}`)].map((d) => `net.ipv4.conf.${d}.send_redirects=0`) : []),
    ];
    const ids = spec.hosts.some(isUml) ? umlIds() : undefined;
    await Promise.all(
      spec.hosts.map(async (h, index) => {
        const uml = isUml(h);
        const ns = uml ? '' : `${runId}-${h.name}`;
        if (!uml) await addNs(ns);
        const hdir = join(dir, h.name);
        mkdirSync(hdir);
        const shareDir = join(hdir, 'share');
        const state: HostState = {
          spec: h, index, ns, dir: hdir, ports: new Map(), sshdPid: 0, fingerprint: '', labAddress: '',
          sshdLogPath: join(uml ? shareDir : hdir, 'sshd.log'),
        };
        hosts.set(h.name, state);
        const lans = [...new Set(h.addresses.map(lanOf))].sort();
        if (uml) {
          // Taps owned by nobody in the switch namespace, one per LAN (vecN in the guest).
          mkdirSync(shareDir, { mode: 0o700 });
          mkdirSync(join(shareDir, 'uml'));
          for (const l of lans) {
            const tap = `${runId}t${index}l${l}`;
            await must('ip', ['-n', swNs, 'tuntap', 'add', 'dev', tap, 'mode', 'tap', 'user', String(ids!.uid)]);
            state.ports.set(l, tap);
            await must('ip', ['-n', swNs, 'link', 'set', tap, 'master', `${runId}br${l}`, 'up']);
          }
          writeFileSync(
            join(hdir, 'init.sh'),
            umlInitScript({
              hostname: h.name,
              shareDir,
              interfaces: lans.map((l) => ({ name: `eth${l}`, addresses: h.addresses.filter((a) => lanOf(a) === l) })),
              ...(h.gateway ? { gateway: h.gateway } : {}),
              sysctls: forwarding(h, lans),
              preloadIpvs: h.umlPreloadIpvs ?? true,
            }),
            { mode: 0o755 },
          );
          return;
        }
        for (const l of lans) {
          const port = `${runId}p${index}l${l}`;
          state.ports.set(l, port);
          await plug(ns, port, l, `eth${l}`);
        }
        for (const a of h.addresses) await address(ns, a, `eth${lanOf(a)}`);
        for (const l of lans) await must('ip', ['-n', ns, 'link', 'set', `eth${l}`, 'up']);
        if (h.gateway) await must('ip', ['-n', ns, 'route', 'add', 'default', 'via', h.gateway]);
        for (const kv of forwarding(h, lans)) await sysctl(ns, kv);
      }),
    );

    // The management namespace: a port on every LAN, for the SSH forwards.
    await addNs(mgNs);
    for (let l = 0; l < lanNets.length; l++) {
      await plug(mgNs, `${runId}m${l}`, l, `eth${l}`);
      for (const net of lanNets[l]!) await address(mgNs, mgmtAddress(net, used), `eth${l}`);
      await must('ip', ['-n', mgNs, 'link', 'set', `eth${l}`, 'up']);
    }

    const bootUml = async (s: HostState, sshdConfig: string[], hostKey: string): Promise<void> => {
      const share = join(s.dir, 'share');
      writeFileSync(join(share, 'sshd_config'), sshdConfig.join('\n') + '\n');
      copyFileSync(hostKey, join(share, 'ssh_host_ed25519_key'));
      copyFileSync(join(dir, 'authorized_keys'), join(share, 'authorized_keys'));
      if (s.spec.password !== undefined) writeFileSync(join(share, 'root-password'), s.spec.password, { mode: 0o600 });
      for (const f of readdirSync(share)) chownSync(join(share, f), ids!.uid, ids!.gid);
      chownSync(share, ids!.uid, ids!.gid);
      const taps = [...s.ports.entries()].sort(([a], [b]) => a - b).map(([, ifname]) => ({ ifname, mac: randomMac() }));
      const t0 = Date.now();
      // UML backs guest RAM with a file in $TMPDIR, or /dev/shm (tmpfs) when TMPDIR is unset.
      const pid = spawnGroup(
        umlArgv({ switchNs: swNs, umid: `${runId}-${s.spec.name}`, umlDir: join(share, 'uml'), init: join(s.dir, 'init.sh'), mem: s.spec.umlMem ?? '256M', taps }),
        join(s.dir, 'console.log'),
        undefined,
        ['TMPDIR'],
      );
      s.uml = { shareDir: share, pid, guestMs: 0, wallMs: 0 };
      const pidFile = join(share, 'sshd.pid');
      const pidNow = () => (existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').trim()) || 0 : 0);
      await waitFor(`UML ${s.spec.name} to start sshd (console: ${join(s.dir, 'console.log')})`, () => pidNow() > 0 || !running(pid), 60_000);
      if (!pidNow()) throw new Error(`lab: UML ${s.spec.name} did not start sshd:\n${readLog(join(s.dir, 'console.log')).split('\n').slice(-30).join('\n')}`);
      s.uml.wallMs = Date.now() - t0;
      s.uml.guestMs = Math.round(Number(readLog(join(share, 'sshd-start.uptime')).split(' ')[0]) * 1000);
    };

    // sshd per host, in its own mount + UTS namespaces (or its UML guest).
    await Promise.all(
      [...hosts.values()].map(async (s) => {
        const hostKey = join(s.dir, 'ssh_host_ed25519_key');
        await must('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `${runId}-${s.spec.name}`, '-f', hostKey]);
        s.fingerprint = (await must('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${hostKey}.pub`])).split(' ')[1] ?? '';
        const addrs = s.spec.addresses.map((a) => parse(a));
        s.labAddress = (addrs.find((a) => a.family === 'ipv4') ?? addrs[0]!).address;
        const pw = s.spec.password !== undefined;
        const uml = isUml(s.spec);
        // A UML guest reads its copies under /etc/ssh/lab and writes to its share dir (GUEST_SHARE).
        const config = [
          'Port 22',
          ...addrs.map((a) => `ListenAddress ${a.family === 'ipv6' ? `[${a.address}]` : a.address}`),
          `HostKey ${uml ? '/etc/ssh/lab/ssh_host_ed25519_key' : hostKey}`,
          `PidFile ${uml ? `${GUEST_SHARE}/sshd.pid` : join(s.dir, 'sshd.pid')}`,
          // The sudo user cannot read the lab dir (0700): host-init copies the keys into the private /etc.
          `AuthorizedKeysFile ${uml ? '/etc/ssh/lab/authorized_keys' : join(dir, 'authorized_keys')}${s.spec.sudoUser ? ' /etc/ssh/lab_authorized_keys' : ''}`,
          `PermitRootLogin ${pw ? 'yes' : 'prohibit-password'}`,
          `PasswordAuthentication ${pw ? 'yes' : 'no'}`,
          'KbdInteractiveAuthentication no',
          'UsePAM no',
          // The lab dir lives under the world-writable /tmp, which StrictModes would refuse.
          'StrictModes no',
          'LogLevel VERBOSE',
          'Subsystem sftp internal-sftp',
          ...(uml ? ['MaxSessions 100'] : []), // lab.exec's sessions share one connection
        ];
        if (uml) {
          await bootUml(s, config, hostKey);
          return;
        }
        writeFileSync(join(s.dir, 'sshd_config'), config.join('\n') + '\n');
        const pidFile = join(s.dir, 'sshd.pid');
        const first = spawnGroup(
          ['ip', 'netns', 'exec', s.ns, 'unshare', '--mount', '--uts', '--propagation', 'private', join(here, 'host-init.sh'), s.spec.name, s.dir],
          join(s.dir, 'init.log'),
          {
            ...(pw ? { LAB_ROOT_PASSWORD: s.spec.password! } : {}),
            ...(s.spec.sudoUser ? { LAB_SUDO_USER: s.spec.sudoUser.name, LAB_SUDO_PASSWORD: s.spec.sudoUser.password, LAB_AUTHORIZED_KEYS: join(dir, 'authorized_keys') } : {}),
          },
        );
        // sshd creates the pid file before it writes the number into it.
        const pidNow = () => (existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').trim()) || 0 : 0);
        await waitFor(`sshd of ${s.spec.name} (log: ${join(s.dir, 'sshd.log')})`, () => pidNow() > 0 || !alive(first));
        if (!pidNow()) throw new Error(`lab: sshd of ${s.spec.name} did not start: ${readLog(join(s.dir, 'sshd.log'))}${readLog(join(s.dir, 'init.log'))}`);
        s.sshdPid = pidNow();
      }),
    );

    // SSH forwards: 127.0.0.1:port -> unix socket -> management namespace -> host:22.
    const fwd = join(here, 'forward.mjs');
    const innerReady = join(dir, 'forward-inner.json');
    const outerReady = join(dir, 'forward-outer.json');
    const sock = (s: HostState) => join(dir, `${s.spec.name}.ssh.sock`);
    const all = [...hosts.values()];
    spawnGroup(['ip', 'netns', 'exec', mgNs, process.execPath, fwd, 'inner', innerReady, ...all.map((s) => `${sock(s)}=${s.labAddress}:22`)], join(dir, 'forward.log'));
    await waitFor('inner SSH forward', () => existsSync(innerReady));
    spawnGroup([process.execPath, fwd, 'outer', outerReady, ...all.map((s) => `${s.spec.name}=${sock(s)}`)], join(dir, 'forward.log'));
    await waitFor('outer SSH forward', () => existsSync(outerReady));
    const ports = JSON.parse(readFileSync(outerReady, 'utf8')) as Record<string, number>;

    const knownHosts = all.map((s) => {
      const key = readFileSync(join(s.dir, 'ssh_host_ed25519_key.pub'), 'utf8').split(' ').slice(0, 2).join(' ');
      const names = [`[127.0.0.1]:${ports[s.spec.name]}`, ...s.spec.addresses.map((a) => parse(a).address)];
      return `${names.join(',')} ${key}\n`;
    });
    writeFileSync(join(dir, 'known_hosts'), knownHosts.join(''));

    const host = (name: string): HostState => {
      const s = hosts.get(name);
      if (!s) throw new Error(`lab: no host ${name}`);
      return s;
    };
    const nsenter = (s: HostState) => ['nsenter', '-t', String(s.sshdPid), '--net', '--mount', '--uts', '--'];

    const startWeb = async (name: string): Promise<void> => {
      const s = host(name);
      if (s.webPid && alive(s.webPid)) return;
      const ready = join(s.dir, 'web.ready');
      rmSync(ready, { force: true });
      const log = join(s.dir, 'web.log');
      const pid = spawnGroup([...nsenter(s), process.execPath, join(here, 'web-server.mjs'), s.spec.name, ready, '80'], log);
      await waitFor(`web server of ${name}`, () => existsSync(ready) || !alive(pid), 10_000);
      if (!existsSync(ready)) throw new Error(`lab: web server of ${name} did not start: ${readLog(log)}`);
      s.webPid = pid;
    };

    const sshArgs = (name: string, opts?: { knownHostsPath?: string; password?: string; user?: string }): string[] => {
      const t = lab.sshTarget(name);
      const auth = opts?.password === undefined
        ? ['-i', t.privateKeyPath, '-o', 'IdentitiesOnly=yes', '-o', 'BatchMode=yes']
        : ['-o', 'PubkeyAuthentication=no', '-o', 'PreferredAuthentications=password', '-o', 'NumberOfPasswordPrompts=1'];
      return [
        '-F', '/dev/null',
        '-p', String(t.port),
        ...auth,
        '-o', 'StrictHostKeyChecking=yes',
        '-o', `UserKnownHostsFile=${opts?.knownHostsPath ?? t.knownHostsPath}`,
        '-o', 'GlobalKnownHostsFile=/dev/null',
        '-o', 'ConnectTimeout=5',
        '-o', 'ServerAliveInterval=2',
        '-o', 'ServerAliveCountMax=2',
        `${opts?.user ?? t.user}@${t.host}`,
      ];
    };
    // lab.exec on a UML host shares one SSH connection (a master we started and kill with the
    // lab): a new connection costs about a second under UML, a session on it a tenth of that.
    const controlPath = (s: HostState) => join(dir, `${s.spec.name}.ssh-control`);
    const umlExec = (name: string, argv: string[], input?: string): Promise<ExecResult> => {
      const mux = ['-o', `ControlPath=${controlPath(host(name))}`, '-o', 'ControlMaster=no'];
      return run('ssh', [...mux, ...sshArgs(name), '--', shellCommand(argv)], input);
    };

    const lab: Lab = {
      runId,
      dir,
      namespace: (name) => {
        const s = host(name);
        if (s.uml) throw new Error(`lab: ${name} is a UML guest; it has no namespace here (use exec or ssh)`);
        return s.ns;
      },
      exec: (name, argv, opts) =>
        host(name).uml
          ? umlExec(name, argv, opts?.input)
          : run(nsenter(host(name))[0]!, [...nsenter(host(name)).slice(1), ...argv], opts?.input),
      ssh: (name, argv, opts) => {
        const pw = opts?.password;
        const askpass = pw === undefined ? undefined : { SSH_ASKPASS: join(here, 'askpass.sh'), SSH_ASKPASS_REQUIRE: 'force', LAB_SSH_PASSWORD: pw };
        return run('ssh', [...sshArgs(name, opts), '--', shellCommand(argv)], opts?.input, askpass);
      },
      sshTarget: (name) => {
        const s = host(name);
        return {
          host: '127.0.0.1',
          port: ports[name]!,
          user: 'root',
          privateKeyPath: keyPath,
          knownHostsPath: join(dir, 'known_hosts'),
          hostKeyFingerprint: s.fingerprint,
          labAddress: s.labAddress,
          ...(s.spec.password !== undefined ? { password: s.spec.password } : {}),
        };
      },
      sshdLog: (name) => readLog(host(name).sshdLogPath),
      http: async (from, url) => {
        const r = await lab.exec(from, ['curl', '-sS', '-f', '--max-time', '3', '--noproxy', '*', url]);
        if (r.code !== 0) throw new Error(`lab: curl ${url} from ${from} failed (exit ${r.code}): ${r.stderr.trim()}`);
        return r.stdout;
      },
      startWeb,
      stopWeb: async (name) => {
        const s = host(name);
        if (!s.webPid) return;
        const pid = s.webPid;
        s.webPid = undefined;
        groups.splice(groups.indexOf(pid), 1);
        try {
          process.kill(-pid, 'SIGTERM');
        } catch {
          /* gone */
        }
        await waitFor(`web server of ${name} to stop`, () => !alive(pid), 5_000);
      },
      setLink: async (name, up) => {
        const s = host(name);
        for (const [l, port] of s.ports) {
          // UML's vector driver does not recover from its tap going down: unplug it from the bridge.
          if (s.uml) await must('ip', ['-n', swNs, 'link', 'set', port, ...(up ? ['master', `${runId}br${l}`] : ['nomaster'])]);
          else await must('ip', ['-n', swNs, 'link', 'set', port, up ? 'up' : 'down']);
        }
      },
      umlBoot: (name) => {
        const u = host(name).uml;
        if (!u) throw new Error(`lab: ${name} is not a UML host`);
        return { guestMs: u.guestMs, wallMs: u.wallMs, pid: u.pid };
      },
      destroy: async () => {
        // Let the event loop reap the UML processes as they stop; destroySync does the rest.
        const pids = destroyed ? [] : termUml();
        const end = Date.now() + 5_000;
        while (pids.some(alive) && Date.now() < end) await sleep(20); // stopped and reaped
        for (const h of hosts.values()) if (h.uml && !alive(h.uml.pid)) h.uml.reaped = true;
        destroySync();
      },
    };

    for (const s of hosts.values()) if (s.spec.role === 'real-server') await startWeb(s.spec.name);
    for (const s of hosts.values()) {
      if (!s.uml) continue;
      const master = spawnGroup(['ssh', '-M', '-N', '-o', `ControlPath=${controlPath(s)}`, '-o', 'ControlPersist=no', ...sshArgs(s.spec.name)], join(s.dir, 'ssh-master.log'));
      await waitFor(`SSH master connection to ${s.spec.name}`, () => existsSync(controlPath(s)) || !alive(master), 30_000);
      if (!existsSync(controlPath(s))) throw new Error(`lab: SSH master to ${s.spec.name} failed: ${readLog(join(s.dir, 'ssh-master.log'))}`);
    }
    return lab;
  } catch (e) {
    destroySync();
    throw e;
  }
}

function readLog(path: string): string {
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}

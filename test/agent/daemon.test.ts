// The daemon on this host (no IPVS here: no plane): real checks against a real HTTP server,
// health.json and events.jsonl, reload when desired.json changes, the pid file; `daemon --ensure`
// starting a detached daemon (own session) once; the systemd unit text.
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { HostDesiredState } from '../../src-core/compile/desired-state';
import { readHealthState, renderAgentUnit, runDaemon, runningDaemon, takePidFile, EVENTS_FILE } from '../../src-agent/daemon';
import { runCommand } from '../../src-agent/runner';
import { writeJson } from '../../src-agent/state';
import { hasCommand } from '../support/tools';

const root = mkdtempSync(join(tmpdir(), 'lvs-daemon-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const until = async (cond: () => boolean, ms = 15_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 20));
  }
};

function desiredFor(port: number, sorry = false): HostDesiredState {
  const dest = { address: '127.0.0.1', family: 'ipv4' as const, port, forward: 'masq' as const, weight: 1, upperThreshold: 0, lowerThreshold: 0 };
  return {
    hostId: 'd', hostName: 'd', role: 'director', distro: 'debian', addresses: [], tunnels: [], sysctls: [], routes: [], markRules: [], modules: [],
    ipvs: { services: [{ protocol: 'tcp', family: 'ipv4', address: '10.0.0.1', port: 80, scheduler: 'rr', onePacket: false, flags: [], destinations: [dest] }] },
    health: {
      services: [{
        service: 'ipv4|tcp|10.0.0.1|80',
        destinations: [{ dest: `127.0.0.1|${port}`, check: { type: 'http', address: '127.0.0.1', port, path: '/', expectStatus: 200, interval: 0.05, timeout: 1, retries: 1, delayBeforeRetry: 0.02, onFailure: 'weight-zero' } }],
        ...(sorry ? { sorry: { ...dest, port: 9 } } : {}),
      }],
    },
  };
}

const listen = (port = 0): Promise<Server> =>
  new Promise((resolve) => {
    const s = createServer((_q, r) => r.end('ok'));
    s.listen(port, '127.0.0.1', () => resolve(s));
  });

describe('runDaemon (no data plane on this host)', () => {
  it('runs the checks, writes health.json, appends events, reloads a new desired.json, holds the pid file', async () => {
    const dirs = { stateDir: join(root, 'a-state'), logDir: join(root, 'a-log') };
    let srv = await listen();
    const port = (srv.address() as AddressInfo).port;
    execFileSync('mkdir', ['-p', dirs.stateDir]);
    writeJson(dirs.stateDir, 'desired.json', desiredFor(port));
    const ac = new AbortController();
    let passes = 0;
    const done = runDaemon({ dirs, run: runCommand, plane: null, tickMs: 50, signal: ac.signal, onPass: () => passes++ });
    try {
      await until(() => passes > 0 && readHealthState(dirs.stateDir) !== undefined);
      expect(readHealthState(dirs.stateDir)!.destinations).toEqual([expect.objectContaining({ dest: `127.0.0.1|${port}`, healthy: true })]);
      // a second daemon cannot start while this one runs
      expect(runningDaemon(dirs.stateDir)).toBe(process.pid);
      expect(takePidFile(dirs.stateDir)).toBeUndefined();

      await new Promise<void>((r) => srv.close(() => r()));
      await until(() => readHealthState(dirs.stateDir)?.destinations[0]?.healthy === false);
      const events = (): { type: string }[] => readFileSync(join(dirs.logDir, EVENTS_FILE), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      expect(events()).toEqual([expect.objectContaining({ type: 'dest-down', service: 'ipv4|tcp|10.0.0.1|80', dest: `127.0.0.1|${port}`, error: expect.stringMatching(/ECONNREFUSED/) })]);
      srv = await listen(port);
      await until(() => readHealthState(dirs.stateDir)?.destinations[0]?.healthy === true);
      expect(events().map((e) => e.type)).toEqual(['dest-down', 'dest-up']);

      // a new desired.json (another port) is picked up without a signal
      const other = await listen();
      const port2 = (other.address() as AddressInfo).port;
      writeJson(dirs.stateDir, 'desired.json', desiredFor(port2));
      await until(() => readHealthState(dirs.stateDir)?.destinations.map((d) => d.dest).join() === `127.0.0.1|${port2}`);
      await new Promise<void>((r) => other.close(() => r()));
    } finally {
      ac.abort();
      await done;
      await new Promise<void>((r) => srv.close(() => r()));
    }
    expect(existsSync(join(dirs.stateDir, 'daemon.pid'))).toBe(false);
  });
});

describe('lvs-agent daemon --ensure', () => {
  it('starts one detached daemon in its own session, and only one; TERM stops it and frees the pid file', async () => {
    const entry = join(root, 'agent.mjs');
    await build({ entryPoints: ['test/agent/daemon-entry.ts'], bundle: true, platform: 'node', format: 'esm', outfile: entry, logLevel: 'warning', banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" } });
    const dirs = { stateDir: join(root, 'e-state'), logDir: join(root, 'e-log') };
    const env = { ...process.env, LVS_AGENT_STATE_DIR: dirs.stateDir, LVS_AGENT_LOG_DIR: dirs.logDir };
    const ensure = (): { pid: number; started: boolean } => JSON.parse(execFileSync(process.execPath, [entry, 'daemon', '--ensure'], { env, encoding: 'utf8', timeout: 20_000 }));
    const first = ensure();
    try {
      expect(first.started).toBe(true);
      // setsid: the daemon leads its own session, away from the (SSH) session that started it
      const stat = readFileSync(`/proc/${first.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      expect(Number(fields[3])).toBe(first.pid); // session id
      expect(ensure()).toEqual({ pid: first.pid, started: false });
      expect(runningDaemon(dirs.stateDir)).toBe(first.pid);
      // SIGHUP reloads desired.json (here: none yet) without a restart
      const log = (): string => readFileSync(join(dirs.logDir, 'agent.log'), 'utf8');
      expect(log()).not.toMatch(/daemon reload/);
      process.kill(first.pid, 'SIGHUP');
      await until(() => /"msg":"daemon reload"/.test(log()));
      expect(runningDaemon(dirs.stateDir)).toBe(first.pid);
    } finally {
      process.kill(first.pid, 'SIGTERM');
    }
    await until(() => !existsSync(`/proc/${first.pid}`) || readFileSync(`/proc/${first.pid}/stat`, 'utf8').includes(') Z'));
    expect(existsSync(join(dirs.stateDir, 'daemon.pid'))).toBe(false);
    expect(readFileSync(join(dirs.logDir, 'agent.log'), 'utf8')).toMatch(/"msg":"daemon stop"/);
  });
});

describe('systemd unit', () => {
  it('runs `<node> <agent> daemon` with the state/log dirs, quoted against systemd expansion', () => {
    const unit = renderAgentUnit({ node: '/opt/lvs studio/node', agent: '/usr/lib/lvs-studio/lvs-agent.mjs', stateDir: '/var/lib/lvs-studio' });
    expect(unit).toContain('ExecStart="/opt/lvs studio/node" "/usr/lib/lvs-studio/lvs-agent.mjs" daemon');
    expect(unit).toContain('Environment="LVS_AGENT_STATE_DIR=/var/lib/lvs-studio" "LVS_AGENT_LOG_DIR=/var/log/lvs-studio"');
    expect(renderAgentUnit({ node: '/n/$HOME/%h', agent: '/a' })).toContain('ExecStart="/n/$$HOME/%%h" "/a" daemon');
    expect(() => renderAgentUnit({ node: '/n\nExecStartPre=/bin/rm', agent: '/a' })).toThrow();
  });

  it.skipIf(!hasCommand('systemd-analyze'))('systemd-analyze verify accepts it', () => {
    const dir = mkdtempSync(join(root, 'unit-'));
    const path = join(dir, 'lvs-studio-agent.service');
    execFileSync('sh', ['-c', 'cat > "$1"', 'sh', path], { input: renderAgentUnit({ node: process.execPath, agent: '/bin/true' }) });
    const r = execFileSync('sh', ['-c', 'systemd-analyze verify "$1" 2>&1; echo rc=$?', 'sh', path], { encoding: 'utf8' });
    expect(r).toMatch(/rc=0/);
  });
});

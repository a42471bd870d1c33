// The nftables data plane against a hand-written minimal nft rule set and HAProxy (TCP mode), in
// one sitting on the same namespaces: a client, a director (VIP on its first link, a bridge to
// the real servers on the second) and three real servers running a keep-alive HTTP server that
// answers its name. NAT rr (and DR rr against a stateless hand-written DR rule). wrk from the client, keep-alive and a new connection per request
// (`Connection: close`), rounds interleaved so drift of the machine hits every contender alike.
// Needs root, nft, conntrack, wrk, haproxy.
// Run: node scripts/build-cli.mjs && node out/bench/nft-bench.mjs [seconds per run] [rounds] [nat,dr]
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IpvsTable } from '../src-core/ipvs/types';
import type { Runner } from '../src-agent/exec';
import { createNftablesPlane, type NftablesPlane } from '../src-agent/plane/nftables';
import { diffIpvs } from '../src-core/diff/ipvs-diff';

const SECONDS = Number(process.argv[2] ?? 3);
const ROUNDS = Number(process.argv[3] ?? 9);
/** Which comparisons: nat (with HAProxy), dr (the hand-written DR rule hashes the 5-tuple, keeps no flow state). */
const SCENARIOS = (process.argv[4] ?? 'nat,dr').split(',');
const ID = `nb${process.pid % 100000}`;
const NS = { client: `${ID}-c`, director: `${ID}-d`, rs: [1, 2, 3].map((i) => `${ID}-r${i}`) };
const VIP = '10.79.0.100';
const RS_IP = ['10.79.1.21', '10.79.1.22', '10.79.1.23'];
const SERVER = `const n = process.env.NAME + '\\n'; require('http').createServer((q, s) => { q.resume(); s.writeHead(200, { 'content-type': 'text/plain', 'content-length': n.length }); s.end(n); }).listen(80, '0.0.0.0');`;

const sh = (ns: string, argv: string[], input?: string): string => execFileSync('ip', ['netns', 'exec', ns, ...argv], { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'] });
const ip = (argv: string[]) => execFileSync('ip', argv, { stdio: 'ignore' });
const children: ChildProcess[] = [];
const dir = mkdtempSync(join(tmpdir(), `${ID}-`));

function setup(): void {
  for (const ns of [NS.client, NS.director, ...NS.rs]) ip(['netns', 'add', ns]);
  ip(['-n', NS.client, 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', NS.director]);
  ip(['-n', NS.director, 'link', 'add', 'br0', 'type', 'bridge']);
  NS.rs.forEach((ns, i) => {
    ip(['-n', ns, 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', `p${i}`, 'netns', NS.director]);
    ip(['-n', NS.director, 'link', 'set', `p${i}`, 'master', 'br0', 'up']);
    ip(['-n', ns, 'addr', 'add', `${RS_IP[i]}/24`, 'dev', 'eth0']);
    ip(['-n', ns, 'link', 'set', 'eth0', 'up']);
    ip(['-n', ns, 'link', 'set', 'lo', 'up']);
    ip(['-n', ns, 'route', 'add', 'default', 'via', '10.79.1.10']);
    ip(['-n', ns, 'addr', 'add', `${VIP}/32`, 'dev', 'lo']);
    sh(ns, ['sysctl', '-qw', 'net.ipv4.conf.all.arp_ignore=1', 'net.ipv4.conf.all.arp_announce=2']);
    const p = spawn('ip', ['netns', 'exec', ns, process.execPath, '-e', SERVER], { env: { ...process.env, NAME: `rs${i + 1}` }, stdio: 'ignore' });
    children.push(p);
  });
  ip(['-n', NS.client, 'addr', 'add', '10.79.0.2/24', 'dev', 'eth0']);
  for (const d of ['eth0', 'lo']) ip(['-n', NS.client, 'link', 'set', d, 'up']);
  ip(['-n', NS.client, 'route', 'add', 'default', 'via', '10.79.0.10']);
  sh(NS.client, ['sysctl', '-qw', 'net.ipv4.ip_local_port_range=1024 65000', 'net.ipv4.tcp_tw_reuse=1']);
  for (const a of ['10.79.0.10/24', `${VIP}/32`]) ip(['-n', NS.director, 'addr', 'add', a, 'dev', 'eth0']);
  ip(['-n', NS.director, 'addr', 'add', '10.79.1.10/24', 'dev', 'br0']);
  for (const d of ['eth0', 'br0', 'lo']) ip(['-n', NS.director, 'link', 'set', d, 'up']);
  // DR replies come back through the director here (it is the real servers' router) with the
  // director's own VIP as source: accept_local lets it forward them.
  sh(NS.director, ['sysctl', '-qw', 'net.ipv4.ip_forward=1', 'net.ipv4.conf.all.send_redirects=0', 'net.ipv4.conf.all.accept_local=1', 'net.ipv4.conf.br0.accept_local=1']);
}

function teardown(): void {
  for (const c of children) c.kill('SIGKILL');
  for (const ns of [NS.client, NS.director, ...NS.rs]) spawnSync('ip', ['netns', 'del', ns]);
  rmSync(dir, { recursive: true, force: true });
}

const run: Runner = async (argv, opts) => {
  const r = spawnSync('ip', ['netns', 'exec', NS.director, ...argv], { encoding: 'utf8', input: opts?.input ?? '', maxBuffer: 512 << 20 });
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
};

const TABLE: IpvsTable = {
  services: [
    {
      protocol: 'tcp',
      family: 'ipv4',
      address: VIP,
      port: 80,
      scheduler: 'rr',
      onePacket: false,
      flags: [],
      destinations: RS_IP.map((address) => ({ address, family: 'ipv4' as const, port: 80, forward: 'masq' as const, weight: 1, upperThreshold: 0, lowerThreshold: 0 })),
    },
  ],
};

const HAND = `table ip hand {
  chain pre { type nat hook prerouting priority dstnat; policy accept;
    ip daddr ${VIP} tcp dport 80 dnat to numgen inc mod 3 map { 0 : ${RS_IP[0]}, 1 : ${RS_IP[1]}, 2 : ${RS_IP[2]} }
  }
}
`;

const HAPROXY = `global
  maxconn 4000
defaults
  mode tcp
  timeout connect 5s
  timeout client 30s
  timeout server 30s
frontend f
  bind ${VIP}:80
  default_backend b
backend b
  balance roundrobin
${RS_IP.map((a, i) => `  server r${i + 1} ${a}:80`).join('\n')}
`;

async function loadPlane(plane: NftablesPlane, table: IpvsTable): Promise<void> {
  const actual = await plane.read();
  const ops = diffIpvs(actual, table, { drainedDestinations: actual.services.flatMap((s) => s.destinations.map((d) => ({ service: s, address: d.address, port: d.port }))) });
  await plane.prepare(table);
  for (const step of plane.plan(ops, actual, table)) {
    for (const argv of step.argv) {
      const r = await run(argv, step.input !== undefined ? { input: step.input } : {});
      if (r.code !== 0 || r.stderr) throw new Error(`${argv.join(' ')}: ${r.stderr}`);
    }
  }
}

function clean(): void {
  spawnSync('ip', ['netns', 'exec', NS.director, 'nft', 'flush', 'ruleset']);
  spawnSync('ip', ['netns', 'exec', NS.director, 'conntrack', '-F'], { stdio: 'ignore' });
}

function wrk(close: boolean): number {
  const args = ['wrk', '-t2', '-c32', `-d${SECONDS}s`, ...(close ? ['-H', 'Connection: close'] : []), `http://${VIP}/`];
  const out = sh(NS.client, args);
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(out);
  const errors = /Non-2xx or 3xx responses: (\d+)|Socket errors: (.*)/.exec(out);
  if (!rps) throw new Error(`wrk printed no rate:\n${out}`);
  if (errors) process.stderr.write(`  (wrk: ${errors[0]})\n`);
  return Number(rps[1]);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

type Contenders = Record<string, { start: () => Promise<void>; stop: () => Promise<void> }>;

/** Interleaved rounds of every contender (order rotated each round); prints medians and per-round ratios. */
async function measure(title: string, contenders: Contenders, baseName: string): Promise<void> {
  // warm-up: the real servers' JIT and the caches, so the first contender is not penalised
  await contenders[baseName]!.start();
  wrk(false);
  wrk(true);
  await contenders[baseName]!.stop();
  const results: Record<string, { keep: number[]; close: number[] }> = {};
  const names = Object.keys(contenders);
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of names.map((_, i) => names[(i + round) % names.length]!)) {
      const c = contenders[name]!;
      clean();
      await c.start();
      const check = sh(NS.client, ['curl', '-sS', '--max-time', '3', `http://${VIP}/`]).trim();
      if (!/^rs\d$/.test(check)) throw new Error(`${name}: the VIP answered "${check}"`);
      const r = (results[name] ??= { keep: [], close: [] });
      r.keep.push(wrk(false));
      r.close.push(wrk(true));
      await c.stop();
      process.stderr.write(`${title} round ${round + 1} ${name}: keep-alive ${r.keep.at(-1)!.toFixed(0)} req/s, new connection per request ${r.close.at(-1)!.toFixed(0)} req/s\n`);
    }
  }
  const base = results[baseName]!;
  // "vs hand": the median over rounds of (this / hand-written) within the same round
  const ratio = (xs: number[], bs: number[]) => `${((median(xs.map((x, i) => x / bs[i]!)) - 1) * 100).toFixed(1)}%`;
  console.log(`\n${title}, 3 real servers, wrk -t2 -c32 ${SECONDS}s x ${ROUNDS} rounds (median req/s; vs hand = median per-round ratio):`);
  console.log(`${'contender'.padEnd(18)} ${'keep-alive'.padStart(12)} ${'vs hand'.padStart(8)} ${'conn/request'.padStart(13)} ${'vs hand'.padStart(8)}`);
  for (const [name, r] of Object.entries(results)) {
    console.log(`${name.padEnd(18)} ${median(r.keep).toFixed(0).padStart(12)} ${ratio(r.keep, base.keep).padStart(8)} ${median(r.close).toFixed(0).padStart(13)} ${ratio(r.close, base.close).padStart(8)}`);
  }
  const spread = (xs: number[]) => `${Math.min(...xs).toFixed(0)}..${Math.max(...xs).toFixed(0)}`;
  console.log(`spread of the hand-written runs (machine noise): keep-alive ${spread(base.keep)}, conn/request ${spread(base.close)}`);
}

async function main(): Promise<void> {
  setup();
  try {
    await new Promise((r) => setTimeout(r, 500));
    const plane = createNftablesPlane(run, join(dir, 'state')) as NftablesPlane;
    const handLoad = (text: string, family: string) => ({
      start: async () => void sh(NS.director, ['nft', '-f', '-'], text),
      stop: async () => void sh(NS.director, ['nft', 'delete', 'table', family, 'hand']),
    });
    const planeLoad = (table: IpvsTable) => ({ start: () => loadPlane(plane, table), stop: async () => loadPlane(plane, { services: [] }) });
    if (!SCENARIOS.includes('dr') || SCENARIOS.includes('nat')) {
      await measure('NAT rr', {
        'nftables plane': planeLoad(TABLE),
        'hand-written nft': handLoad(HAND, 'ip'),
        'HAProxy tcp': {
          start: async () => {
            writeFileSync(join(dir, 'haproxy.cfg'), HAPROXY);
            const p = spawn('ip', ['netns', 'exec', NS.director, 'haproxy', '-db', '-f', join(dir, 'haproxy.cfg')], { stdio: 'ignore' });
            children.push(p);
            for (let i = 0; i < 50 && !sh(NS.director, ['ss', '-Hltn', 'sport = :80']).trim(); i++) await new Promise((r) => setTimeout(r, 100));
          },
          stop: async () => {
            const p = children.pop()!;
            p.kill('SIGTERM');
            await new Promise((r) => p.once('exit', r));
          },
        },
      }, 'hand-written nft');
    }
    if (SCENARIOS.includes('dr')) {
      const macs = JSON.parse(sh(NS.director, ['ip', '-j', 'link', 'show', 'br0'])) as { address: string }[];
      const rsMacs = NS.rs.map((ns) => (JSON.parse(sh(ns, ['ip', '-j', 'link', 'show', 'eth0'])) as { address: string }[])[0]!.address);
      const handDr = `table netdev hand {
  chain in { type filter hook ingress device "eth0" priority -500; policy accept;
    ip daddr ${VIP} tcp dport 80 ether saddr set ${macs[0]!.address} ether daddr set jhash ip saddr . tcp sport mod 3 map { ${rsMacs.map((m, i) => `${i} : ${m}`).join(', ')} } fwd to "br0"
  }
}
`;
      const drTable: IpvsTable = { services: TABLE.services.map((s) => ({ ...s, destinations: s.destinations.map((d) => ({ ...d, forward: 'route' as const })) })) };
      await measure('DR rr', { 'nftables plane': planeLoad(drTable), 'hand-written nft': handLoad(handDr, 'netdev') }, 'hand-written nft');
    }
  } finally {
    teardown();
  }
}

await main();

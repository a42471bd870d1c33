// Random but plausible ipvsadm rules files for the differential test against the real kernel.
// Seeded (mulberry32), so a failing file can be regenerated from the seed and its index. Most
// lines are valid; a fraction is mutated into the error classes ipvsadm-restore knows (kernel
// errors, popt errors, ipvsadm validation errors, lines without a command).

import { mulberry32, type Rng } from '../support/prng';

export { mulberry32, type Rng };

const SCHEDULERS = ['rr', 'wrr', 'lc', 'wlc', 'sed', 'nq', 'lblc', 'lblcr', 'dh', 'sh', 'fo', 'ovf', 'mh'];

interface Svc {
  /** The -t/-u/--sctp-service/-f part, as written on -A and -a lines. */
  sw: string;
  family: 'ipv4' | 'ipv6';
  proto: 'tcp' | 'udp' | 'sctp' | 'fwmark';
  port: number;
  /** IPv4 address of a non-fwmark v4 service, for the 2^31 check. */
  v4?: string;
}

class Gen {
  constructor(private readonly r: Rng) {}
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.r() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.r() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.r() * xs.length)]!;
  }

  /** Mostly 10.x and 100.x (within 2^31 of each other); now and then 200.x, which wraps the sort. */
  v4(): string {
    const first = this.chance(0.01) ? 200 : this.pick([10, 10, 10, 100]);
    return `${first}.${this.int(0, 2)}.${this.int(0, 3)}.${this.int(1, 20)}`;
  }
  v6(): string {
    const forms = [`2001:db8::${this.int(1, 30).toString(16)}`, `2001:db8:0:${this.int(1, 3)}::${this.int(1, 9)}`, `2001:DB8:0000:0000:0000:0000:0000:${this.int(1, 9).toString(16).padStart(4, '0')}`];
    return this.pick(forms);
  }
  port(): number {
    return this.pick([80, 443, 53, 8080, 5060, 25, this.int(1, 65535)]);
  }

  service(): { svc: Svc; line: string } {
    const family = this.chance(0.25) ? 'ipv6' : 'ipv4';
    const proto = this.pick(['tcp', 'tcp', 'udp', 'sctp', 'fwmark'] as const);
    let sw: string;
    let port = 0;
    let v4: string | undefined;
    if (proto === 'fwmark') {
      sw = `-f ${this.int(1, 40)}${family === 'ipv6' ? ' -6' : ''}`;
    } else {
      port = this.port();
      const addr = family === 'ipv6' ? `[${this.v6()}]` : (v4 = this.v4());
      const flag = proto === 'tcp' ? this.pick(['-t', '--tcp-service']) : proto === 'udp' ? this.pick(['-u', '--udp-service']) : '--sctp-service';
      sw = `${flag} ${addr}:${port}`;
    }
    const opts: string[] = [];
    const sched = this.chance(0.1) ? undefined : this.pick(SCHEDULERS);
    if (sched) opts.push(`-s ${sched}`);
    if (this.chance(0.35)) {
      opts.push(this.chance(0.2) ? '-p' : `-p ${this.pick([1, 60, 300, 360, 3600, 2678400, this.int(1, 100000)])}`);
      if (this.chance(0.4)) {
        opts.push(family === 'ipv6' ? `-M ${this.pick([48, 64, 96, 128])}` : `-M ${this.pick(['255.255.255.0', '255.255.0.0', '255.255.255.255', '255.0.255.0', '24'])}`);
      }
      if (this.chance(0.15)) opts.push('--pe sip');
    } else if (this.chance(0.05)) {
      opts.push('--pe sip');
    }
    if ((proto === 'udp' || proto === 'fwmark') && this.chance(0.25)) opts.push('-o');
    if (sched === 'sh' || sched === 'mh') {
      const flags = [`${sched}-port`, `${sched}-fallback`].filter(() => this.chance(0.5));
      if (flags.length) opts.push(`-b ${flags.join(',')}`);
    }
    this.shuffle(opts);
    return { svc: { sw, family, proto, port, v4 }, line: `-A ${sw} ${opts.join(' ')}`.trimEnd() };
  }

  dest(svc: Svc): string {
    const fwd = this.pick(['-m', '-g', '-i', '-g', '-m'] as const);
    const v6 = fwd === '-i' && this.chance(0.1) ? svc.family !== 'ipv6' : svc.family === 'ipv6';
    const addr = v6 ? `[${this.v6()}]` : this.v4();
    const port = svc.proto === 'fwmark' ? this.pick([0, 80, 443]) : this.chance(0.3) ? this.port() : svc.port;
    const parts = [`-a ${svc.sw} -r ${addr}:${port}`, fwd];
    if (this.chance(0.8)) parts.push(`-w ${this.pick([0, 1, 1, 2, 5, 100, 65536, 2147483647])}`);
    if (this.chance(0.2)) {
      const x = this.int(0, 1000);
      parts.push(`-x ${x}`, `-y ${this.int(0, x)}`);
    }
    if (fwd === '-i' && this.chance(0.5)) {
      const t = this.pick(['ipip', 'gue', 'gre'] as const);
      parts.push(`--tun-type ${t}`);
      if (t === 'gue') parts.push(`--tun-port ${this.int(1, 65535)}`);
      if (t !== 'ipip' && this.chance(0.6)) parts.push(this.pick(['--tun-nocsum', '--tun-csum', '--tun-remcsum']));
    }
    return parts.join(' ');
  }

  /** Breaks a valid line in one of the ways the reference documents. */
  mutate(line: string, svcs: Svc[]): string {
    const m = this.int(0, 18);
    switch (m) {
      case 0: return line.replace(/-s \w+/, '-s ' + this.pick(['foo', 'RR', 'twos'])) + (/-s /.test(line) ? '' : ' -s foo');
      case 1: return `${line} -p ${this.pick(['0', '2678401', 'abc'])}`;
      case 2: return line.startsWith('-A') ? line : `${line} -w ${this.pick(['-1', '2147483648'])}`;
      case 3: return line.startsWith('-a') ? `${line.replace(/ -[xy] \d+/g, '')} -x 10 -y 50` : line;
      case 4: return `${line} --bogus`;
      case 5: return 'foo bar';
      case 6: return line.startsWith('-A') && /^-A -t/.test(line) ? `${line} -o` : line;
      case 7: return line.startsWith('-a') && / -i/.test(line) ? `${line.replace(/ --tun-\S+( \d+)?/g, '')} --tun-type gue` : line;
      case 8: return line.replace(/-s (rr|wrr|lc)\b/, '-s $1 -b sh-port');
      case 9: return `-a ${this.pick(svcs)?.sw ?? '-t 10.0.0.1:80'} -r ${this.v4()}:80 -m -y 10`;
      case 10: return line.replace(/-f \d+/, '-f 0');
      case 11: return line.replace(/:(\d+) /, ':0 ');
      case 12: return `${line} # comment`;
      case 14: return line.startsWith('-A') && line.includes('[') ? `${line.replace(/ -M \S+/, '')} -p 60 -M 255.255.255.0` : line;
      case 15: return line.startsWith('-a') ? `${line.replace(/ -[gmi]\b.*$/, '')} -i --tun-type ${this.pick(['foo', 'ipip --tun-csum', 'gue --tun-port 1 --tun-csum --tun-remcsum', 'gre --tun-port 5'])}` : line;
      case 16: return line.startsWith('-a') ? `${line.replace(/ -[gmi]\b/, ' -m')} --tun-type gue --tun-port 6080` : line;
      case 17: return line.replace(/-r \[([^\]]+)\]:\d+/, '-r [$1]').replace(/-r (\d+\.\d+\.\d+\.\d+):\d+/, '-r $1');
      default: return line.replace(/^-A/, '-E').replace(/^-a/, '-e');
    }
  }

  shuffle<T>(xs: T[]): void {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = Math.floor(this.r() * (i + 1));
      [xs[i], xs[j]] = [xs[j]!, xs[i]!];
    }
  }
}

export interface FuzzFile {
  rules: string;
  /** Some service (or real server of one) lies more than 2^31 from another: kernel order not reproducible. */
  wraps: boolean;
}

const v4num = (a: string): number => a.split('.').reduce((n, o) => n * 256 + Number(o), 0);

/** One rules file: a few services with real servers, sometimes a duplicate, an edit or a broken line. */
export function fuzzRulesFile(r: Rng): FuzzFile {
  const g = new Gen(r);
  const lines: string[] = [];
  const svcs: Svc[] = [];
  const addrs: number[] = [];
  const nSvc = g.int(1, 5);
  for (let i = 0; i < nSvc; i++) {
    const { svc, line } = g.service();
    svcs.push(svc);
    if (svc.v4) addrs.push(v4num(svc.v4));
    lines.push(line);
    for (let d = g.int(0, 4); d > 0; d--) {
      const dl = g.dest(svc);
      const m = /-r (\d+\.\d+\.\d+\.\d+):/.exec(dl);
      if (m) addrs.push(v4num(m[1]!));
      // a v6 tunnel server on a v4 service is compared by its first 32-bit word
      else if (svc.family === 'ipv4' && dl.includes('[')) addrs.push(0x20010db8);
      lines.push(dl);
    }
  }
  if (g.chance(0.1) && lines.length) lines.push(g.pick(lines)); // duplicate -A / -a
  // edits: -E replaces the whole service, -e the whole real server (reference section 4)
  if (g.chance(0.15)) lines.push(`-E ${g.pick(svcs).sw} -s ${g.pick(SCHEDULERS)}${g.chance(0.5) ? ` -p ${g.int(1, 999)}` : ''}`);
  const dests = lines.filter((l) => l.startsWith('-a '));
  if (g.chance(0.15) && dests.length) {
    lines.push(g.pick(dests).replace(/^-a /, '-e ').replace(/ -w \d+/, '').replace(/ -[gmi]( |$)/, ` ${g.pick(['-g', '-m', '-i'])}$1`) + ` -w ${g.int(0, 9)}`);
  }
  if (g.chance(0.05)) lines.push(`-D ${g.pick(svcs).sw}`);
  if (g.chance(0.05)) lines.push(`-d ${g.pick(svcs).sw} -r 10.9.9.9:80`);
  if (g.chance(0.05)) lines.unshift('# generated');
  if (g.chance(0.3)) {
    const i = g.int(0, lines.length - 1);
    lines[i] = g.mutate(lines[i]!, svcs);
  }
  const wraps = addrs.some((a) => addrs.some((b) => Math.abs(a - b) >= 2 ** 31));
  return { rules: lines.join('\n') + '\n', wraps };
}

export function fuzzRulesFiles(seed: number, count: number): FuzzFile[] {
  const r = mulberry32(seed);
  return Array.from({ length: count }, () => fuzzRulesFile(r));
}

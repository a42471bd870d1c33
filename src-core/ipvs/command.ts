// One line of an ipvsadm restore file, parsed as ipvsadm 1.31 parse_options()/process_options()
// do: option values are checked as they are met (first failure wins), then the command/option
// table, then the service and real-server checks.
import type { IpvsFamily, IpvsForward, IpvsTunType } from './types';
import { Popt, type Token } from './popt';
import { inetAton, parseEndpoint, parseFwmark, stringToNumber, type IpvsProto } from './normalize';

export type Cmd = 'add' | 'edit' | 'del' | 'flush' | 'list' | 'adddest' | 'deldest' | 'editdest' | 'timeout' | 'zero' | 'save' | 'restore' | 'startd' | 'stopd' | 'help' | 'version';

const CMD_OF: Record<string, Cmd> = {
  A: 'add', E: 'edit', D: 'del', C: 'flush', L: 'list', l: 'list', Z: 'zero', a: 'adddest', e: 'editdest', d: 'deldest',
  set: 'timeout', R: 'restore', S: 'save', 'start-daemon': 'startd', 'stop-daemon': 'stopd', h: 'help', v: 'version',
};

export const CMD_NAMES: Record<Cmd, string> = {
  add: 'add-service', edit: 'edit-service', del: 'delete-service', flush: 'flush', list: 'list', adddest: 'add-server',
  deldest: 'delete-server', editdest: 'edit-server', timeout: 'set', startd: 'start-daemon', stopd: 'stop-daemon',
  restore: 'restore', save: 'save', zero: 'zero', help: 'help', version: 'version',
};

/** ipvsadm 1.31 optnames, in the order generic_opt_check walks them. */
const OPTNAMES = [
  'numeric', 'connection', 'service-address', 'scheduler', 'persistent', 'netmask', 'real-server', 'forwarding-method',
  'weight', 'u-threshold', 'l-threshold', 'mcast-interface', 'timeout', 'daemon', 'stats', 'rate', 'thresholds',
  'persistent-conn', 'nosort', 'syncid', 'exact', 'ops', 'pe', 'sched-flags', 'mcast-group', 'mcast-port', 'mcast-ttl',
  'sync-maxlen', 'tun-info', 'tun-type', 'tun-port', 'tun-nocsum', 'tun-csum', 'tun-remcsum',
] as const;
type OptName = (typeof OPTNAMES)[number];

const OPT_OF_KEY: Record<string, OptName> = {
  n: 'numeric', c: 'connection', t: 'service-address', u: 'service-address', sctp: 'service-address', f: 'service-address',
  s: 'scheduler', p: 'persistent', M: 'netmask', r: 'real-server', m: 'forwarding-method', i: 'forwarding-method',
  g: 'forwarding-method', w: 'weight', x: 'u-threshold', y: 'l-threshold', 'mcast-interface': 'mcast-interface',
  timeout: 'timeout', daemon: 'daemon', stats: 'stats', rate: 'rate', thresholds: 'thresholds',
  'persistent-conn': 'persistent-conn', nosort: 'nosort', syncid: 'syncid', X: 'exact', o: 'ops', pe: 'pe',
  b: 'sched-flags', 'mcast-group': 'mcast-group', 'mcast-port': 'mcast-port', 'mcast-ttl': 'mcast-ttl',
  'sync-maxlen': 'sync-maxlen', 'tun-info': 'tun-info', 'tun-type': 'tun-type', 'tun-port': 'tun-port',
  'tun-nocsum': 'tun-nocsum', 'tun-csum': 'tun-csum', 'tun-remcsum': 'tun-remcsum',
};

/** commands_v_options for the commands a restore file uses: '+' required, ' ' optional, others illegal. */
const ALLOWED: Partial<Record<Cmd, Partial<Record<OptName, '+' | ' '>>>> = {
  add: { 'service-address': '+', scheduler: ' ', persistent: ' ', netmask: ' ', ops: ' ', pe: ' ', 'sched-flags': ' ' },
  edit: { 'service-address': '+', scheduler: ' ', persistent: ' ', netmask: ' ', ops: ' ', pe: ' ', 'sched-flags': ' ' },
  del: { 'service-address': '+' },
  flush: {},
  timeout: {},
  zero: { 'service-address': ' ' },
  adddest: {
    'service-address': '+', 'real-server': '+', 'forwarding-method': ' ', weight: ' ', 'u-threshold': ' ',
    'l-threshold': ' ', 'tun-type': ' ', 'tun-port': ' ', 'tun-nocsum': ' ', 'tun-csum': ' ', 'tun-remcsum': ' ',
  },
  editdest: {
    'service-address': '+', 'real-server': '+', 'forwarding-method': ' ', weight: ' ', 'u-threshold': ' ',
    'l-threshold': ' ', 'tun-type': ' ', 'tun-port': ' ', 'tun-nocsum': ' ', 'tun-csum': ' ', 'tun-remcsum': ' ',
  },
  deldest: { 'service-address': '+', 'real-server': '+' },
  save: { numeric: ' ' },
};

export interface CommandEntry {
  cmd: Cmd;
  cmdToken: Token;
  svc: {
    family: IpvsFamily | undefined;
    proto: IpvsProto | undefined;
    address: string;
    port: number;
    fwmark: number;
    scheduler: string;
    persistent: boolean;
    timeout: number;
    /** IPv4: the mask as an unsigned 32-bit number; IPv6: the prefix length. */
    netmask: number;
    pe: string;
    onePacket: boolean;
    /** Bits 1..3 of the scheduler flags (flag-1..flag-3). */
    schedFlags: number;
  };
  dest: {
    family: IpvsFamily | undefined;
    address: string;
    port: number;
    forward: IpvsForward;
    weight: number;
    upper: number;
    lower: number;
    tunType: IpvsTunType;
    tunPort: number;
    /** 0 nocsum, 1 csum, 2 remcsum (bits, as the kernel holds them). */
    tunFlags: number;
  };
  options: Set<OptName>;
}

export interface LineError {
  code: string;
  params?: Record<string, string | number>;
  column: number;
  /** true: ipvsadm exits (fail() / tryhelp_exit) and ipvsadm-restore stops; false: the next line runs. */
  abort: boolean;
}

export type LineResult = { ok: true; entry: CommandEntry } | { ok: false; error: LineError };

const TUN_TYPES: Record<string, IpvsTunType> = { ipip: 'ipip', gue: 'gue', gre: 'gre' };

function parseSchedFlags(scheduler: string, arg: string): { flags: number } | { bad: string; incompatible: boolean } | { crash: true } {
  const sched = scheduler.length > 0 ? scheduler : 'wlc';
  let flags = 0;
  const parts = arg.split(',').filter((p) => p.length > 0);
  // strtok() finds no token and ipvsadm 1.31 dereferences NULL (seen on the real binary)
  if (parts.length === 0) return { crash: true };
  for (const f of parts) {
    if (f === 'flag-1') flags |= 1;
    else if (f === 'flag-2') flags |= 2;
    else if (f === 'flag-3') flags |= 4;
    else if (f === 'sh-fallback' || f === 'sh-port' || f === 'mh-fallback' || f === 'mh-port') {
      if (sched !== f.slice(0, 2)) return { bad: f, incompatible: true };
      flags |= f.endsWith('fallback') ? 1 : 2;
    } else return { bad: f, incompatible: false };
  }
  return { flags };
}

export function parseCommandLine(tokens: Token[]): LineResult {
  const err = (code: string, column: number, abort: boolean, params?: Record<string, string | number>): LineResult => ({
    ok: false,
    error: params ? { code, column, abort, params } : { code, column, abort },
  });
  const firstCol = tokens[0]?.column ?? 1;
  const popt = new Popt(tokens);
  const first = popt.next();
  if (first.kind !== 'option' || !(first.def.key in CMD_OF)) return err('ipvsadm.no-command', first.kind === 'end' ? firstCol : first.token.column, true);
  const cmd = CMD_OF[first.def.key]!;
  const e: CommandEntry = {
    cmd,
    cmdToken: first.token,
    svc: { family: undefined, proto: undefined, address: '0.0.0.0', port: 0, fwmark: 0, scheduler: '', persistent: false, timeout: 0, netmask: 0xffffffff, pe: '', onePacket: false, schedFlags: 0 },
    dest: { family: undefined, address: '0.0.0.0', port: 0, forward: 'route', weight: 1, upper: 0, lower: 0, tunType: 'ipip', tunPort: 0, tunFlags: 0 },
    options: new Set(),
  };
  if (cmd === 'help' || cmd === 'version' || cmd === 'restore') return err('ipvsadm.command-stops', first.token.column, true, { command: first.token.text });
  const optCol = new Map<OptName, number>();
  let schedFlagsArg: { text: string; column: number } | undefined;
  for (;;) {
    const it = popt.next();
    if (it.kind === 'end') break;
    if (it.kind === 'error') {
      const code = it.error === 'unknown' ? 'ipvsadm.unknown-option' : it.error === 'missing' ? 'ipvsadm.missing-argument' : 'ipvsadm.unwanted-argument';
      return err(code, it.token.column, false, { option: it.bad });
    }
    const key = it.def.key;
    const col = it.token.column;
    const arg = it.arg;
    if (key === '6') {
      if (e.svc.fwmark === 0) return err('ipvsadm.ipv6-before-fwmark', col, true);
      e.svc.family = 'ipv6';
      e.svc.netmask = 128;
      continue;
    }
    if (key === 'sort') continue;
    const opt = OPT_OF_KEY[key];
    if (!opt) return err('ipvsadm.invalid-option', col, true, { option: it.token.text });
    if (e.options.has(opt)) return err('ipvsadm.multiple-options', col, true, { option: opt });
    e.options.add(opt);
    optCol.set(opt, col);
    const value = arg ?? '';
    switch (key) {
      case 't':
      case 'u':
      case 'sctp': {
        e.svc.proto = key === 't' ? 'tcp' : key === 'u' ? 'udp' : 'sctp';
        const ep = parseEndpoint(value, e.svc.proto);
        if (!ep) return err('ipvsadm.illegal-vip', col, true);
        e.svc.family = ep.family;
        e.svc.address = ep.address;
        if (ep.family === 'ipv6') e.svc.netmask = 128;
        if (ep.port !== undefined) e.svc.port = ep.port;
        break;
      }
      case 'f': {
        e.svc.family = 'ipv4';
        e.svc.proto = 'tcp';
        const m = parseFwmark(value);
        if (m === undefined) return err('ipvsadm.invalid-fwmark', col, true, { value });
        e.svc.fwmark = m;
        break;
      }
      case 's':
        // strncpy into a 16-byte field: longer names never match a scheduler
        e.svc.scheduler = value.length > 15 ? `${value.slice(0, 16)}\u0000` : value;
        break;
      case 'p': {
        e.svc.persistent = true;
        if (arg === undefined) e.svc.timeout = 360;
        else {
          const v = stringToNumber(arg, 1, 2678400);
          if (v === undefined) return err('ipvsadm.invalid-timeout', col, true, { value: arg });
          e.svc.timeout = v;
        }
        break;
      }
      case 'M': {
        if (e.svc.family !== 'ipv6') {
          const n = value === 'localhost' ? 0x7f000001 : inetAton(value);
          if (n === undefined) return err('ipvsadm.illegal-mask', col, true);
          e.svc.netmask = n;
        } else {
          const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(value);
          const v = m ? Number(m[1]) : 0;
          if (!(v >= 1 && v <= 128)) return err('ipvsadm.illegal-v6-mask', col, true);
          e.svc.netmask = v;
        }
        break;
      }
      case 'r': {
        const ep = parseEndpoint(value, e.svc.proto ?? 'tcp');
        if (!ep) return err('ipvsadm.illegal-rip', col, true);
        e.dest.family = ep.family;
        e.dest.address = ep.address;
        e.dest.port = ep.port ?? e.svc.port;
        break;
      }
      case 'm':
        e.dest.forward = 'masq';
        break;
      case 'i':
        e.dest.forward = 'tunnel';
        break;
      case 'g':
        e.dest.forward = 'route';
        break;
      case 'w': {
        const v = stringToNumber(value, 0, 2147483647);
        if (v === undefined) return err('ipvsadm.illegal-weight', col, true);
        e.dest.weight = v;
        break;
      }
      case 'x': {
        const v = stringToNumber(value, 0, 2147483647);
        if (v === undefined) return err('ipvsadm.illegal-u-threshold', col, true);
        e.dest.upper = v;
        break;
      }
      case 'y': {
        const v = stringToNumber(value, 0, 2147483647);
        if (v === undefined) return err('ipvsadm.illegal-l-threshold', col, true);
        e.dest.lower = v;
        break;
      }
      case 'o':
        e.svc.onePacket = true;
        break;
      case 'pe':
        e.svc.pe = value.length > 15 ? `${value.slice(0, 16)}\u0000` : value;
        break;
      case 'b':
        schedFlagsArg = { text: value, column: col };
        break;
      case 'tun-type': {
        const t = Object.prototype.hasOwnProperty.call(TUN_TYPES, value) ? TUN_TYPES[value] : undefined;
        if (!t) return err('ipvsadm.illegal-tun-type', col, true);
        e.dest.tunType = t;
        break;
      }
      case 'tun-port': {
        const v = stringToNumber(value, 1, 65535);
        if (v === undefined) return err('ipvsadm.illegal-tun-port', col, true);
        e.dest.tunPort = v;
        break;
      }
      case 'tun-csum':
        e.dest.tunFlags |= 1;
        break;
      case 'tun-remcsum':
        e.dest.tunFlags |= 2;
        break;
      default:
        break;
    }
  }
  const leftovers = popt.leftovers;
  if (cmd === 'timeout') {
    if (leftovers.length < 3) return err('ipvsadm.set-values', e.cmdToken.column, true);
    for (const t of leftovers.splice(0, 3)) {
      if (stringToNumber(t.text, 0, 2678400) === undefined) return err('ipvsadm.invalid-timeout', t.column, true, { value: t.text });
    }
  }
  const extra = leftovers[0];
  if (extra) return err('ipvsadm.unexpected-argument', extra.column, true, { arg: extra.text });

  // -b is read after the leftover check and before the option table (order seen on the real binary)
  if (schedFlagsArg) {
    const r = parseSchedFlags(e.svc.scheduler, schedFlagsArg.text);
    if ('crash' in r) return err('ipvsadm.segfault', schedFlagsArg.column, true);
    if ('bad' in r) return err(r.incompatible ? 'ipvsadm.incompatible-sched-flag' : 'ipvsadm.invalid-sched-flag', schedFlagsArg.column, true, { flag: r.bad });
    e.svc.schedFlags = r.flags;
  }

  const table = ALLOWED[cmd];
  if (table) {
    for (const opt of OPTNAMES) {
      const rule = table[opt];
      if (!e.options.has(opt)) {
        if (rule === '+') return err('ipvsadm.option-required', e.cmdToken.column, true, { option: opt, command: CMD_NAMES[cmd] });
      } else if (rule === undefined) {
        return err('ipvsadm.option-illegal', optCol.get(opt) ?? e.cmdToken.column, true, { option: opt, command: CMD_NAMES[cmd] });
      }
    }
  }

  if (cmd === 'add' || cmd === 'edit') {
    if (!e.svc.fwmark && !e.svc.port && !e.svc.persistent) return err('ipvsadm.zero-port', optCol.get('service-address') ?? e.cmdToken.column, true);
    if (e.svc.onePacket && !e.svc.fwmark && e.svc.proto !== 'udp') return err('ipvsadm.one-packet-udp', optCol.get('ops') ?? e.cmdToken.column, true);
    if (e.svc.scheduler.length === 0) e.svc.scheduler = 'wlc';
  }
  if (cmd === 'adddest' || cmd === 'editdest') {
    if (!e.svc.fwmark && (e.dest.forward === 'tunnel' || e.dest.forward === 'route')) e.dest.port = e.svc.port;
    const rCol = optCol.get('real-server') ?? e.cmdToken.column;
    if (e.dest.family !== e.svc.family && e.dest.forward !== 'tunnel') return err('ipvsadm.mixed-family', rCol, true);
    const tunOpts: OptName[] = ['tun-type', 'tun-port', 'tun-nocsum', 'tun-csum', 'tun-remcsum'];
    const firstTun = tunOpts.find((t) => e.options.has(t));
    if (firstTun && e.dest.forward !== 'tunnel') return err('ipvsadm.tun-forward', optCol.get(firstTun) ?? rCol, true);
    // tunnel_types_v_options: ipip forbids all; gue needs tun-port; gre forbids tun-port and tun-remcsum (checked on the real kernel); one checksum flag at most
    const type = e.dest.tunType;
    const rules: Record<IpvsTunType, string> = { ipip: 'xxxx', gue: '+111', gre: 'x11x' };
    const cols: OptName[] = ['tun-port', 'tun-nocsum', 'tun-csum', 'tun-remcsum'];
    let last: OptName | undefined;
    for (let j = 0; j < cols.length; j++) {
      const opt = cols[j]!;
      const rule = rules[type][j];
      if (!e.options.has(opt)) {
        if (rule === '+') return err('ipvsadm.tun-required', optCol.get('tun-type') ?? rCol, true, { option: opt, type });
      } else {
        if (rule === 'x') return err('ipvsadm.tun-illegal', optCol.get(opt) ?? rCol, true, { option: opt, type });
        if (rule === '1') {
          if (last === undefined) last = opt;
          else return err('ipvsadm.tun-conflict', optCol.get(opt) ?? rCol, true, { option: opt, other: last, type });
        }
      }
    }
  }
  return { ok: true, entry: e };
}

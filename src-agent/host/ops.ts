// Each HostOp as the commands that carry it out (argv arrays, never a shell). Values come from the
// desired state the app sent, so everything that lands in an argv is checked first: an address, a
// device name, a sysctl key or a module name that could be read as an option is refused.
import type { HostOp } from '../../src-core/diff/host-ops';
import { MARK_CHAIN } from '../../src-core/render/iptables';
import { normalizeIp, parseCidr } from '../../src-core/util/ip';
import { iptablesTool, SYSCTL_KEY } from './read';

export interface Command {
  argv: string[];
  input?: string;
  /** Run `argv` only when this check command fails (e.g. `iptables -C` before `-I`). */
  unless?: string[];
}

const DEV = /^[A-Za-z0-9_][A-Za-z0-9_.:@-]{0,14}$/;
const MODULE = /^[A-Za-z0-9_][A-Za-z0-9_-]{0,63}$/;

export class BadValueError extends Error {
  override name = 'BadValueError';
}

function check(ok: boolean, what: string, value: unknown): void {
  if (!ok) throw new BadValueError(`refusing ${what} ${JSON.stringify(value)}`);
}

const dev = (d: string): string => (check(typeof d === 'string' && DEV.test(d), 'device name', d), d);
function cidr(c: string): string {
  const p = typeof c === 'string' ? parseCidr(c) : undefined;
  check(p !== undefined, 'address', c);
  return `${p!.address}/${p!.prefix}`;
}
function ip(a: string): string {
  const n = typeof a === 'string' ? normalizeIp(a) : undefined;
  check(n !== undefined, 'gateway', a);
  return n!;
}
const dst = (d: string): string => (d === 'default' ? d : cidr(d));
const fam = (f: string): string[] => (f === 'ipv6' ? ['-6'] : ['-4']);

type Route = Extract<HostOp, { kind: 'replace-route' }>['route'];
function routeArgs(r: Route): string[] {
  const a = [dst(r.dst)];
  if (r.via !== undefined) a.push('via', ip(r.via));
  if (r.dev !== undefined) a.push('dev', dev(r.dev));
  return a;
}

const TUN_KIND = { ipip: 'ipip', gue: 'ipip', gre: 'gre', ip6tnl: 'ip6tnl' } as const;

function markRestore(family: 'ipv4' | 'ipv6', rules: readonly string[]): string {
  for (const r of rules) check(typeof r === 'string' && r.startsWith(`-A ${MARK_CHAIN} `) && !/[\n\r]/.test(r), 'mark rule', r);
  return ['*mangle', `:${MARK_CHAIN} - [0:0]`, ...rules, 'COMMIT', ''].join('\n');
}

export function hostOpCommands(op: HostOp): Command[] {
  switch (op.kind) {
    case 'add-address':
      return [{ argv: ['ip', ...fam(op.family), 'addr', 'add', cidr(op.cidr), 'dev', dev(op.dev)] }];
    case 'delete-address':
      return [{ argv: ['ip', ...fam(op.family), 'addr', 'del', cidr(op.cidr), 'dev', dev(op.dev)] }];
    case 'set-sysctl':
      check(typeof op.key === 'string' && SYSCTL_KEY.test(op.key), 'sysctl key', op.key);
      check(typeof op.value === 'string' && !/[\n\r\0]/.test(op.value), 'sysctl value', op.value);
      return [{ argv: ['sysctl', '-w', `${op.key}=${op.value}`] }];
    case 'replace-route':
      return [{ argv: ['ip', ...fam(op.route.family), 'route', 'replace', ...routeArgs(op.route)] }];
    case 'delete-route':
      return [{ argv: ['ip', ...fam(op.route.family), 'route', 'del', ...routeArgs(op.route)] }];
    case 'tunnel-up': {
      const kind = TUN_KIND[op.tunnel.type];
      check(kind !== undefined, 'tunnel type', op.tunnel.type);
      const up = { argv: ['ip', 'link', 'set', 'dev', dev(op.tunnel.dev), 'up'] };
      return op.existed ? [up] : [{ argv: ['ip', 'link', 'add', 'name', dev(op.tunnel.dev), 'type', kind] }, up];
    }
    case 'tunnel-down':
      return op.remove ? [{ argv: ['ip', 'link', 'del', 'dev', dev(op.tunnel.dev)] }] : [{ argv: ['ip', 'link', 'set', 'dev', dev(op.tunnel.dev), 'down'] }];
    case 'add-fou-port':
      check(Number.isInteger(op.port) && op.port > 0 && op.port < 65536, 'port', op.port);
      return [{ argv: ['ip', 'fou', 'add', 'port', String(op.port), 'gue'] }];
    case 'delete-fou-port':
      check(Number.isInteger(op.port) && op.port > 0 && op.port < 65536, 'port', op.port);
      return [{ argv: ['ip', 'fou', 'del', 'port', String(op.port)] }];
    case 'replace-mark-chain': {
      const tool = iptablesTool(op.family);
      const cmds: Command[] = [{ argv: [`${tool}-restore`, '-w', '5', '--noflush'], input: markRestore(op.family, op.rules) }];
      const jump = ['-t', 'mangle', 'PREROUTING', '-j', MARK_CHAIN];
      if (op.rules.length > 0) cmds.push({ argv: [tool, '-w', '5', '-t', 'mangle', '-I', 'PREROUTING', '1', '-j', MARK_CHAIN], unless: [tool, '-w', '5', ...jump.slice(0, 2), '-C', ...jump.slice(2)] });
      return cmds;
    }
    case 'load-module':
      check(typeof op.name === 'string' && MODULE.test(op.name), 'module name', op.name);
      return [{ argv: ['modprobe', op.name] }];
    case 'unload-module':
      check(typeof op.name === 'string' && MODULE.test(op.name), 'module name', op.name);
      return [{ argv: ['modprobe', '-r', op.name] }];
  }
}

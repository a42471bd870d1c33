// The slice of popt that ipvsadm 1.31 relies on: its option table, short-option clusters (-Sn),
// attached values (-w3, --weight=3), optional values (-p), `--`, and leftover arguments.

export type ArgKind = 'none' | 'required' | 'optional';

export interface OptionDef {
  key: string;
  long?: string;
  short?: string;
  arg: ArgKind;
}

const o = (key: string, long: string | undefined, short: string | undefined, arg: ArgKind = 'none'): OptionDef => {
  const d: OptionDef = { key, arg };
  if (long !== undefined) d.long = long;
  if (short !== undefined) d.short = short;
  return d;
};

export const OPTION_TABLE: OptionDef[] = [
  o('A', 'add-service', 'A'),
  o('E', 'edit-service', 'E'),
  o('D', 'delete-service', 'D'),
  o('C', 'clear', 'C'),
  o('L', 'list', 'L'),
  o('l', undefined, 'l'),
  o('Z', 'zero', 'Z'),
  o('a', 'add-server', 'a'),
  o('e', 'edit-server', 'e'),
  o('d', 'delete-server', 'd'),
  o('set', 'set', undefined),
  o('h', 'help', 'h'),
  o('v', 'version', 'v'),
  o('R', 'restore', 'R'),
  o('S', 'save', 'S'),
  o('start-daemon', 'start-daemon', undefined, 'required'),
  o('stop-daemon', 'stop-daemon', undefined, 'required'),
  o('t', 'tcp-service', 't', 'required'),
  o('u', 'udp-service', 'u', 'required'),
  o('sctp', 'sctp-service', undefined, 'required'),
  o('f', 'fwmark-service', 'f', 'required'),
  o('s', 'scheduler', 's', 'required'),
  o('p', 'persistent', 'p', 'optional'),
  o('M', 'netmask', 'M', 'required'),
  o('r', 'real-server', 'r', 'required'),
  o('m', 'masquerading', 'm'),
  o('i', 'ipip', 'i'),
  o('g', 'gatewaying', 'g'),
  o('w', 'weight', 'w', 'required'),
  o('x', 'u-threshold', 'x', 'required'),
  o('y', 'l-threshold', 'y', 'required'),
  o('n', 'numeric', 'n'),
  o('c', 'connection', 'c'),
  o('mcast-interface', 'mcast-interface', undefined, 'required'),
  o('syncid', 'syncid', undefined, 'required'),
  o('timeout', 'timeout', undefined),
  o('daemon', 'daemon', undefined),
  o('stats', 'stats', undefined),
  o('rate', 'rate', undefined),
  o('thresholds', 'thresholds', undefined),
  o('persistent-conn', 'persistent-conn', undefined),
  o('nosort', 'nosort', undefined),
  o('sort', 'sort', undefined),
  o('X', 'exact', 'X'),
  o('6', 'ipv6', '6'),
  o('o', 'ops', 'o'),
  o('pe', 'pe', undefined, 'required'),
  o('b', 'sched-flags', 'b', 'required'),
  o('mcast-group', 'mcast-group', undefined, 'required'),
  o('mcast-port', 'mcast-port', undefined, 'required'),
  o('mcast-ttl', 'mcast-ttl', undefined, 'required'),
  o('sync-maxlen', 'sync-maxlen', undefined, 'required'),
  o('tun-info', 'tun-info', undefined),
  o('tun-type', 'tun-type', undefined, 'required'),
  o('tun-port', 'tun-port', undefined, 'required'),
  o('tun-nocsum', 'tun-nocsum', undefined),
  o('tun-csum', 'tun-csum', undefined),
  o('tun-remcsum', 'tun-remcsum', undefined),
];

const BY_LONG = new Map(OPTION_TABLE.filter((d) => d.long).map((d) => [d.long!, d]));
const BY_SHORT = new Map(OPTION_TABLE.filter((d) => d.short).map((d) => [d.short!, d]));

export interface Token {
  text: string;
  column: number;
}

export type PoptItem =
  | { kind: 'option'; def: OptionDef; arg?: string; token: Token }
  | { kind: 'error'; error: 'unknown' | 'missing' | 'unwanted'; bad: string; token: Token }
  | { kind: 'end' };

/** A popt context over one line's words (argv[0] excluded). */
export class Popt {
  private idx = 0;
  private cluster: { token: Token; pos: number } | undefined;
  readonly leftovers: Token[] = [];
  private done = false;

  constructor(private readonly argv: Token[]) {}

  private nextToken(): Token | undefined {
    return this.idx < this.argv.length ? this.argv[this.idx++] : undefined;
  }

  next(): PoptItem {
    if (this.done) return { kind: 'end' };
    for (;;) {
      if (this.cluster) {
        const { token, pos } = this.cluster;
        const ch = token.text[pos]!;
        const def = BY_SHORT.get(ch);
        const rest = token.text.slice(pos + 1);
        this.cluster = rest.length > 0 ? { token, pos: pos + 1 } : undefined;
        if (!def) {
          this.cluster = undefined;
          return { kind: 'error', error: 'unknown', bad: token.text, token };
        }
        // popt: `-m=...` is an unwanted argument; `-w=3` is `-w 3` (both seen on the real binary)
        if (def.arg === 'none') {
          if (rest.startsWith('=')) {
            this.cluster = undefined;
            return { kind: 'error', error: 'unwanted', bad: token.text, token };
          }
          return { kind: 'option', def, token };
        }
        this.cluster = undefined;
        if (rest.length > 0) return { kind: 'option', def, arg: rest.startsWith('=') ? rest.slice(1) : rest, token };
        return this.takeArg(def, token, token.text);
      }
      const t = this.nextToken();
      if (!t) {
        this.done = true;
        return { kind: 'end' };
      }
      if (t.text === '--') {
        for (let u = this.nextToken(); u; u = this.nextToken()) this.leftovers.push(u);
        this.done = true;
        return { kind: 'end' };
      }
      if (t.text.startsWith('--')) {
        const body = t.text.slice(2);
        const eq = body.indexOf('=');
        const name = eq >= 0 ? body.slice(0, eq) : body;
        const def = BY_LONG.get(name);
        if (!def) return { kind: 'error', error: 'unknown', bad: t.text, token: t };
        if (eq >= 0) {
          if (def.arg === 'none') return { kind: 'error', error: 'unwanted', bad: t.text, token: t };
          return { kind: 'option', def, arg: body.slice(eq + 1), token: t };
        }
        if (def.arg === 'none') return { kind: 'option', def, token: t };
        return this.takeArg(def, t, t.text);
      }
      if (t.text.startsWith('-') && t.text.length > 1) {
        this.cluster = { token: t, pos: 1 };
        continue;
      }
      this.leftovers.push(t);
    }
  }

  private takeArg(def: OptionDef, token: Token, bad: string): PoptItem {
    const peek = this.argv[this.idx];
    if (def.arg === 'optional') {
      if (peek && !peek.text.startsWith('-')) {
        this.idx++;
        return { kind: 'option', def, arg: peek.text, token };
      }
      return { kind: 'option', def, token };
    }
    if (!peek) return { kind: 'error', error: 'missing', bad, token };
    this.idx++;
    return { kind: 'option', def, arg: peek.text, token };
  }
}

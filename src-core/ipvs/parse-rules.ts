// Parse an ipvsadm-save / `ipvsadm -Sn` / ipvsadm-restore file exactly as `ipvsadm-restore`
// (ipvsadm 1.31 on kernel 6.1) would apply it: the commands run in order against an in-memory
// IPVS table, and every message ipvsadm or the kernel would print becomes a diagnostic.
// Kernel errors and popt errors skip the line; ipvsadm's own validation errors and lines without
// a command stop the file, like ipvsadm's exit() does. Never throws.
import type { Diagnostic } from '../validate/diagnostic';
import { makeDiagnostic } from '../validate/diagnostic';
import type { IpvsDestination, IpvsService, IpvsTable } from './types';
import { IPVS_MESSAGES } from './messages';
import type { Token } from './popt';
import { parseCommandLine, type CommandEntry } from './command';
import { numberToIpv4 } from '../util/ip';
import {
  kernelAddDest,
  kernelAddService,
  kernelDelDest,
  kernelDelService,
  kernelEditDest,
  kernelEditService,
  kernelZero,
  type KernelError,
  type ServiceKey,
} from './kernel';

export interface ParseIpvsadmResult {
  table: IpvsTable;
  diagnostics: Diagnostic[];
}

/** Split one line as ipvsadm's config_stream_read does: on spaces, tabs and CRs; every word `ipvsadm` is dropped. */
export function splitLine(line: string): Token[] {
  const tokens: Token[] = [];
  const re = /[^ \t\r\n]+/g;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    if (m[0] !== 'ipvsadm') tokens.push({ text: m[0], column: m.index + 1 });
  }
  return tokens;
}

function serviceKey(e: CommandEntry): ServiceKey {
  const family = e.svc.family ?? 'ipv4';
  if (e.svc.fwmark) return { family, protocol: 'fwmark', fwmark: e.svc.fwmark };
  return { family, protocol: e.svc.proto ?? 'tcp', address: e.svc.address, port: e.svc.port };
}

const FLAG_NAMES: Record<string, [string, string, string]> = {
  sh: ['sh-fallback', 'sh-port', 'flag-3'],
  mh: ['mh-fallback', 'mh-port', 'flag-3'],
};

function buildService(e: CommandEntry): IpvsService {
  const k = serviceKey(e);
  const s: IpvsService = { protocol: k.protocol, family: k.family, scheduler: e.svc.scheduler, onePacket: e.svc.onePacket, flags: [], destinations: [] };
  if (k.protocol === 'fwmark') s.fwmark = k.fwmark!;
  else {
    s.address = k.address!;
    s.port = k.port!;
  }
  if (e.svc.persistent) {
    s.persistence = e.svc.timeout;
    if (k.family === 'ipv6') {
      if (e.svc.netmask !== 128) s.netmask = String(e.svc.netmask);
    } else if (e.svc.netmask >>> 0 !== 0xffffffff) s.netmask = numberToIpv4(e.svc.netmask >>> 0);
  }
  if (e.svc.pe) s.pe = e.svc.pe;
  const names = FLAG_NAMES[e.svc.scheduler] ?? ['flag-1', 'flag-2', 'flag-3'];
  for (let bit = 0; bit < 3; bit++) if (e.svc.schedFlags & (1 << bit)) s.flags.push(names[bit]!);
  return s;
}

function buildDest(e: CommandEntry): IpvsDestination {
  const d: IpvsDestination = {
    address: e.dest.address,
    family: e.dest.family ?? 'ipv4',
    port: e.dest.port,
    forward: e.dest.forward,
    weight: e.dest.weight,
    upperThreshold: e.dest.upper,
    lowerThreshold: e.dest.lower,
  };
  if (d.forward === 'tunnel') {
    d.tunType = e.dest.tunType;
    if (d.tunType === 'gue') d.tunPort = e.dest.tunPort;
    if (d.tunType !== 'ipip') d.tunCsum = e.dest.tunFlags === 1 ? 'csum' : e.dest.tunFlags === 2 ? 'remcsum' : 'nocsum';
  }
  return d;
}

function runKernel(t: IpvsTable, e: CommandEntry): KernelError | undefined {
  switch (e.cmd) {
    case 'add':
      return kernelAddService(t, buildService(e));
    case 'edit':
      return kernelEditService(t, buildService(e));
    case 'del':
      return kernelDelService(t, serviceKey(e));
    case 'flush':
      t.services.length = 0;
      return undefined;
    case 'zero':
      return kernelZero(t, e.options.has('service-address') ? serviceKey(e) : undefined);
    case 'adddest':
      return kernelAddDest(t, serviceKey(e), buildDest(e));
    case 'editdest':
      return kernelEditDest(t, serviceKey(e), buildDest(e));
    case 'deldest':
      return kernelDelDest(t, serviceKey(e), { family: e.dest.family ?? 'ipv4', address: e.dest.address, port: e.dest.port });
    default:
      return undefined;
  }
}

export function parseIpvsadmRules(text: string, file: string): ParseIpvsadmResult {
  return applyIpvsadmRules({ services: [] }, text, file);
}

/**
 * Run a rules text against an existing table (like `ipvsadm -R`, which does not clear first);
 * the given table is not modified: the result holds a new one.
 */
export function applyIpvsadmRules(start: IpvsTable, text: string, file: string): ParseIpvsadmResult {
  const table: IpvsTable = structuredClone(start);
  const diagnostics: Diagnostic[] = [];
  try {
    const src = typeof text === 'string' ? text : '';
    // ipvsadm-restore keeps the text in a bash variable, which cannot hold NUL bytes
    const lines = src.split('\u0000').join('').split('\n');
    const diag = (code: string, line: number, column: number, params: Record<string, string | number> = {}, severity: 'error' | 'warning' = 'error') =>
      diagnostics.push(makeDiagnostic(IPVS_MESSAGES, code, severity, { kind: 'file', path: '' }, params, { location: { file, line, column } }));
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      if (line.startsWith('#')) continue;
      const tokens = splitLine(line);
      if (tokens.length === 0) continue;
      const r = parseCommandLine(tokens);
      if (!r.ok) {
        const sev = r.error.code === 'ipvsadm.command-stops' ? 'warning' : 'error';
        diag(r.error.code, i + 1, r.error.column, r.error.params, sev);
        if (r.error.abort) break;
        continue;
      }
      const e = r.entry;
      if (e.cmd === 'list' || e.cmd === 'save' || e.cmd === 'startd' || e.cmd === 'stopd') {
        diag('ipvsadm.command-ignored', i + 1, e.cmdToken.column, { command: e.cmdToken.text }, 'warning');
        continue;
      }
      const k = runKernel(table, e);
      if (k) diag(k, i + 1, e.cmdToken.column);
    }
  } catch (err) {
    // defensive: the parser is total by construction; never let a bug escape as an exception
    diagnostics.push(
      makeDiagnostic(IPVS_MESSAGES, 'ipvsadm.internal', 'error', { kind: 'file', path: '' }, {}, { location: { file, line: 1, column: 1 } }),
    );
    void err;
  }
  return { table, diagnostics };
}

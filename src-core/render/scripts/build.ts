// Shared assembly of the director and real-server scripts: the common steps (modules, tunnels,
// sysctls, addresses, routes), the apply/remove/status dispatcher and the refusal script.
import type { HostDesiredState } from '../../compile/desired-state';
import { commentText, shQuote } from '../shell-quote';
import { networkAddress, parseCidr } from '../../util/ip';
import { SHELL_LIB } from './shell-lib';
import { tunnelDevice, TUNNEL_MODULES } from './tunnels';

export interface ScriptParts {
  apply: string[];
  remove: string[];
  status: string[];
}

export interface CommonOptions {
  /** Modules loaded elsewhere in the script (the director's ip_vs* in its IPVS step). */
  skipModule: (name: string) => boolean;
  /** false when another program (keepalived) owns the managed addresses. */
  manageAddresses: boolean;
}

const fam = (f: 'ipv4' | 'ipv6'): string => (f === 'ipv4' ? '-4' : '-6');

/** The common steps; the host must have passed checkHostForScripts. */
export function commonParts(host: HostDesiredState, opts: CommonOptions): ScriptParts {
  const apply: string[] = [];
  const remove: string[] = [];
  const status: string[] = [];

  const modules = [...new Set(host.modules.map((m) => m.name))].filter((n) => !opts.skipModule(n) && !TUNNEL_MODULES.includes(n));
  for (const m of modules) apply.push(`module_apply ${shQuote(m)}`);

  // Tunnels before sysctls: net.ipv4.conf.tunl0.* exists only once the device does.
  const tunnels = new Map<string, string>();
  const fouPorts = new Set<number>();
  for (const t of host.tunnels) {
    const d = tunnelDevice(t);
    if (d) tunnels.set(d.dev, d.module);
    if (d?.fouPort !== undefined) fouPorts.add(d.fouPort);
  }
  for (const [dev, mod] of tunnels) {
    apply.push(`tunnel_apply ${shQuote(dev)} ${shQuote(mod)}`);
    status.push(`tunnel_status ${shQuote(dev)}`);
  }
  for (const port of fouPorts) {
    apply.push(`fou_apply ${shQuote(String(port))}`);
    status.push(`fou_status ${shQuote(String(port))}`);
    remove.push(`fou_remove ${shQuote(String(port))}`);
  }

  // Sysctls before addresses: a DR VIP must not appear on lo before arp_ignore/arp_announce are set.
  for (const s of host.sysctls) {
    apply.push(`sysctl_apply ${shQuote(s.key)} ${shQuote(s.value)}`);
    status.push(`sysctl_status ${shQuote(s.key)} ${shQuote(s.value)}`);
  }
  if (host.sysctls.length > 0) remove.push(`log 'sysctls are left as they are (previous values are not known)'`);

  const managed = host.addresses.filter((a) => a.managed);
  if (opts.manageAddresses) {
    for (const a of managed) {
      const c = parseCidr(a.cidr)!;
      const args = `${fam(a.family)} ${shQuote(a.dev)} ${shQuote(`${c.address}/${c.prefix}`)}`;
      apply.push(`addr_apply ${args}`);
      remove.push(`addr_remove ${args}`);
      status.push(`addr_status ${args}`);
    }
  } else if (managed.length > 0) {
    const note = `log ${shQuote(`virtual addresses are managed by keepalived (HA pair ${host.haPairId ?? ''}), not by this script`)}`;
    apply.push(note);
    remove.push(note);
  }

  for (const r of host.routes) {
    const c = r.dst === 'default' ? undefined : parseCidr(r.dst);
    const dst = c ? `${networkAddress(c)}/${c.prefix}` : 'default';
    const words = [fam(r.family), shQuote(dst)];
    if (r.via !== undefined) words.push('via', shQuote(r.via));
    if (r.dev !== undefined) words.push('dev', shQuote(r.dev));
    const args = words.join(' ');
    apply.push(`route_apply ${args}`);
    status.push(`route_status ${args}`);
    // The default route is how the host stays reachable: remove never deletes it.
    if (dst === 'default') remove.push(`log ${shQuote(`leaving the ${r.family} default route in place`)}`);
    else remove.push(`route_remove ${args}`);
  }
  // Undo in reverse order: routes, addresses, then tunnels.
  for (const dev of tunnels.keys()) remove.push(`tunnel_remove ${shQuote(dev)}`);
  return { apply, remove: reorderRemove(remove), status };
}

function reorderRemove(lines: string[]): string[] {
  const rank = (l: string): number => (l.startsWith('route_') ? 0 : l.startsWith('addr_') ? 1 : l.startsWith('fou_') ? 2 : l.startsWith('tunnel_') ? 3 : 4);
  return [...lines].sort((a, b) => rank(a) - rank(b));
}

export interface ScriptSpec {
  kind: string;
  host: HostDesiredState;
  usage: string[];
  /** What `remove` undoes, for the usage comment. */
  removes: string;
  /** Extra shell text after the common helpers (variables, here-doc functions, more helpers). */
  extra: string[];
  parts: ScriptParts;
}

/** The helper blocks the script calls: always the logging/report block, each other one when used. */
function usedLib(callers: string): string {
  return SHELL_LIB.split('\n\n')
    .filter((block) => {
      const fn = /^([a-z]+)_[a-z]+\(\)/m.exec(block);
      return !fn || ['sysctl', 'module', 'tunnel', 'fou', 'addr', 'route'].every((k) => k !== fn[1]) || callers.includes(`${fn[1]}_`);
    })
    .join('\n\n');
}

function body(lines: string[]): string {
  return (lines.length > 0 ? lines : [':']).map((l) => `  ${l}`).join('\n');
}

export function assembleScript(spec: ScriptSpec): string {
  const h = spec.host;
  return [
    '#!/bin/sh',
    `# LVS Studio ${spec.kind} script for host ${commentText(h.hostName)} (id ${commentText(h.hostId)}).`,
    '# Generated from the cluster plan: change the plan and render again rather than editing this file.',
    '#',
    '# Usage: sh THIS-SCRIPT [apply|remove|status]',
    '#   apply   (default) bring the host to the desired state; running it again changes nothing',
    `#   remove  undo what apply added (${spec.removes}); sysctls are left as they are`,
    '#   status  print ok/DRIFT per item; exit 0 when in sync, 3 when not',
    ...spec.usage.map((u) => `# ${u}`),
    'set -eu',
    '',
    usedLib([...spec.extra, ...spec.parts.apply, ...spec.parts.remove, ...spec.parts.status].join('\n')),
    ...spec.extra,
    'do_apply() {',
    body(spec.parts.apply),
    '}',
    '',
    'do_remove() {',
    body(spec.parts.remove),
    '}',
    '',
    'do_status() {',
    body(spec.parts.status),
    '}',
    '',
    'case "${1:-apply}" in',
    '  apply) do_apply ;;',
    '  remove) do_remove ;;',
    '  status) do_status; exit "$drift" ;;',
    `  *) printf 'usage: %s [apply|remove|status]\\n' "$0" >&2; exit 2 ;;`,
    'esac',
    '',
  ].join('\n');
}

/** A script that applies nothing: it lists why it was not rendered and fails. */
export function refusalScript(kind: string, host: HostDesiredState, problems: string[]): string {
  return [
    '#!/bin/sh',
    `# LVS Studio ${kind} script for host ${commentText(host.hostName)} (id ${commentText(host.hostId)}): NOT RENDERED.`,
    '# The desired state holds values that are not safe to put in a shell script; fix the plan.',
    '# The messages below quote the refused values literally: the single quotes keep any $ or',
    '# backquote in them inert, which is what SC2016 would warn about.',
    '# shellcheck disable=SC2016',
    `printf '%s\\n' ${shQuote(`lvs-studio: refusing to configure host ${host.hostName}:`)} >&2`,
    ...problems.map((p) => `printf '  - %s\\n' ${shQuote(p)} >&2`),
    'exit 1',
    '',
  ].join('\n');
}

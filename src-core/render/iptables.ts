// iptables-restore file for the firewall-mark services of a director: mangle table, our own chain
// only. Safe with `iptables-restore --noflush`: declaring our chain flushes just that chain, no
// other chain is declared. Rule lines are printed the way iptables-save 1.8.9 prints them.
import type { DesiredMarkRule, Family, HostDesiredState } from '../compile/desired-state';
import { commentText } from './shell-quote';
import { normalizeIp, parseIp } from '../util/ip';

export const MARK_CHAIN = 'LVS-STUDIO-MARK';

/** One rule as `iptables-save` / `iptables -S` prints it, or undefined when the rule is not valid. */
export function markRuleLine(rule: DesiredMarkRule): string | undefined {
  const ip = parseIp(rule.vip);
  if (!ip || ip.kind() !== rule.family) return undefined;
  if (!['tcp', 'udp', 'sctp'].includes(rule.protocol)) return undefined;
  if (!Array.isArray(rule.ports) || rule.ports.length < 1 || rule.ports.length > 15) return undefined;
  if (!rule.ports.every((p) => Number.isInteger(p) && p >= 0 && p <= 65535)) return undefined;
  if (!Number.isInteger(rule.mark) || rule.mark < 1 || rule.mark > 0xffffffff) return undefined;
  const host = rule.family === 'ipv4' ? '/32' : '/128';
  const match =
    rule.ports.length === 1
      ? `-m ${rule.protocol} --dport ${rule.ports[0]}`
      : `-m multiport --dports ${rule.ports.join(',')}`;
  return `-A ${MARK_CHAIN} -d ${normalizeIp(rule.vip)}${host} -p ${rule.protocol} ${match} -j MARK --set-xmark 0x${rule.mark.toString(16)}/0xffffffff`;
}

export function markRulesFor(host: HostDesiredState, family: Family): DesiredMarkRule[] {
  return host.markRules.filter((r) => r.family === family);
}

/** The iptables-restore text; rules that are not valid are left out (the scripts refuse them). */
export function renderIptablesRules(host: HostDesiredState, family: Family): string {
  const tool = family === 'ipv4' ? 'iptables' : 'ip6tables';
  const lines = [
    `# LVS Studio firewall marks for host ${commentText(host.hostName)} (${family}).`,
    `# Load with: ${tool}-restore --noflush < this-file   (replaces chain ${MARK_CHAIN} only)`,
    `# Then jump to it once: ${tool} -t mangle -C PREROUTING -j ${MARK_CHAIN} || ${tool} -t mangle -I PREROUTING 1 -j ${MARK_CHAIN}`,
    '*mangle',
    `:${MARK_CHAIN} - [0:0]`,
  ];
  for (const rule of markRulesFor(host, family)) {
    const line = markRuleLine(rule);
    if (line) lines.push(line);
  }
  lines.push('COMMIT', '');
  return lines.join('\n');
}

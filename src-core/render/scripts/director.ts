// The director script: sysctls, VIPs (unless keepalived owns them), firewall-mark chain and the
// IPVS table, with apply/remove/status. Pure function of the host's desired state.
import type { Family, HostDesiredState } from '../../compile/desired-state';
import { renderIpvsadmSave } from '../ipvsadm-save';
import { MARK_CHAIN, markRulesFor, renderIptablesRules } from '../iptables';
import { commentText, shQuote } from '../shell-quote';
import { assembleScript, commonParts, refusalScript } from './build';
import { checkHostForScripts, ipvsServiceArgs } from './check';
import { MARKS_LIB } from './shell-lib';

const IPVS_EOF = 'LVS_STUDIO_IPVS';
const IPT_EOF = 'LVS_STUDIO_IPTABLES';

function hereDocFunction(name: string, delimiter: string, text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return [`${name}() {`, `  cat <<'${delimiter}'`, ...lines, delimiter, '}', ''];
}

const IPVS_LIB = String.raw`# IPVS. ipvsadm-restore runs "ipvsadm -C" first, which drops every connection: restore only when
# "ipvsadm -Sn" differs from the plan. (The LVS Studio agent edits a live table in place instead.)
ipvs_skip() { [ "${'$'}{LVS_STUDIO_SKIP_IPVS:-0}" = 1 ]; }
ipvs_del() {
  if ipvsadm -Ln "$@" >/dev/null 2>&1; then
    ipvsadm -D "$@"
    log "deleted IPVS service $*"
  fi
}
ipvs_sync() {
  if [ "$(ipvsadm -Sn)" != "$(ipvs_expected)" ]; then
    ipvs_rules | ipvsadm-restore || die 'ipvsadm-restore failed'
    log 'IPVS table replaced (ipvsadm-restore cleared it first)'
  fi
}
ipvs_status() {
  if ipvs_skip; then printf 'skip   IPVS table (LVS_STUDIO_SKIP_IPVS=1)\n'; return 0; fi
  if [ "$(ipvsadm -Sn 2>/dev/null)" = "$(ipvs_expected)" ]; then report ok 'IPVS table'; else report drift 'IPVS table differs from the plan'; fi
}
`;

export function renderDirectorScript(host: HostDesiredState): string {
  const problems = checkHostForScripts(host);
  const rules = renderIpvsadmSave(host.ipvs, { thresholds: true });
  // `ipvsadm -Sn` never prints -x/-y, so the comparison text leaves the thresholds out.
  const expected = renderIpvsadmSave(host.ipvs);
  const families = (['ipv4', 'ipv6'] as Family[]).filter((f) => markRulesFor(host, f).length > 0);
  const iptables = new Map(families.map((f) => [f, renderIptablesRules(host, f)]));
  if ([rules, expected].some((t) => t.split('\n').includes(IPVS_EOF))) problems.push('IPVS rules text contains the here-document delimiter');
  if ([...iptables.values()].some((t) => t.split('\n').includes(IPT_EOF))) problems.push('iptables rules text contains the here-document delimiter');
  if (problems.length > 0) return refusalScript('director', host, problems);

  const keepalived = host.haPairId !== undefined;
  const parts = commonParts(host, { skipModule: (n) => n.startsWith('ip_vs'), manageAddresses: !keepalived });
  const extra: string[] = [];

  if (families.length > 0) extra.push(`MARK_CHAIN=${shQuote(MARK_CHAIN)}`, MARKS_LIB);
  for (const f of families) {
    const tool = f === 'ipv4' ? 'iptables' : 'ip6tables';
    const fn = `mark_rules_${f}`;
    extra.push(...hereDocFunction(fn, IPT_EOF, iptables.get(f)!));
    parts.apply.push(`marks_apply ${tool} ${fn}`);
    parts.status.push(`marks_status ${tool} ${fn}`);
    parts.remove.unshift(`marks_remove ${tool}`);
  }

  extra.push(IPVS_LIB, ...hereDocFunction('ipvs_rules', IPVS_EOF, rules));
  extra.push(...(expected === rules ? ['ipvs_expected() { ipvs_rules; }', ''] : hereDocFunction('ipvs_expected', IPVS_EOF, expected)));
  const modules = [...new Set(host.modules.map((m) => m.name).filter((n) => n.startsWith('ip_vs')))];
  const skipNote = `log 'LVS_STUDIO_SKIP_IPVS=1: IPVS kernel modules and table left alone'`;
  const byKeepalived = host.ipvsOwner === 'keepalived';
  const ipvsApply = [
    'if ipvs_skip; then',
    `  ${skipNote}`,
    'else',
    ...(byKeepalived ? [] : ['  need ipvsadm', '  need ipvsadm-restore']),
    ...modules.map((m) => `  module_apply ${shQuote(m)}`),
    ...(byKeepalived ? [`  log 'IPVS table: keepalived keeps it (health checks change weights); not restored here'`] : ['  ipvs_sync']),
    'fi',
  ];
  const dels = host.ipvs.services.map((s) => {
    return `  ipvs_del ${ipvsServiceArgs(s)!.map(shQuote).join(' ')}`;
  });
  const ipvsRemove = ['if ipvs_skip; then', `  ${skipNote}`, 'elif command -v ipvsadm >/dev/null 2>&1; then', ...(dels.length > 0 ? dels : ['  :']), 'fi'];
  parts.apply.push(...ipvsApply);
  if (!byKeepalived) {
    parts.remove.unshift(...ipvsRemove);
    parts.status.push('ipvs_status');
  }

  return assembleScript({
    kind: 'director',
    host,
    removes: 'VIPs, firewall-mark chains, IPVS services',
    usage: [
      'Environment: LVS_STUDIO_SKIP_IPVS=1 leaves the IPVS kernel modules and table alone (for',
      '  testing the rest of the script on a kernel without IPVS).',
      ...(byKeepalived ? ['IPVS table: keepalived keeps it (see keepalived.conf); this script only loads the modules.'] : []),
      ...(keepalived ? [`Virtual addresses: keepalived (HA pair ${commentText(host.haPairId!)}) moves them; this script does not add them.`] : []),
    ],
    extra,
    parts,
  });
}


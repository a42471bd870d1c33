// A small Monarch tokenizer for keepalived.conf, so the generated file reads like the real thing.
import type * as MonacoApi from 'monaco-editor/editor/editor.api';

export const KEEPALIVED_LANGUAGE = 'keepalived';

const SECTIONS = [
  'global_defs', 'vrrp_script', 'vrrp_instance', 'vrrp_sync_group', 'virtual_server', 'virtual_server_group', 'real_server',
  'virtual_ipaddress', 'virtual_ipaddress_excluded', 'virtual_routes', 'track_script', 'track_interface', 'authentication',
  'TCP_CHECK', 'HTTP_GET', 'SSL_GET', 'MISC_CHECK', 'DNS_CHECK', 'url', 'group', 'notify_master', 'notify_backup', 'notify_fault',
];

const DIRECTIVES = [
  'router_id', 'state', 'interface', 'virtual_router_id', 'priority', 'advert_int', 'nopreempt', 'preempt_delay', 'auth_type',
  'auth_pass', 'unicast_src_ip', 'unicast_peer', 'delay_loop', 'lvs_sched', 'lb_algo', 'lvs_method', 'lb_kind', 'protocol',
  'persistence_timeout', 'persistence_granularity', 'weight', 'fwmark', 'connect_timeout', 'connect_port', 'retry',
  'delay_before_retry', 'path', 'status_code', 'digest', 'script', 'interval', 'fall', 'rise', 'quorum', 'hysteresis',
  'inhibit_on_failure', 'sorry_server', 'ha_suspend', 'virtualhost', 'garp_master_delay', 'dont_track_primary',
];

export function registerKeepalivedLanguage(monaco: typeof MonacoApi): void {
  monaco.languages.register({ id: KEEPALIVED_LANGUAGE, extensions: ['.conf'], aliases: ['keepalived'] });
  monaco.languages.setLanguageConfiguration(KEEPALIVED_LANGUAGE, {
    comments: { lineComment: '#' },
    brackets: [['{', '}']],
    autoClosingPairs: [{ open: '{', close: '}' }, { open: '"', close: '"' }],
  });
  monaco.languages.setMonarchTokensProvider(KEEPALIVED_LANGUAGE, {
    sections: SECTIONS,
    directives: DIRECTIVES,
    tokenizer: {
      root: [
        [/[#!].*$/, 'comment'],
        [/"[^"]*"/, 'string'],
        [/[{}]/, '@brackets'],
        [/\b(?:MASTER|BACKUP|NAT|DR|TUN|TCP|UDP|SCTP|PASS|AH)\b/, 'constant'],
        [/\d{1,3}(?:\.\d{1,3}){3}(?:\/\d{1,2})?/, 'number'],
        [/[0-9a-fA-F]*:[0-9a-fA-F:]+(?:\/\d{1,3})?/, 'number'],
        [/\b\d+\b/, 'number'],
        [/[A-Za-z_][\w-]*/, { cases: { '@sections': 'keyword', '@directives': 'type', '@default': 'identifier' } }],
        [/\s+/, 'white'],
      ],
    },
  });
}

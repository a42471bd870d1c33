// The keyword table: for each block context, the keywords keepalived 2.2 accepts there (after its
// check_parser.c / vrrp_parser.c / global_parser.c), how many values they take, which block they
// open, and whether the plan can hold them. Keywords not listed are reported as unknown.

export type Context =
  | 'top'
  | 'global_defs'
  | 'vrrp_instance'
  | 'authentication'
  | 'addresses'
  | 'virtual_server'
  | 'real_server'
  | 'tcp_check'
  | 'http_check'
  | 'misc_check'
  | 'url'
  | 'skip';

export interface KeywordSpec {
  /** Fewest values after the keyword. */
  min: number;
  /** Most values (Infinity: the rest of the line). */
  max: number;
  /** Context of the block it opens; absent: takes no block. 'skip' blocks are not looked into. */
  block?: Context;
  /** Valid keepalived that the plan cannot hold: a warning, never silently dropped. */
  ignored?: boolean;
  /** What its values should look like, for the "missing value" message. */
  expects?: string;
  /** keepalived takes the keyword without its block too (an empty global_defs). */
  blockOptional?: boolean;
}

const k = (min: number, max: number, expects?: string, block?: Context): KeywordSpec => ({ min, max, expects, block });
const flag = (): KeywordSpec => k(0, 0);
const ign = (min = 0, max = Infinity, block?: Context): KeywordSpec => ({ min, max, block, ignored: true });
const ignBlock = (min = 0, max = Infinity): KeywordSpec => ign(min, max, 'skip');

const CHECKER_COMMON: Record<string, KeywordSpec> = {
  connect_port: k(1, 1, 'a port'),
  connect_timeout: k(1, 1, 'seconds'),
  retry: k(1, 1, 'a count'),
  nb_get_retry: k(1, 1, 'a count'),
  delay_before_retry: k(1, 1, 'seconds'),
  delay_loop: k(1, 1, 'seconds'),
  connect_ip: ign(1, 1),
  bindto: ign(1, 1),
  bind_if: ign(1, 1),
  bind_port: ign(1, 1),
  fwmark: ign(1, 1),
  warmup: ign(1, 1),
  alpha: ign(0, 1),
  log_all_failures: ign(0, 1),
};

export const KEYWORDS: Record<Exclude<Context, 'skip' | 'addresses'>, Record<string, KeywordSpec>> = {
  top: {
    global_defs: { ...k(0, 0, undefined, 'global_defs'), blockOptional: true },
    vrrp_instance: k(1, 1, 'an instance name', 'vrrp_instance'),
    virtual_server: k(1, 2, 'an address and port, fwmark N or group NAME', 'virtual_server'),
    virtual_server_group: ignBlock(1, 1),
    vrrp_script: ignBlock(1, 1),
    vrrp_sync_group: ignBlock(1, 1),
    vrrp_track_process: ignBlock(1, 1),
    vrrp_track_file: ignBlock(1, 1),
    track_file: ignBlock(1, 1),
    static_ipaddress: ignBlock(0, 0),
    static_routes: ignBlock(0, 0),
    static_rules: ignBlock(0, 0),
    linkbeat_interfaces: ignBlock(0, 0),
    garp_group: ignBlock(0, 0),
    bfd_instance: ignBlock(1, 1),
    net_namespace: ign(1, 1),
    net_namespace_ipvs: ign(1, 1),
    instance: ign(1, 1),
    use_pid_dir: ign(0, 0),
  },
  global_defs: {
    router_id: k(1, 1, 'a name'),
    enable_script_security: flag(),
    script_user: k(1, 2, 'a user name'),
    lvs_sync_daemon: k(1, Infinity, 'an interface'),
    notification_email: ignBlock(0, 0),
    notification_email_from: ign(1, 1),
    smtp_server: ign(1, 2),
    smtp_helo_name: ign(1, 1),
    smtp_connect_timeout: ign(1, 1),
    smtp_alert: ign(0, 1),
    smtp_alert_vrrp: ign(0, 1),
    smtp_alert_checker: ign(0, 1),
    lvs_timeouts: ign(1),
    lvs_flush: ign(0, 0),
    lvs_flush_onstop: ign(0, 1),
    vrrp_mcast_group4: ign(1, 1),
    vrrp_mcast_group6: ign(1, 1),
    vrrp_garp_master_delay: ign(1, 1),
    vrrp_garp_master_repeat: ign(1, 1),
    vrrp_garp_master_refresh: ign(1, 1),
    vrrp_garp_master_refresh_repeat: ign(1, 1),
    vrrp_garp_interval: ign(1, 1),
    vrrp_gna_interval: ign(1, 1),
    vrrp_version: ign(1, 1),
    vrrp_strict: ign(0, 0),
    vrrp_skip_check_adv_addr: ign(0, 0),
    vrrp_check_unicast_src: ign(0, 0),
    vrrp_iptables: ign(0),
    vrrp_ipsets: ign(0),
    vrrp_priority: ign(1, 1),
    checker_priority: ign(1, 1),
    dynamic_interfaces: ign(0, 1),
    script_security: ign(0, 0),
    max_auto_priority: ign(0, 1),
    enable_traps: ign(0, 0),
    notify_fifo: ign(1, 3),
    vrrp_notify_fifo: ign(1, 3),
    lvs_notify_fifo: ign(1, 3),
  },
  vrrp_instance: {
    state: k(1, 1, 'MASTER or BACKUP'),
    interface: k(1, 1, 'an interface name'),
    virtual_router_id: k(1, 1, 'a number 1-255'),
    priority: k(1, 1, 'a number 1-255'),
    advert_int: k(1, 1, 'seconds'),
    nopreempt: flag(),
    preempt: ign(0, 0),
    authentication: k(0, 0, undefined, 'authentication'),
    virtual_ipaddress: k(0, 0, undefined, 'addresses'),
    virtual_ipaddress_excluded: k(0, 0, undefined, 'addresses'),
    lvs_sync_daemon_interface: k(1, 1, 'an interface name'),
    track_interface: ignBlock(0, 0),
    track_script: ignBlock(0, 0),
    track_process: ignBlock(0, 0),
    track_file: ignBlock(0, 0),
    track_bfd: ignBlock(0, 0),
    unicast_peer: ignBlock(0, 0),
    virtual_routes: ignBlock(0, 0),
    virtual_rules: ignBlock(0, 0),
    unicast_src_ip: ign(1, 1),
    mcast_src_ip: ign(1, 1),
    notify_master: ign(1),
    notify_backup: ign(1),
    notify_fault: ign(1),
    notify_stop: ign(1),
    notify: ign(1),
    smtp_alert: ign(0, 1),
    dont_track_primary: ign(0, 0),
    preempt_delay: ign(1, 1),
    garp_master_delay: ign(1, 1),
    garp_master_repeat: ign(1, 1),
    garp_master_refresh: ign(1, 1),
    garp_master_refresh_repeat: ign(1, 1),
    garp_lower_prio_delay: ign(1, 1),
    garp_lower_prio_repeat: ign(1, 1),
    use_vmac: ign(0, 1),
    vmac_xmit_base: ign(0, 0),
    native_ipv6: ign(0, 0),
    version: ign(1, 1),
    accept: ign(0, 0),
    no_accept: ign(0, 0),
    strict_mode: ign(0, 1),
    debug: ign(0, 1),
  },
  authentication: {
    auth_type: k(1, 1, 'PASS or AH'),
    auth_pass: k(1, 1, 'a password'),
  },
  virtual_server: {
    delay_loop: k(1, 1, 'seconds'),
    lb_algo: k(1, 1, 'a scheduler'),
    lvs_sched: k(1, 1, 'a scheduler'),
    lb_kind: k(1, Infinity, 'NAT, DR or TUN'),
    lvs_method: k(1, Infinity, 'NAT, DR or TUN'),
    persistence_timeout: k(0, 1, 'seconds'),
    persistence_granularity: k(1, 1, 'a netmask'),
    persistence_engine: k(1, 1, 'a persistence engine'),
    protocol: k(1, 1, 'TCP, UDP or SCTP'),
    ops: flag(),
    'sh-port': flag(),
    'sh-fallback': flag(),
    'mh-port': flag(),
    'mh-fallback': flag(),
    'flag-1': ign(0, 0),
    'flag-2': ign(0, 0),
    'flag-3': ign(0, 0),
    quorum: k(1, 1, 'a weight'),
    hysteresis: k(1, 1, 'a weight'),
    sorry_server: k(1, 2, 'an address and port'),
    sorry_server_lvs_method: k(1, Infinity, 'NAT, DR or TUN'),
    sorry_server_inhibit: ign(0, 1),
    inhibit_on_failure: k(0, 1, 'a boolean'),
    ip_family: k(1, 1, 'inet or inet6'),
    virtualhost: k(1, 1, 'a host name'),
    connect_timeout: k(1, 1, 'seconds'),
    retry: k(1, 1, 'a count'),
    delay_before_retry: k(1, 1, 'seconds'),
    real_server: k(1, 2, 'an address and port', 'real_server'),
    ha_suspend: ign(0, 0),
    alpha: ign(0, 0),
    omega: ign(0, 0),
    quorum_up: ign(1),
    quorum_down: ign(1),
    smtp_alert: ign(0, 1),
    snmp_name: ign(1, 1),
    warmup: ign(1, 1),
  },
  real_server: {
    weight: k(1, 1, 'a weight'),
    lvs_method: k(1, Infinity, 'NAT, DR or TUN'),
    uthreshold: k(1, 1, 'a connection count'),
    lthreshold: k(1, 1, 'a connection count'),
    inhibit_on_failure: k(0, 1, 'a boolean'),
    virtualhost: k(1, 1, 'a host name'),
    connect_timeout: k(1, 1, 'seconds'),
    retry: k(1, 1, 'a count'),
    delay_before_retry: k(1, 1, 'seconds'),
    delay_loop: k(1, 1, 'seconds'),
    TCP_CHECK: k(0, 0, undefined, 'tcp_check'),
    HTTP_GET: k(0, 0, undefined, 'http_check'),
    SSL_GET: k(0, 0, undefined, 'http_check'),
    MISC_CHECK: k(0, 0, undefined, 'misc_check'),
    SMTP_CHECK: ignBlock(0, 0),
    DNS_CHECK: ignBlock(0, 0),
    UDP_CHECK: ignBlock(0, 0),
    PING_CHECK: ignBlock(0, 0),
    BFD_CHECK: ignBlock(0, 0),
    FILE_CHECK: ignBlock(0, 0),
    notify_up: ign(1),
    notify_down: ign(1),
    alpha: ign(0, 1),
    warmup: ign(1, 1),
    smtp_alert: ign(0, 1),
    snmp_name: ign(1, 1),
  },
  tcp_check: { ...CHECKER_COMMON },
  http_check: {
    ...CHECKER_COMMON,
    url: k(0, 0, undefined, 'url'),
    virtualhost: k(1, 1, 'a host name'),
    enable_sni: ign(0, 1),
    tls_compliant: ign(0, 1),
    protocol: ign(1, 1),
    fast_recovery: ign(0, 1),
  },
  misc_check: {
    ...CHECKER_COMMON,
    misc_path: k(1, Infinity, 'a command'),
    misc_timeout: k(1, 1, 'seconds'),
    misc_dynamic: ign(0, 0),
    user: ign(1, 2),
  },
  url: {
    path: k(1, 1, 'a path'),
    digest: k(1, 1, 'an MD5 digest'),
    status_code: k(1, Infinity, 'an HTTP status'),
    virtualhost: k(1, 1, 'a host name'),
    regex: ign(1, 1),
    regex_no_match: ign(0, 0),
    regex_options: ign(1),
    regex_stack: ign(1, 2),
    regex_min_offset: ign(1, 1),
    regex_max_offset: ign(1, 1),
  },
};

/** Keywords that pull in other files (keepalived's include and its checked variants). */
export const INCLUDE_KEYWORDS = new Set(['include', 'includer', 'includem', 'includew', 'includeb', 'includea', 'includet']);

// Messages of the virtual-service rules (addressing, ports, fwmark, persistence, sorry server, quorum).
import type { RuleSpecTable } from '../rule-spec';

export const SERVICE_RULES: RuleSpecTable = {
  'service.duplicate': {
    severity: 'error',
    description: 'Two services have the same protocol, VIP and port (or fwmark and family) on one director.',
    en: 'Service "{service}" ({key}) duplicates service "{other}" on director "{director}".',
    zh: '服务 "{service}" ({key}) 与调度器 "{director}" 上的服务 "{other}" 重复。',
    hint: {
      en: 'The kernel refuses the second one with "Service already exists"; merge the real servers into one service.',
      zh: '内核会以 "Service already exists" 拒绝第二个服务，请把真实服务器合并到同一个服务中。',
    },
  },
  'service.vip-required': {
    severity: 'error',
    description: 'A tcp/udp/sctp service has no VIP.',
    en: 'Service "{service}" ({protocol}) has no VIP.',
    zh: '服务 "{service}" ({protocol}) 没有设置 VIP。',
    hint: {
      en: 'tcp, udp and sctp services are addressed by VIP and port; set vip.',
      zh: 'tcp、udp、sctp 服务由 VIP 和端口标识，请设置 vip。',
    },
  },
  'service.port-required': {
    severity: 'error',
    description: 'A tcp/udp/sctp service has no port.',
    en: 'Service "{service}" ({protocol}) has no port.',
    zh: '服务 "{service}" ({protocol}) 没有设置端口。',
    hint: {
      en: 'Set port; port 0 (all ports) is only accepted for a persistent service.',
      zh: '请设置端口；端口 0（所有端口）只允许用于持久连接服务。',
    },
  },
  'service.zero-port-not-persistent': {
    severity: 'error',
    description: 'Port 0 (all ports) on a service without persistence.',
    en: 'Service "{service}" uses port 0 without persistence; the kernel refuses it: "Zero port specified for non-persistent service".',
    zh: '服务 "{service}" 使用端口 0 但未开启持久连接，内核会拒绝："Zero port specified for non-persistent service"。',
    hint: {
      en: 'Give the service a port, or enable persistence (ipvsadm -p) so all ports of one client go to one real server.',
      zh: '请为服务指定端口，或开启持久连接 (ipvsadm -p)，使同一客户端的所有端口都调度到同一台真实服务器。',
    },
  },
  'service.fwmark-required': {
    severity: 'error',
    description: 'A fwmark service has no fwmark.',
    en: 'Service "{service}" has protocol fwmark but no fwmark value.',
    zh: '服务 "{service}" 的协议为 fwmark，但没有设置防火墙标记值。',
    hint: {
      en: 'Set fwmark to a mark between 1 and 4294967295.',
      zh: '请把 fwmark 设为 1 到 4294967295 之间的标记值。',
    },
  },
  'service.fwmark-range': {
    severity: 'error',
    description: 'A fwmark is outside 1..4294967295.',
    en: 'Service "{service}" has fwmark {fwmark}; the kernel accepts 1 to 4294967295.',
    zh: '服务 "{service}" 的防火墙标记为 {fwmark}，内核只接受 1 到 4294967295。',
    hint: {
      en: 'Mark 0 means "no mark" and cannot select a service.',
      zh: '标记 0 表示"未打标记"，不能用于选择服务。',
    },
  },
  'service.fwmark-no-match': {
    severity: 'warning',
    description: 'A fwmark service has no match list, so no traffic gets the mark.',
    en: 'Fwmark service "{service}" has no match rules: no packet gets mark {fwmark}, so the service receives nothing.',
    zh: 'fwmark 服务 "{service}" 没有匹配规则：没有报文会被打上标记 {fwmark}，该服务收不到任何流量。',
    hint: {
      en: 'Add match entries (VIP, protocol, ports); they become the mangle PREROUTING rules that set the mark.',
      zh: '请添加 match 条目（VIP、协议、端口），它们会生成 mangle 表 PREROUTING 链中打标记的规则。',
    },
  },
  'service.fwmark-fields-ignored': {
    severity: 'warning',
    description: 'fwmark or match is set on a service whose protocol is not fwmark.',
    en: 'Service "{service}" is {protocol} but sets {field}, which only applies to fwmark services.',
    zh: '服务 "{service}" 的协议是 {protocol}，却设置了只对 fwmark 服务有效的 {field}。',
    hint: {
      en: 'Remove {field}, or change the protocol to fwmark.',
      zh: '请删除 {field}，或把协议改为 fwmark。',
    },
  },
  'service.family-mismatch': {
    severity: 'error',
    description: 'A fwmark match VIP is not of the service family.',
    en: 'Match VIP {vip} of fwmark service "{service}" is {vipFamily}, but the service is {family}.',
    zh: 'fwmark 服务 "{service}" 的匹配 VIP {vip} 是 {vipFamily}，而服务是 {family}。',
    hint: {
      en: 'A fwmark service is either IPv4 or IPv6 (ipvsadm -6); split the match list into two services.',
      zh: '一个 fwmark 服务只能是 IPv4 或 IPv6（ipvsadm -6），请把匹配规则拆成两个服务。',
    },
  },
  'service.one-packet-not-udp': {
    severity: 'error',
    description: 'One-packet scheduling (-o) on a service that is neither UDP nor fwmark.',
    en: 'Service "{service}" is {protocol} and uses one-packet scheduling; the kernel refuses it: "One-Packet Scheduling is only for UDP virtual services".',
    zh: '服务 "{service}" 是 {protocol} 协议却开启了单包调度，内核会拒绝："One-Packet Scheduling is only for UDP virtual services"。',
    hint: {
      en: 'Turn onePacket off, or use it on a UDP or fwmark service.',
      zh: '请关闭 onePacket，或只在 UDP 或 fwmark 服务上使用。',
    },
  },
  'service.persistence-timeout-range': {
    severity: 'error',
    description: 'Persistence timeout outside 1..2678400 seconds.',
    en: 'Service "{service}" has persistence timeout {timeout}; ipvsadm accepts 1 to 2678400 seconds.',
    zh: '服务 "{service}" 的持久连接超时为 {timeout}，ipvsadm 只接受 1 到 2678400 秒。',
    hint: {
      en: 'The default is 360 seconds; 2678400 is 31 days.',
      zh: '默认值为 360 秒；2678400 秒即 31 天。',
    },
  },
  'service.netmask-bare-number-ipv4': {
    severity: 'warning',
    description: 'A bare number as IPv4 persistence netmask (the kernel takes 24 as 0.0.0.24).',
    en: 'Persistence netmask "{netmask}" of IPv4 service "{service}" is a bare number; ipvsadm takes it as {taken}, not as a prefix length.',
    zh: 'IPv4 服务 "{service}" 的持久连接掩码 "{netmask}" 是一个纯数字，ipvsadm 会把它当作 {taken}，而不是前缀长度。',
    hint: {
      en: 'Write the dotted mask, e.g. {dotted}.',
      zh: '请写成点分十进制掩码，例如 {dotted}。',
    },
  },
  'service.netmask-invalid': {
    severity: 'error',
    description: 'A persistence netmask that is neither a dotted IPv4 mask nor an IPv6 prefix length.',
    en: 'Persistence netmask "{netmask}" of service "{service}" is not valid for {family}.',
    zh: '服务 "{service}" 的持久连接掩码 "{netmask}" 对 {family} 无效。',
    hint: {
      en: 'IPv4 takes a dotted mask (255.255.255.0); IPv6 takes a prefix length from 1 to 128 (64).',
      zh: 'IPv4 使用点分掩码 (255.255.255.0)；IPv6 使用 1 到 128 的前缀长度 (64)。',
    },
  },
  'service.netmask-ipv6-dotted': {
    severity: 'error',
    description: 'A dotted netmask on an IPv6 service (kernel: illegal ipv6 netmask specified).',
    en: 'IPv6 service "{service}" has dotted persistence netmask "{netmask}"; ipvsadm refuses it: "illegal ipv6 netmask specified".',
    zh: 'IPv6 服务 "{service}" 的持久连接掩码 "{netmask}" 是点分格式，ipvsadm 会拒绝："illegal ipv6 netmask specified"。',
    hint: {
      en: 'Use a prefix length from 1 to 128, e.g. 64.',
      zh: '请使用 1 到 128 的前缀长度，例如 64。',
    },
  },
  'service.netmask-noncontiguous': {
    severity: 'warning',
    description: 'A persistence netmask whose one bits are not contiguous.',
    en: 'Persistence netmask {netmask} of service "{service}" is not contiguous; the kernel keeps it, but clients are grouped in a surprising way.',
    zh: '服务 "{service}" 的持久连接掩码 {netmask} 不连续；内核会接受，但客户端的分组方式会出乎意料。',
    hint: {
      en: 'Use a contiguous mask such as 255.255.255.0.',
      zh: '请使用连续掩码，例如 255.255.255.0。',
    },
  },
  'service.pe-sip-not-udp': {
    severity: 'warning',
    description: 'The SIP persistence engine on a service that is not UDP.',
    en: 'Service "{service}" is {protocol} and uses the SIP persistence engine, which only looks at UDP SIP packets.',
    zh: '服务 "{service}" 是 {protocol} 协议却使用了 SIP 持久引擎，该引擎只解析 UDP 的 SIP 报文。',
    hint: {
      en: 'ipvsadm accepts --pe sip on TCP, but it has no effect there; remove the engine or use UDP.',
      zh: 'ipvsadm 允许在 TCP 上使用 --pe sip，但不会生效；请删除该引擎或改用 UDP。',
    },
  },
  'service.no-real-servers': {
    severity: 'warning',
    description: 'A service has no real server and no sorry server.',
    en: 'Service "{service}" has no real server and no sorry server; every connection to it fails.',
    zh: '服务 "{service}" 既没有真实服务器也没有 sorry server，所有连接都会失败。',
    hint: {
      en: 'Add real servers, or a sorry server that answers while none is available.',
      zh: '请添加真实服务器，或设置在没有可用真实服务器时应答的 sorry server。',
    },
  },
  'service.all-weights-zero': {
    severity: 'warning',
    description: 'Every real server of a service has weight 0 (drained).',
    en: 'All {count} real servers of service "{service}" have weight 0: no new connection is scheduled.',
    zh: '服务 "{service}" 的全部 {count} 台真实服务器权重都为 0：不会调度任何新连接。',
    hint: {
      en: 'Weight 0 drains a server; give at least one real server a positive weight.',
      zh: '权重 0 表示摘除（排空）；请至少给一台真实服务器设置正权重。',
    },
  },
  'service.sorry-address-invalid': {
    severity: 'error',
    description: 'The sorry server address does not parse.',
    en: 'Sorry server address "{address}" of service "{service}" is not a valid address.',
    zh: '服务 "{service}" 的 sorry server 地址 "{address}" 不是合法地址。',
    hint: {
      en: 'Write a plain IPv4 or IPv6 address.',
      zh: '请填写不带前缀的 IPv4 或 IPv6 地址。',
    },
  },
  'service.sorry-family-mismatch': {
    severity: 'error',
    description: 'The sorry server address family differs from the service family (without tun).',
    en: 'Sorry server {address} of {family} service "{service}" is {addressFamily}; only a tunnelled server may differ in address family.',
    zh: '{family} 服务 "{service}" 的 sorry server {address} 是 {addressFamily}；只有隧道模式的服务器可以使用不同的地址族。',
    hint: {
      en: 'Use a sorry server of the service family, or forwarding tun.',
      zh: '请使用与服务相同地址族的 sorry server，或使用 tun 转发。',
    },
  },
  'service.quorum-unreachable': {
    severity: 'warning',
    description: 'The quorum is larger than the sum of the real server weights.',
    en: 'Quorum {quorum} of service "{service}" is more than the sum of its real server weights ({sum}); the quorum is never reached.',
    zh: '服务 "{service}" 的 quorum {quorum} 大于其真实服务器权重之和 ({sum})，永远无法达到。',
    hint: {
      en: 'keepalived only brings the VIP up when the live weights add up to the quorum; lower it or add weight.',
      zh: 'keepalived 只有在存活权重之和达到 quorum 时才会启用 VIP；请调低 quorum 或增加权重。',
    },
  },
};

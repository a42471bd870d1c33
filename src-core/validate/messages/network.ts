// Messages of the network and addressing rules.
import type { RuleSpecTable } from '../rule-spec';

export const NETWORK_RULES: RuleSpecTable = {
  'network.cidr-invalid': {
    severity: 'error',
    description: 'A network CIDR does not parse.',
    en: 'Network "{network}" has CIDR "{cidr}", which is not a valid IPv4 or IPv6 prefix.',
    zh: '网络 "{network}" 的 CIDR "{cidr}" 不是合法的 IPv4 或 IPv6 网段。',
    hint: {
      en: 'Write it as address/prefix length, e.g. 192.168.10.0/24 or 2001:db8:10::/64.',
      zh: '请写成 地址/前缀长度 的形式，例如 192.168.10.0/24 或 2001:db8:10::/64。',
    },
  },
  'network.overlap': {
    severity: 'warning',
    description: 'Two networks have overlapping prefixes.',
    en: 'Network "{network}" ({cidr}) overlaps network "{other}" ({otherCidr}).',
    zh: '网络 "{network}" ({cidr}) 与网络 "{other}" ({otherCidr}) 地址范围重叠。',
    hint: {
      en: 'Overlapping networks make the director route replies out of the wrong interface; use disjoint prefixes.',
      zh: '网段重叠会让调度器从错误的网卡发出回包，请使用互不重叠的网段。',
    },
  },
  'network.address-invalid': {
    severity: 'error',
    description: 'An interface address does not parse as address/prefix.',
    en: 'Address "{address}" on {iface} of host "{host}" is not a valid address with prefix length.',
    zh: '主机 "{host}" 网卡 {iface} 上的地址 "{address}" 不是合法的 地址/前缀长度。',
    hint: {
      en: 'Interface addresses carry their prefix length, e.g. 192.168.10.5/24.',
      zh: '网卡地址需要带前缀长度，例如 192.168.10.5/24。',
    },
  },
  'network.address-outside-network': {
    severity: 'error',
    description: 'An interface address is not inside the CIDR of the network the interface is attached to.',
    en: 'Address {address} on {iface} of host "{host}" is outside network "{network}" ({cidr}).',
    zh: '主机 "{host}" 网卡 {iface} 上的地址 {address} 不在网络 "{network}" ({cidr}) 的范围内。',
    hint: {
      en: 'Pick an address inside {cidr}, or attach the interface to the network that contains it.',
      zh: '请在 {cidr} 内选择地址，或把网卡连接到包含该地址的网络。',
    },
  },
  'network.duplicate-address': {
    severity: 'error',
    description: 'The same interface address is configured on two hosts.',
    en: 'Address {address} of host "{host}" is also configured on host "{other}".',
    zh: '主机 "{host}" 的地址 {address} 同时配置在主机 "{other}" 上。',
    hint: {
      en: 'Two hosts answering ARP for one address break traffic to both; give each host its own address.',
      zh: '两台主机对同一地址应答 ARP 会导致两边流量都异常，请为每台主机分配独立地址。',
    },
  },
  'network.vip-on-interface': {
    severity: 'error',
    description: 'A service VIP is configured as an interface address of a host.',
    en: 'VIP {vip} of service "{service}" is configured as an interface address of host "{host}" ({iface}).',
    zh: '服务 "{service}" 的 VIP {vip} 被配置为主机 "{host}" 的网卡地址 ({iface})。',
    hint: {
      en: 'LVS Studio places the VIP itself: on the director (or floating by keepalived) and on the lo of DR real servers. Remove it from the interface.',
      zh: 'VIP 由 LVS Studio 统一配置：调度器上（或由 keepalived 漂移）以及 DR 真实服务器的 lo 上。请从网卡地址中删除它。',
    },
  },
  'network.vip-invalid': {
    severity: 'error',
    description: 'A VIP (service, fwmark match or VRRP extra VIP) does not parse as an address.',
    en: 'VIP "{vip}" of "{owner}" is not a valid IPv4 or IPv6 address.',
    zh: '"{owner}" 的 VIP "{vip}" 不是合法的 IPv4 或 IPv6 地址。',
    hint: {
      en: 'Write a plain address without prefix, e.g. 203.0.113.10 or 2001:db8::10.',
      zh: '请填写不带前缀的地址，例如 203.0.113.10 或 2001:db8::10。',
    },
  },
  'network.vip-on-two-directors': {
    severity: 'error',
    description: 'One VIP is served by two different directors (or a director and an HA pair).',
    en: 'VIP {vip} of service "{service}" (director "{director}") is also served by "{otherDirector}" (service "{other}").',
    zh: '服务 "{service}"（调度器 "{director}"）的 VIP {vip} 同时由 "{otherDirector}"（服务 "{other}"）承载。',
    hint: {
      en: 'Both would answer ARP for the VIP and clients would flip between them; serve all services of one VIP from one director or HA pair.',
      zh: '两边都会对该 VIP 应答 ARP，客户端会在两者之间来回切换；同一 VIP 的所有服务请由同一台调度器或同一高可用对承载。',
    },
  },
  'network.vip-off-director-network': {
    severity: 'warning',
    description: 'A service VIP is not inside any network its director is attached to.',
    en: 'VIP {vip} of service "{service}" is not on any network director "{director}" is attached to.',
    zh: '服务 "{service}" 的 VIP {vip} 不在调度器 "{director}" 所连接的任何网络中。',
    hint: {
      en: 'Clients find the VIP by ARP on a shared network, unless the upstream router routes it to the director; put the VIP in a public network of the director or add that route.',
      zh: '客户端通过所在网络的 ARP 找到 VIP，除非上游路由器把它路由到调度器。请把 VIP 放在调度器连接的公网网段中，或添加相应路由。',
    },
  },
};

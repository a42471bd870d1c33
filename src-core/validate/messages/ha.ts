// Messages of the HA pair (keepalived VRRP and connection sync) rules.
import type { RuleSpecTable } from '../rule-spec';

export const HA_RULES: RuleSpecTable = {
  'ha.directors-count': {
    severity: 'error',
    description: 'An HA pair that does not name exactly two distinct directors.',
    en: 'HA pair "{pair}" names {count} distinct directors; it needs exactly two.',
    zh: '高可用对 "{pair}" 包含 {count} 台不同的调度器，必须正好是两台。',
    hint: {
      en: 'An HA pair is one MASTER and one BACKUP director running keepalived.',
      zh: '高可用对由运行 keepalived 的一台 MASTER 调度器和一台 BACKUP 调度器组成。',
    },
  },
  'ha.director-unknown': {
    severity: 'error',
    description: 'An HA pair names a host that does not exist.',
    en: 'HA pair "{pair}" names unknown host "{director}".',
    zh: '高可用对 "{pair}" 引用了不存在的主机 "{director}"。',
  },
  'ha.director-not-director': {
    severity: 'error',
    description: 'An HA pair names a host whose role is not director.',
    en: 'HA pair "{pair}" names host "{director}", whose role is {role}, not director.',
    zh: '高可用对 "{pair}" 引用的主机 "{director}" 角色是 {role}，而不是调度器 (director)。',
  },
  'ha.director-in-two-pairs': {
    severity: 'error',
    description: 'A director belongs to two HA pairs.',
    en: 'Director "{director}" is in HA pair "{pair}" and also in HA pair "{other}".',
    zh: '调度器 "{director}" 同时属于高可用对 "{pair}" 和 "{other}"。',
    hint: {
      en: 'A director belongs to one HA pair; put all its services on that pair.',
      zh: '一台调度器只能属于一个高可用对，请把它的所有服务都放到该高可用对上。',
    },
  },
  'ha.vrrp-interface-missing': {
    severity: 'error',
    description: 'The VRRP interface does not exist on a director of the pair.',
    en: 'VRRP interface {iface} of HA pair "{pair}" does not exist on director "{director}".',
    zh: '高可用对 "{pair}" 的 VRRP 网卡 {iface} 在调度器 "{director}" 上不存在。',
    hint: {
      en: 'Both directors run VRRP on an interface of that name; rename the interface or change vrrp.interface.',
      zh: '两台调度器都在同名网卡上运行 VRRP，请重命名网卡或修改 vrrp.interface。',
    },
  },
  'ha.vrrp-network-mismatch': {
    severity: 'error',
    description: 'The VRRP interface is attached to different networks on the two directors.',
    en: 'VRRP interface {iface} of HA pair "{pair}" is on network "{network}" on director "{director}" but on "{otherNetwork}" on director "{other}".',
    zh: '高可用对 "{pair}" 的 VRRP 网卡 {iface} 在调度器 "{director}" 上连接网络 "{network}"，在调度器 "{other}" 上却连接 "{otherNetwork}"。',
    hint: {
      en: 'VRRP adverts are multicast on one L2 network; when they do not meet, both directors become MASTER (split brain).',
      zh: 'VRRP 通告在同一个二层网络中组播；两边收不到对方通告时，两台调度器都会成为 MASTER（脑裂）。',
    },
  },
  'ha.service-on-member': {
    severity: 'warning',
    description: 'A service names one director of an HA pair instead of the pair: it does not fail over.',
    en: 'Service "{service}" is on director "{director}", which belongs to HA pair "{pair}"; its VIP does not move to the other director on failure.',
    zh: '服务 "{service}" 指定在调度器 "{director}" 上，而该调度器属于高可用对 "{pair}"；故障时其 VIP 不会漂移到另一台调度器。',
    hint: {
      en: 'Set the service director to the HA pair "{pair}".',
      zh: '请把服务的 director 设为高可用对 "{pair}"。',
    },
  },
  'ha.priority-missing': {
    severity: 'error',
    description: 'A director of the pair has no VRRP priority.',
    en: 'HA pair "{pair}" has no VRRP priority for director "{director}".',
    zh: '高可用对 "{pair}" 没有为调度器 "{director}" 设置 VRRP 优先级。',
    hint: {
      en: 'Give each director a priority from 1 to 254; the higher one starts as MASTER (e.g. 150 and 100).',
      zh: '请为每台调度器设置 1 到 254 的优先级，较高者初始为 MASTER（例如 150 和 100）。',
    },
  },
  'ha.priority-equal': {
    severity: 'warning',
    description: 'Both directors of the pair have the same VRRP priority.',
    en: 'Both directors of HA pair "{pair}" have VRRP priority {priority}; the MASTER is then chosen by the higher IP address.',
    zh: '高可用对 "{pair}" 的两台调度器 VRRP 优先级都是 {priority}，MASTER 将由 IP 地址较大者担任。',
    hint: {
      en: 'Use distinct priorities so the MASTER is the director you chose.',
      zh: '请设置不同的优先级，让你指定的调度器担任 MASTER。',
    },
  },
  'ha.priority-not-member': {
    severity: 'warning',
    description: 'A VRRP priority for a host that is not a director of the pair.',
    en: 'HA pair "{pair}" sets a VRRP priority for "{host}", which is not one of its directors.',
    zh: '高可用对 "{pair}" 为 "{host}" 设置了 VRRP 优先级，但它不是该高可用对的调度器。',
  },
  'ha.priority-range': {
    severity: 'error',
    description: 'A VRRP priority outside 1..255.',
    en: 'VRRP priority {priority} of director "{director}" in HA pair "{pair}" is not between 1 and 255.',
    zh: '高可用对 "{pair}" 中调度器 "{director}" 的 VRRP 优先级 {priority} 不在 1 到 255 之间。',
  },
  'ha.vrid-range': {
    severity: 'error',
    description: 'A VRRP virtual router id outside 1..255.',
    en: 'HA pair "{pair}" has virtual router id {vrid}; VRRP accepts 1 to 255.',
    zh: '高可用对 "{pair}" 的虚拟路由 ID 为 {vrid}，VRRP 只接受 1 到 255。',
  },
  'ha.vrid-duplicate': {
    severity: 'error',
    description: 'Two HA pairs use the same virtual router id on one network.',
    en: 'HA pairs "{pair}" and "{other}" both use virtual router id {vrid} on network "{network}".',
    zh: '高可用对 "{pair}" 和 "{other}" 在网络 "{network}" 上使用了相同的虚拟路由 ID {vrid}。',
    hint: {
      en: 'VRRP routers with one id on one network fight over the same virtual MAC; give each pair its own id.',
      zh: '同一网络中相同 ID 的 VRRP 路由器会争抢同一个虚拟 MAC，请为每个高可用对分配独立的 ID。',
    },
  },
  'ha.advert-interval-range': {
    severity: 'error',
    description: 'A VRRP advert interval that is not in (0, 255] seconds.',
    en: 'HA pair "{pair}" has VRRP advert interval {value}; use more than 0 and at most 255 seconds.',
    zh: '高可用对 "{pair}" 的 VRRP 通告间隔为 {value}，请使用大于 0 且不超过 255 的秒数。',
  },
  'ha.sync-interface-missing': {
    severity: 'error',
    description: 'The connection-sync interface does not exist on a director of the pair.',
    en: 'Sync interface {iface} of HA pair "{pair}" does not exist on director "{director}".',
    zh: '高可用对 "{pair}" 的连接同步网卡 {iface} 在调度器 "{director}" 上不存在。',
    hint: {
      en: 'The IPVS sync daemon multicasts connection state on this interface on both directors.',
      zh: 'IPVS 同步守护进程会在两台调度器的该网卡上以组播同步连接状态。',
    },
  },
  'ha.vip-network-not-shared': {
    severity: 'error',
    description: 'A VIP of a service on an HA pair is not on a network both directors are attached to.',
    en: 'VIP {vip} of service "{service}" is not on a network both directors of HA pair "{pair}" are attached to.',
    zh: '服务 "{service}" 的 VIP {vip} 不在高可用对 "{pair}" 两台调度器共同连接的网络中。',
    hint: {
      en: 'keepalived moves the VIP from one director to the other, so it must belong to a network both directors are on.',
      zh: 'keepalived 会在两台调度器之间漂移 VIP，因此 VIP 必须属于两台调度器都连接的网络。',
    },
  },
  'ha.auth-pass-too-long': {
    severity: 'error',
    description: 'A VRRP PASS authentication longer than 8 characters.',
    en: 'VRRP password of HA pair "{pair}" has {length} characters; VRRP PASS authentication keeps only 8.',
    zh: '高可用对 "{pair}" 的 VRRP 密码有 {length} 个字符，VRRP PASS 认证只保留前 8 个字符。',
    hint: {
      en: 'Use at most 8 characters; it travels in clear text anyway.',
      zh: '请使用不超过 8 个字符；该密码本身也是明文传输的。',
    },
  },
};

// Messages of the LVS-DR (direct routing) rules.
import type { RuleSpecTable } from '../rule-spec';

export const DR_RULES: RuleSpecTable = {
  'dr.rs-not-on-director-network': {
    severity: 'error',
    description: 'A DR real server is not on an L2 network shared with its director.',
    en: 'DR real server {address} of service "{service}" is not on a network director "{director}" is attached to.',
    zh: 'DR 模式下，服务 "{service}" 的真实服务器 {address} 不在调度器 "{director}" 所连接的网络中。',
    hint: {
      en: 'DR only rewrites the destination MAC address, so the director and the real server must share one L2 network; use tun across routers.',
      zh: 'DR 模式只改写目标 MAC 地址，调度器与真实服务器必须在同一个二层网络中；跨路由器请使用 tun 模式。',
    },
  },
  'dr.rs-gateway-is-director': {
    severity: 'error',
    description: 'A DR real server uses the director (DIP) as its default gateway.',
    en: 'DR real server host "{host}" has {field} {gateway}, an address of director "{director}"; replies of service "{service}" would go back through the director.',
    zh: 'DR 模式下，真实服务器主机 "{host}" 的 {field} {gateway} 是调度器 "{director}" 的地址；服务 "{service}" 的回包会绕回调度器。',
    hint: {
      en: 'In DR mode real servers answer clients directly with the VIP as source; their gateway must be the network router, not the director.',
      zh: 'DR 模式下真实服务器以 VIP 为源地址直接应答客户端，其网关必须是网络中的路由器，而不是调度器。',
    },
  },
  'dr.port-mapping': {
    severity: 'warning',
    description: 'A DR real server port differs from the VIP port (the kernel rewrites it silently).',
    en: 'DR real server "{rs}" has port {port}, but service "{service}" listens on {vipPort}: the kernel silently uses {vipPort}.',
    zh: 'DR 模式下，真实服务器 "{rs}" 的端口是 {port}，但服务 "{service}" 的端口是 {vipPort}：内核会静默改用 {vipPort}。',
    hint: {
      en: 'DR cannot map ports: the packet reaches the real server unchanged. Make the application listen on {vipPort}, or use NAT.',
      zh: 'DR 模式不能做端口映射：报文原样到达真实服务器。请让应用监听 {vipPort}，或改用 NAT 模式。',
    },
  },
  'dr.rs-arp-generated': {
    severity: 'info',
    description: 'DR real servers need the VIP on lo and ARP suppression; LVS Studio generates it.',
    en: 'Real server host "{host}" serves DR: LVS Studio generates the VIPs on lo as /32 (/128) and arp_ignore=1, arp_announce=2.',
    zh: '真实服务器主机 "{host}" 使用 DR 模式：LVS Studio 会生成 lo 上的 VIP (/32 或 /128) 以及 arp_ignore=1、arp_announce=2。',
  },
};

// Messages of the LVS-NAT rules.
import type { RuleSpecTable } from '../rule-spec';

export const NAT_RULES: RuleSpecTable = {
  'nat.rs-no-dip': {
    severity: 'error',
    description: 'A NAT real server shares no network with its director (no DIP).',
    en: 'NAT real server {address} of service "{service}" is on no network of director "{director}": the director has no DIP facing it.',
    zh: 'NAT 模式下，服务 "{service}" 的真实服务器 {address} 与调度器 "{director}" 不在同一网络：调度器没有面向它的 DIP。',
    hint: {
      en: 'In NAT mode replies must come back through the director; put the real server on a private network the director is attached to.',
      zh: 'NAT 模式下回包必须经过调度器，请把真实服务器放在调度器所连接的私有网络中。',
    },
  },
  'nat.rs-gateway-missing': {
    severity: 'error',
    description: 'A NAT real server has no default gateway of the service family.',
    en: 'NAT real server host "{host}" has no {field}; replies to clients of service "{service}" would not go back through the director ({dip}).',
    zh: 'NAT 模式下，真实服务器主机 "{host}" 没有设置 {field}，服务 "{service}" 的回包不会经过调度器 ({dip})。',
    hint: {
      en: 'Set the {field} of the real server to {dip}, the director address on its network (DIP).',
      zh: '请把真实服务器的 {field} 设为 {dip}，即调度器在该网络上的地址 (DIP)。',
    },
  },
  'nat.rs-gateway-not-dip': {
    severity: 'error',
    description: 'A NAT real server whose default gateway is not the DIP.',
    en: 'NAT real server host "{host}" has {field} {gateway}, not the director address {dip}; replies of service "{service}" bypass the director and are dropped by the client.',
    zh: 'NAT 模式下，真实服务器主机 "{host}" 的 {field} 是 {gateway}，而不是调度器地址 {dip}；服务 "{service}" 的回包会绕过调度器，被客户端丢弃。',
    hint: {
      en: 'In NAT mode the director rewrites the replies, so the real server default gateway must be the DIP {dip}.',
      zh: 'NAT 模式由调度器改写回包，因此真实服务器的默认网关必须是 DIP {dip}。',
    },
  },
  'nat.rs-gateway-director-own-address': {
    severity: 'warning',
    description: 'A NAT real server of an HA pair uses one director own address as gateway instead of a floating one.',
    en: 'NAT real server host "{host}" uses {gateway}, the own address of director "{director}", as {field}; after a failover to the other director replies of service "{service}" are lost.',
    zh: 'NAT 模式下，真实服务器主机 "{host}" 把调度器 "{director}" 自身的地址 {gateway} 作为 {field}；切换到另一台调度器后，服务 "{service}" 的回包会丢失。',
    hint: {
      en: 'Add a floating private address to the VRRP VIPs of HA pair "{pair}" and use it as the real server gateway.',
      zh: '请在高可用对 "{pair}" 的 VRRP VIP 中添加一个私网浮动地址，并把它作为真实服务器的网关。',
    },
  },
  'nat.ip-forward': {
    severity: 'info',
    description: 'A NAT director needs IP forwarding; LVS Studio generates the sysctl.',
    en: 'Director "{director}" forwards NAT traffic: LVS Studio generates {sysctl}=1 for it.',
    zh: '调度器 "{director}" 需要转发 NAT 流量：LVS Studio 会为其生成 {sysctl}=1。',
  },
};

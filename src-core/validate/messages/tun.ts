// Messages of the LVS-TUN (IP tunnelling) rules.
import type { RuleSpecTable } from '../rule-spec';

export const TUN_RULES: RuleSpecTable = {
  'tun.port-mapping': {
    severity: 'warning',
    description: 'A TUN real server port differs from the VIP port (the kernel rewrites it silently).',
    en: 'TUN real server "{rs}" has port {port}, but service "{service}" listens on {vipPort}: the kernel silently uses {vipPort}.',
    zh: 'TUN 模式下，真实服务器 "{rs}" 的端口是 {port}，但服务 "{service}" 的端口是 {vipPort}：内核会静默改用 {vipPort}。',
    hint: {
      en: 'The tunnel carries the original packet unchanged; make the application listen on {vipPort}.',
      zh: '隧道原样封装客户端报文，请让应用监听 {vipPort}。',
    },
  },
  'tun.rs-tunnel-generated': {
    severity: 'info',
    description: 'TUN real servers need a tunnel interface with the VIP and relaxed rp_filter; LVS Studio generates it.',
    en: 'Real server host "{host}" serves TUN ({type}): LVS Studio generates the tunnel interface holding the VIPs, rp_filter=0 on it and ARP suppression.',
    zh: '真实服务器主机 "{host}" 使用 TUN 模式 ({type})：LVS Studio 会生成承载 VIP 的隧道网卡，并设置 rp_filter=0 和 ARP 抑制。',
  },
  'tun.mtu': {
    severity: 'warning',
    description: 'Tunnel encapsulation lowers the path MTU; large packets get fragmented or dropped.',
    en: 'TUN real server "{rs}" uses {type}: encapsulation adds {overhead} bytes, so the effective MTU is {effective} (network MTU {mtu}).',
    zh: 'TUN 模式真实服务器 "{rs}" 使用 {type}：封装增加 {overhead} 字节，有效 MTU 为 {effective}（网络 MTU {mtu}）。',
    hint: {
      en: 'Full-size client packets no longer fit; clamp the TCP MSS on the director or raise the MTU between director and real servers to {needed}.',
      zh: '满长的客户端报文将无法通过；请在调度器上限制 TCP MSS，或把调度器与真实服务器之间的 MTU 提高到 {needed}。',
    },
  },
  'tun.gue-port-required': {
    severity: 'error',
    description: 'A gue tunnel without a UDP port.',
    en: 'TUN real server "{rs}" uses a gue tunnel without a port; ipvsadm refuses it: "You need to supply the \'tun-port\' option for the \'gue\' tunnel type".',
    zh: 'TUN 模式真实服务器 "{rs}" 使用 gue 隧道但没有设置端口，ipvsadm 会拒绝："You need to supply the \'tun-port\' option for the \'gue\' tunnel type"。',
    hint: {
      en: 'Set tunnel.port to the UDP port the real server decapsulates on (its fou/gue receive port).',
      zh: '请把 tunnel.port 设为真实服务器解封装所用的 UDP 端口（fou/gue 接收端口）。',
    },
  },
  'tun.ipip-checksum': {
    severity: 'error',
    description: 'A checksum option on an ipip tunnel.',
    en: 'TUN real server "{rs}" sets checksum {checksum} on an ipip tunnel; ipvsadm refuses it: "Illegal \'tun-csum\' option with the \'ipip\' tunnel type".',
    zh: 'TUN 模式真实服务器 "{rs}" 在 ipip 隧道上设置了校验和选项 {checksum}，ipvsadm 会拒绝："Illegal \'tun-csum\' option with the \'ipip\' tunnel type"。',
    hint: {
      en: 'ipip has no checksum; remove tunnel.checksum or use gue/gre.',
      zh: 'ipip 没有校验和，请删除 tunnel.checksum 或改用 gue/gre。',
    },
  },
  'tun.gre-remcsum': {
    severity: 'error',
    description: 'Remote checksum offload on a gre tunnel (the kernel refuses it).',
    en: 'TUN real server "{rs}" sets checksum remcsum on a gre tunnel; the kernel refuses the real server (remote checksum offload is only supported with gue).',
    zh: 'TUN 模式真实服务器 "{rs}" 在 gre 隧道上设置了 remcsum，内核会拒绝添加该真实服务器（远端校验和卸载只支持 gue）。',
    hint: {
      en: 'Use nocsum or csum with gre, or a gue tunnel for remcsum.',
      zh: 'gre 隧道请使用 nocsum 或 csum；需要 remcsum 时请改用 gue 隧道。',
    },
  },
  'tun.options-without-tun': {
    severity: 'error',
    description: 'Tunnel options on a real server whose forwarding is not tun.',
    en: 'Real server "{rs}" uses {forwarding} but sets tunnel options; ipvsadm refuses it: "Tunnel options conflict with forward method".',
    zh: '真实服务器 "{rs}" 使用 {forwarding} 转发却设置了隧道选项，ipvsadm 会拒绝："Tunnel options conflict with forward method"。',
    hint: {
      en: 'Remove tunnel, or set forwarding to tun.',
      zh: '请删除 tunnel，或把转发方式改为 tun。',
    },
  },
};

// The four forwarding modes and what each requires of the network and the real servers, in
// English and Chinese, for the mode picker.
import type { Forwarding } from '../../../src-core/model/plan-schema';
import type { LocalizedText } from '../../../src-core/validate/diagnostic';

export interface ModeInfo {
  name: LocalizedText;
  summary: LocalizedText;
  requires: LocalizedText[];
  /** Whether the real-server port may differ from the service port. */
  portMapping: boolean;
  /** False for FULLNAT: not in the stock kernel. */
  stockKernel: boolean;
}

export const MODE_LIST: readonly Forwarding[] = ['nat', 'dr', 'tun', 'fullnat'];

export const MODE_INFO: Record<Forwarding, ModeInfo> = {
  nat: {
    name: { en: 'NAT (masquerading)', zh: 'NAT（地址转换）' },
    summary: { en: 'The director rewrites the destination to the real server; replies go back through the director.', zh: '调度器把目标地址改写为真实服务器地址，响应报文必须经由调度器返回。' },
    requires: [
      { en: "The real server's default gateway is the director's address on its network (DIP).", zh: '真实服务器的默认网关必须指向调度器在该网络上的地址 (DIP)。' },
      { en: 'IP forwarding on the director (net.ipv4.ip_forward = 1).', zh: '调度器开启 IP 转发 (net.ipv4.ip_forward = 1)。' },
      { en: 'Port mapping is allowed: the real-server port may differ from the VIP port.', zh: '支持端口映射：真实服务器端口可以与 VIP 端口不同。' },
    ],
    portMapping: true,
    stockKernel: true,
  },
  dr: {
    name: { en: 'DR (direct routing)', zh: 'DR（直接路由）' },
    summary: { en: 'The director rewrites only the MAC address; real servers answer clients directly.', zh: '调度器只改写 MAC 地址，真实服务器直接响应客户端。' },
    requires: [
      { en: 'Director and real servers on the same L2 segment.', zh: '调度器与真实服务器位于同一二层网段。' },
      { en: 'The VIP on lo of each real server, with arp_ignore = 1 and arp_announce = 2.', zh: '每台真实服务器在 lo 上配置 VIP，并设置 arp_ignore = 1、arp_announce = 2。' },
      { en: 'No port mapping: the real-server port is the VIP port.', zh: '不支持端口映射：真实服务器端口必须与 VIP 端口相同。' },
    ],
    portMapping: false,
    stockKernel: true,
  },
  tun: {
    name: { en: 'TUN (IP tunnelling)', zh: 'TUN（IP 隧道）' },
    summary: { en: 'The director encapsulates the packet to the real server, which may be on another network; replies go direct.', zh: '调度器把报文封装后发往真实服务器（可跨网络），响应直接返回客户端。' },
    requires: [
      { en: 'A tunnel device (ipip, gue or gre) on each real server holding the VIP.', zh: '每台真实服务器上有隧道设备（ipip、gue 或 gre）并配置 VIP。' },
      { en: 'rp_filter relaxed on the tunnel device (0 or 2), and ARP for the VIP suppressed.', zh: '隧道设备上放宽 rp_filter（0 或 2），并抑制 VIP 的 ARP 响应。' },
      { en: 'Encapsulation adds a header: lower the MTU/MSS or allow fragmentation.', zh: '封装会增加报文头：需降低 MTU/MSS 或允许分片。' },
      { en: 'No port mapping.', zh: '不支持端口映射。' },
    ],
    portMapping: false,
    stockKernel: true,
  },
  fullnat: {
    name: { en: 'FULLNAT', zh: 'FULLNAT（双向地址转换）' },
    summary: { en: 'The director rewrites source and destination; real servers need no special gateway.', zh: '调度器同时改写源地址和目标地址，真实服务器无需特殊网关。' },
    requires: [
      { en: 'Not in the stock Linux kernel: needs a patched kernel (e.g. Alibaba LVS) or DPVS.', zh: '标准 Linux 内核不支持：需要打补丁的内核（如阿里 LVS）或 DPVS。' },
      { en: 'Real servers must be able to reach the director (DIP); they see the director as the client.', zh: '真实服务器需能与调度器 (DIP) 通信，看到的客户端地址是调度器地址。' },
      { en: 'Port mapping is allowed.', zh: '支持端口映射。' },
    ],
    portMapping: true,
    stockKernel: false,
  },
};

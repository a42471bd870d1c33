// Messages of the real-server membership rules (addresses, weights, thresholds, duplicates).
import type { RuleSpecTable } from '../rule-spec';

export const REAL_SERVER_RULES: RuleSpecTable = {
  'rs.address-invalid': {
    severity: 'error',
    description: 'A real server address does not parse.',
    en: 'Address "{address}" of real server "{rs}" is not a valid IPv4 or IPv6 address.',
    zh: '真实服务器 "{rs}" 的地址 "{address}" 不是合法的 IPv4 或 IPv6 地址。',
    hint: {
      en: 'Write a plain address, or leave address empty to use the host address facing the director.',
      zh: '请填写不带前缀的地址，或留空以使用该主机面向调度器的地址。',
    },
  },
  'rs.address-unresolved': {
    severity: 'error',
    description: 'A real server has no address of the service family.',
    en: 'Real server "{rs}" (host "{host}") has no {family} address for service "{service}".',
    zh: '真实服务器 "{rs}"（主机 "{host}"）没有可用于服务 "{service}" 的 {family} 地址。',
    hint: {
      en: 'Give the host an interface address of that family, or set the real server address.',
      zh: '请为该主机配置该地址族的网卡地址，或直接设置真实服务器地址。',
    },
  },
  'rs.address-not-on-host': {
    severity: 'warning',
    description: 'A real server address that is not an interface address of its host.',
    en: 'Real server "{rs}" has address {address}, which is not an interface address of host "{host}".',
    zh: '真实服务器 "{rs}" 的地址 {address} 不是主机 "{host}" 的网卡地址。',
    hint: {
      en: 'The host configuration (gateway, VIP on lo, ARP settings) is generated for host "{host}"; give the host that address or leave the real server address empty.',
      zh: '网关、lo 上的 VIP、ARP 参数等配置是为主机 "{host}" 生成的；请为该主机配置此地址，或把真实服务器地址留空。',
    },
  },
  'rs.family-mismatch': {
    severity: 'error',
    description: 'A real server of another address family than the service, without tun forwarding.',
    en: 'Real server {address} ({addressFamily}) of {family} service "{service}" uses {forwarding}; the kernel refuses it: "Different address family is allowed only for tunneling servers".',
    zh: '{family} 服务 "{service}" 的真实服务器 {address} ({addressFamily}) 使用 {forwarding} 转发，内核会拒绝："Different address family is allowed only for tunneling servers"。',
    hint: {
      en: 'Use a real server address of the service family, or tun forwarding.',
      zh: '请使用与服务相同地址族的真实服务器地址，或改用 tun 转发。',
    },
  },
  'rs.duplicate': {
    severity: 'error',
    description: 'Two real servers of one service have the same address and effective port.',
    en: 'Real server "{rs}" ({endpoint}) duplicates real server "{other}" of service "{service}".',
    zh: '真实服务器 "{rs}" ({endpoint}) 与服务 "{service}" 的真实服务器 "{other}" 重复。',
    hint: {
      en: 'The kernel refuses it with "Destination already exists". With dr and tun the port is forced to the VIP port, so one address can only appear once.',
      zh: '内核会以 "Destination already exists" 拒绝。dr 和 tun 模式下端口被强制为 VIP 端口，因此同一地址只能出现一次。',
    },
  },
  'rs.weight-range': {
    severity: 'error',
    description: 'A weight outside 0..2147483647 (ipvsadm: illegal weight specified).',
    en: 'Real server "{rs}" has weight {weight}; ipvsadm refuses it: "illegal weight specified".',
    zh: '真实服务器 "{rs}" 的权重为 {weight}，ipvsadm 会拒绝："illegal weight specified"。',
    hint: {
      en: 'Use a whole number from 0 to 65535.',
      zh: '请使用 0 到 65535 之间的整数。',
    },
  },
  'rs.weight-over-keepalived': {
    severity: 'warning',
    description: 'A weight above 65535: the kernel accepts it, keepalived caps it.',
    en: 'Real server "{rs}" has weight {weight}; the kernel accepts it, but keepalived caps weights at 65535.',
    zh: '真实服务器 "{rs}" 的权重为 {weight}；内核可以接受，但 keepalived 会把权重截断为 65535。',
    hint: {
      en: 'Scale the weights of this service down to 0..65535.',
      zh: '请把该服务的权重按比例缩小到 0..65535。',
    },
  },
  'rs.weight-zero': {
    severity: 'info',
    description: 'A real server with weight 0 is drained: it keeps its connections and gets no new ones.',
    en: 'Real server "{rs}" of service "{service}" has weight 0: it is drained and gets no new connections.',
    zh: '服务 "{service}" 的真实服务器 "{rs}" 权重为 0：处于摘除（排空）状态，不再接收新连接。',
  },
  'rs.threshold-lower-without-upper': {
    severity: 'error',
    description: 'A lower connection threshold without an upper one (kernel: Numerical result out of range).',
    en: 'Real server "{rs}" has lowerThreshold {lower} but no upperThreshold; the kernel refuses it: "Numerical result out of range".',
    zh: '真实服务器 "{rs}" 设置了 lowerThreshold {lower} 却没有 upperThreshold，内核会拒绝："Numerical result out of range"。',
    hint: {
      en: 'Set upperThreshold (ipvsadm -x) at or above the lower one, or remove lowerThreshold.',
      zh: '请设置不小于下限的 upperThreshold (ipvsadm -x)，或删除 lowerThreshold。',
    },
  },
  'rs.threshold-lower-above-upper': {
    severity: 'error',
    description: 'Lower connection threshold above the upper one (kernel: Numerical result out of range).',
    en: 'Real server "{rs}" has lowerThreshold {lower} above upperThreshold {upper}; the kernel refuses it: "Numerical result out of range".',
    zh: '真实服务器 "{rs}" 的 lowerThreshold {lower} 大于 upperThreshold {upper}，内核会拒绝："Numerical result out of range"。',
    hint: {
      en: 'The server stops taking connections at the upper threshold and takes them again below the lower one; lower must not exceed upper.',
      zh: '连接数达到上限后服务器停止接收新连接，降到下限以下才恢复；下限不能大于上限。',
    },
  },
};

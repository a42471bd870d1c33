// Messages of the host rules (gateways).
import type { RuleSpecTable } from '../rule-spec';

export const HOST_RULES: RuleSpecTable = {
  'host.gateway-invalid': {
    severity: 'error',
    description: 'A host gateway is not an address of the right family.',
    en: 'The {field} of host "{host}" is "{gateway}", which is not a valid {family} address.',
    zh: '主机 "{host}" 的 {field} 为 "{gateway}"，不是合法的 {family} 地址。',
    hint: {
      en: 'gateway holds the IPv4 default gateway, gateway6 the IPv6 one, without prefix length.',
      zh: 'gateway 填 IPv4 默认网关，gateway6 填 IPv6 默认网关，均不带前缀长度。',
    },
  },
  'host.gateway-unreachable': {
    severity: 'error',
    description: 'A host gateway is not on any network the host is connected to.',
    en: 'The {field} {gateway} of host "{host}" is not on any network the host is connected to.',
    zh: '主机 "{host}" 的 {field} {gateway} 不在该主机直连的任何网络中。',
    hint: {
      en: 'A default gateway must be reachable on a directly connected network; check the host interfaces and their networks.',
      zh: '默认网关必须位于直连网络中，请检查该主机的网卡及其所属网络。',
    },
  },
};

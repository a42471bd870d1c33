// Messages of the FULLNAT rules.
import type { RuleSpecTable } from '../rule-spec';

export const FULLNAT_RULES: RuleSpecTable = {
  'fullnat.unsupported': {
    severity: 'error',
    description: 'FULLNAT on a director whose data plane is the stock kernel IPVS.',
    en: 'Real server "{rs}" of service "{service}" uses FULLNAT, which the stock kernel IPVS of director "{director}" does not provide.',
    zh: '服务 "{service}" 的真实服务器 "{rs}" 使用 FULLNAT，但调度器 "{director}" 的标准内核 IPVS 不支持该模式。',
    hint: {
      en: 'FULLNAT needs Alibaba\'s LVS kernel patch (alibaba/LVS) or DPVS; or set the director dataPlane to nftables, where LVS Studio builds it with dnat + snat.',
      zh: 'FULLNAT 需要阿里巴巴的 LVS 内核补丁 (alibaba/LVS) 或 DPVS；也可以把调度器的 dataPlane 设为 nftables，由 LVS Studio 用 dnat + snat 实现。',
    },
  },
  'fullnat.nftables': {
    severity: 'info',
    description: 'FULLNAT served by the nftables data plane (dnat + snat).',
    en: 'Service "{service}" uses FULLNAT on director "{director}": LVS Studio builds it with nftables dnat + snat (the real servers see the DIP as client address).',
    zh: '服务 "{service}" 在调度器 "{director}" 上使用 FULLNAT：LVS Studio 用 nftables 的 dnat + snat 实现（真实服务器看到的客户端地址是 DIP）。',
  },
};

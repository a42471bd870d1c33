// Messages of the nftables data plane rules (what the plane cannot carry out).
import type { RuleSpecTable } from '../rule-spec';

const HINT = {
  en: 'The nftables plane does rr, wrr, sh (flags sh-port, sh-fallback), dh and fo; NAT, FULLNAT and DR, one method per service; persistence with a netmask. It has no connection counts (lc, wlc, sed, nq, lblc, lblcr, ovf, twos, thresholds), no maglev (mh), no one-packet scheduling, no SIP persistence engine and no tunnels: pick one of these or run IPVS on the director.',
  zh: 'nftables 数据面支持 rr、wrr、sh（标志 sh-port、sh-fallback）、dh 和 fo；支持 NAT、FULLNAT 和 DR，每个服务一种方式；支持带掩码的持久连接。它没有连接计数（lc、wlc、sed、nq、lblc、lblcr、ovf、twos、连接阈值），没有 maglev (mh)，没有单包调度、SIP 持久引擎和隧道：请改用上述功能，或在调度器上使用 IPVS。',
};

export const NFTABLES_RULES: RuleSpecTable = {
  'nftables.unsupported': {
    severity: 'error',
    description: 'A service feature the nftables data plane of its director cannot carry out.',
    en: 'Service "{service}" uses {feature}, which the nftables data plane of director "{director}" cannot carry out.',
    zh: '服务 "{service}" 使用了 {feature}，调度器 "{director}" 的 nftables 数据面无法实现。',
    hint: HINT,
  },
  'nftables.auto-fallback-unsupported': {
    // info: most directors have IPVS, and the deploy preflight says which plane each one will use
    severity: 'info',
    description: 'A service feature the nftables fallback (dataPlane auto on a host without IPVS) could not carry out.',
    en: 'Service "{service}" uses {feature}: if director "{director}" has no IPVS, its nftables fallback cannot run this service.',
    zh: '服务 "{service}" 使用了 {feature}：如果调度器 "{director}" 没有 IPVS，其 nftables 备用数据面无法运行该服务。',
    hint: HINT,
  },
};

// Messages of the rules that look across memberships: a host's roles in several services.
import type { RuleSpecTable } from '../rule-spec';

export const MEMBERSHIP_RULES: RuleSpecTable = {
  'membership.rs-is-director': {
    severity: 'error',
    description: 'A DR/TUN real server is also a director of the same VIP.',
    en: 'Host "{host}" is a {forwarding} real server of VIP {vip} (service "{service}") and also a director of that VIP.',
    zh: '主机 "{host}" 既是 VIP {vip}（服务 "{service}"）的 {forwarding} 真实服务器，又是该 VIP 的调度器。',
    hint: {
      en: 'A director holds the VIP on an interface and answers ARP for it, a DR/TUN real server must not: use a separate host.',
      zh: '调度器在网卡上持有 VIP 并应答 ARP，而 DR/TUN 真实服务器不能应答：请使用另一台主机。',
    },
  },
  'membership.nat-dr-conflict': {
    severity: 'error',
    description: 'A host is a NAT real server and a DR real server of the same director.',
    en: 'Host "{host}" is a NAT real server (service "{natService}") and a DR real server (service "{drService}") of director "{director}": NAT needs the director as gateway, DR forbids it.',
    zh: '主机 "{host}" 既是调度器 "{director}" 的 NAT 真实服务器（服务 "{natService}"），又是其 DR 真实服务器（服务 "{drService}"）：NAT 要求网关是调度器，DR 禁止网关是调度器。',
    hint: {
      en: 'Use the same forwarding for all services of this host on this director, or split the roles over two hosts.',
      zh: '请让该主机在此调度器上的所有服务使用相同的转发模式，或把两种角色拆分到两台主机上。',
    },
  },
};

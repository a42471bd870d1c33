// Messages of the structure rules: identifiers and references between plan elements.
import type { RuleSpecTable } from '../rule-spec';

export const STRUCTURE_RULES: RuleSpecTable = {
  'structure.duplicate-id': {
    severity: 'error',
    description: 'An id is used by more than one plan element (ids are unique across the whole plan).',
    en: 'Id "{id}" is already used by {other}.',
    zh: '标识 "{id}" 已被 {other} 使用。',
    hint: {
      en: 'Ids are unique across networks, hosts, services, real servers and HA pairs; rename one of them.',
      zh: '网络、主机、服务、真实服务器和高可用对的标识在整个规划中必须唯一，请重命名其中一个。',
    },
  },
  'structure.director-unknown': {
    severity: 'error',
    description: 'A service names a director that is neither a host nor an HA pair.',
    en: 'Service "{service}" refers to director "{director}", which is neither a host nor an HA pair.',
    zh: '服务 "{service}" 引用的调度器 "{director}" 既不是主机，也不是高可用对。',
    hint: {
      en: 'Set director to the id of a host with role director, or to the id of an HA pair.',
      zh: '请把 director 设为角色为 director 的主机标识，或高可用对的标识。',
    },
  },
  'structure.director-not-director': {
    severity: 'error',
    description: 'A service names a host whose role is not director.',
    en: 'Service "{service}" is served by host "{director}", whose role is {role}, not director.',
    zh: '服务 "{service}" 由主机 "{director}" 调度，但该主机的角色是 {role}，而不是调度器 (director)。',
    hint: {
      en: 'Change the host role to director, or point the service at a director.',
      zh: '请把该主机的角色改为 director，或让服务指向一台调度器。',
    },
  },
  'structure.rs-host-unknown': {
    severity: 'error',
    description: 'A real server refers to a host that does not exist.',
    en: 'Real server "{rs}" of service "{service}" refers to unknown host "{host}".',
    zh: '服务 "{service}" 的真实服务器 "{rs}" 引用了不存在的主机 "{host}"。',
    hint: {
      en: 'Add the host to spec.hosts with role real-server, or fix the host id.',
      zh: '请在 spec.hosts 中添加该主机（角色为 real-server），或改正主机标识。',
    },
  },
  'structure.rs-host-not-real-server': {
    severity: 'error',
    description: 'A real server refers to a host whose role is not real-server.',
    en: 'Real server "{rs}" of service "{service}" is host "{host}", whose role is {role}, not real-server.',
    zh: '服务 "{service}" 的真实服务器 "{rs}" 是主机 "{host}"，其角色是 {role}，而不是 real-server。',
    hint: {
      en: 'Only hosts with role real-server get the real-server configuration (gateway, lo VIP, ARP settings).',
      zh: '只有角色为 real-server 的主机才会生成真实服务器配置（网关、lo 上的 VIP、ARP 参数）。',
    },
  },
  'structure.interface-network-unknown': {
    severity: 'error',
    description: 'An interface is attached to a network id that does not exist.',
    en: 'Interface {iface} of host "{host}" is attached to unknown network "{network}".',
    zh: '主机 "{host}" 的网卡 {iface} 连接到不存在的网络 "{network}"。',
    hint: {
      en: 'Add the network to spec.networks or fix the network id.',
      zh: '请在 spec.networks 中添加该网络，或改正网络标识。',
    },
  },
};

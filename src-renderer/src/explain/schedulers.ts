// What each IPVS scheduler does, in English and Chinese, for the scheduler picker. Formulas follow
// the kernel sources as summarised in the LVS notes: a dynamic scheduler sends the new connection to
// the real server with the smallest overhead.
import type { Scheduler, SchedulerFlag } from '../../../src-core/model/plan-schema';
import { SCHEDULERS } from '../../../src-core/model/plan-schema';
import type { LocalizedText } from '../../../src-core/validate/diagnostic';

export interface SchedulerInfo {
  name: LocalizedText;
  /** One line for the picker. */
  summary: LocalizedText;
  /** The formula or the rule the kernel applies. */
  behaviour: LocalizedText;
  /** Dynamic schedulers look at the current connection counts, static ones do not. */
  dynamic: boolean;
  /** Scheduler flags (ipvsadm -b) that belong to this scheduler. */
  flags: readonly SchedulerFlag[];
  /** First kernel release that has it, when newer than every supported distribution. */
  minKernel?: string;
}

export const SCHEDULER_INFO: Record<Scheduler, SchedulerInfo> = {
  rr: {
    name: { en: 'Round robin', zh: '轮询' },
    summary: { en: 'Each real server in turn, ignoring weights and load.', zh: '依次轮流调度到每台真实服务器，不考虑权重和负载。' },
    behaviour: { en: 'Static: the next server in the list gets the next connection.', zh: '静态算法：新连接依次分配给列表中的下一台服务器。' },
    dynamic: false,
    flags: [],
  },
  wrr: {
    name: { en: 'Weighted round robin', zh: '加权轮询' },
    summary: { en: 'Round robin in proportion to the weights.', zh: '按权重比例轮询。' },
    behaviour: { en: 'Static: a server of weight 3 gets three connections for each one a server of weight 1 gets.', zh: '静态算法：权重为 3 的服务器得到的连接数是权重为 1 的服务器的三倍。' },
    dynamic: false,
    flags: [],
  },
  lc: {
    name: { en: 'Least connections', zh: '最少连接' },
    summary: { en: 'The server with the fewest connections; good for long connections.', zh: '调度到连接数最少的服务器，适用于长连接。' },
    behaviour: { en: 'Overhead = active × 256 + inactive; the smallest overhead wins.', zh: 'Overhead = 活动连接数 × 256 + 非活动连接数，取最小者。' },
    dynamic: true,
    flags: [],
  },
  wlc: {
    name: { en: 'Weighted least connections', zh: '加权最少连接' },
    summary: { en: 'Least connections relative to the weight (the default).', zh: '按权重折算的最少连接（默认调度器）。' },
    behaviour: { en: 'Overhead = (active × 256 + inactive) / weight; the smallest overhead wins.', zh: 'Overhead = (活动连接数 × 256 + 非活动连接数) / 权重，取最小者。' },
    dynamic: true,
    flags: [],
  },
  sed: {
    name: { en: 'Shortest expected delay', zh: '最短期望延迟' },
    summary: { en: 'Like WLC but counts only active connections; heavy servers first.', zh: '类似 WLC，但只看活动连接，初始连接优先给高权重服务器。' },
    behaviour: { en: 'Overhead = (active + 1) × 256 / weight; the smallest overhead wins.', zh: 'Overhead = (活动连接数 + 1) × 256 / 权重，取最小者。' },
    dynamic: true,
    flags: [],
  },
  nq: {
    name: { en: 'Never queue', zh: '永不排队' },
    summary: { en: 'An idle server first, otherwise shortest expected delay.', zh: '优先调度到空闲服务器，否则按 SED 调度。' },
    behaviour: { en: 'A server with no active connection gets the connection; when none is idle, SED: (active + 1) × 256 / weight.', zh: '有活动连接数为 0 的服务器时直接调度给它；都不空闲时按 SED：(活动连接数 + 1) × 256 / 权重。' },
    dynamic: true,
    flags: [],
  },
  lblc: {
    name: { en: 'Locality-based least connections', zh: '基于局部性的最少连接' },
    summary: { en: 'The same destination IP goes to the same server unless it is overloaded (web caches).', zh: '同一目标 IP 发往同一台服务器，除非其过载（用于 Web 缓存）。' },
    behaviour: { en: 'A dynamic DH: keeps a destination → server table; a new or overloaded destination gets the WLC choice.', zh: '动态的 DH 算法：维护 目标地址 → 服务器 表；新目标或服务器过载时按 WLC 重新选择。' },
    dynamic: true,
    flags: [],
  },
  lblcr: {
    name: { en: 'LBLC with replication', zh: '带复制的基于局部性最少连接' },
    summary: { en: 'LBLC with a set of servers per destination, grown when they are loaded.', zh: '每个目标地址对应一组服务器，负载重时从轻载服务器中扩充，解决 LBLC 负载不均。' },
    behaviour: { en: 'Each destination maps to a server set; the least-loaded member serves it, and a busy set gains the WLC choice.', zh: '每个目标地址对应一个服务器集合，由集合中负载最轻者服务；集合繁忙时按 WLC 加入新服务器。' },
    dynamic: true,
    flags: [],
  },
  dh: {
    name: { en: 'Destination hashing', zh: '目标地址哈希' },
    summary: { en: 'A hash of the destination IP picks the server (forward proxy caches).', zh: '按目标 IP 哈希选择服务器（正向代理缓存）。' },
    behaviour: { en: 'Static: the same destination address always maps to the same server.', zh: '静态算法：同一目标地址始终发往同一台服务器。' },
    dynamic: false,
    flags: [],
  },
  sh: {
    name: { en: 'Source hashing', zh: '源地址哈希' },
    summary: { en: 'A hash of the client IP picks the server (session stickiness).', zh: '按客户端 IP 哈希选择服务器，实现会话绑定。' },
    behaviour: { en: 'Static: the same client address always maps to the same server; weights set the hash buckets.', zh: '静态算法：同一客户端地址始终发往同一台服务器；权重决定哈希桶数量。' },
    dynamic: false,
    flags: ['sh-fallback', 'sh-port'],
  },
  fo: {
    name: { en: 'Weighted failover', zh: '加权故障转移' },
    summary: { en: 'The available server with the highest weight takes everything.', zh: '全部连接发往可用且权重最高的服务器。' },
    behaviour: { en: 'Walks the real servers and picks the highest-weight one that is not overloaded (kernel 4.15+).', zh: '遍历真实服务器，选择未过载且权重最高的一台（内核 4.15 起）。' },
    dynamic: false,
    flags: [],
  },
  ovf: {
    name: { en: 'Overflow connection', zh: '溢出连接' },
    summary: { en: 'The highest-weight server until its active connections exceed its weight, then the next.', zh: '先调度到权重最高的服务器，直到其活动连接数超过权重，再溢出到下一台。' },
    behaviour: { en: 'A server is available when not overloaded, its weight is not 0 and its active connections are below its weight; the highest weight among them wins (kernel 4.15+).', zh: '可用服务器需未过载、权重不为 0 且活动连接数小于权重；在可用者中选择权重最高的（内核 4.15 起）。' },
    dynamic: true,
    flags: [],
  },
  mh: {
    name: { en: 'Maglev hashing', zh: 'Maglev 哈希' },
    summary: { en: 'Consistent hashing of the source (Google Maglev): few remaps when servers change.', zh: '基于源地址的一致性哈希（Google Maglev）：服务器增减时重新映射很少。' },
    behaviour: { en: 'A lookup table filled by each server in turn according to its weight; the client hash indexes it.', zh: '各服务器按权重轮流填充查找表，以客户端哈希值索引该表。' },
    dynamic: false,
    flags: ['mh-fallback', 'mh-port'],
  },
  twos: {
    name: { en: 'Weighted random of two choices', zh: '加权随机二选一' },
    summary: { en: 'Picks two servers at random by weight and takes the less loaded (kernel 6.2+).', zh: '按权重随机挑选两台服务器，取负载较轻者（内核 6.2 起）。' },
    behaviour: { en: 'Two weighted random picks; the one with the smaller (active × 256 + inactive) / weight wins.', zh: '两次按权重随机抽取，取 (活动连接数 × 256 + 非活动连接数) / 权重 较小者。' },
    dynamic: true,
    flags: [],
    minKernel: '6.2',
  },
};

export const SCHEDULER_FLAG_INFO: Record<SchedulerFlag, LocalizedText> = {
  'sh-fallback': { en: 'When the hashed server is unavailable, use another one', zh: '哈希选中的服务器不可用时改用其他服务器' },
  'sh-port': { en: 'Include the source port in the hash', zh: '哈希时加入源端口' },
  'mh-fallback': { en: 'When the hashed server is unavailable, use another one', zh: '哈希选中的服务器不可用时改用其他服务器' },
  'mh-port': { en: 'Include the source port in the hash', zh: '哈希时加入源端口' },
};

export const SCHEDULER_LIST: readonly Scheduler[] = SCHEDULERS;

/** The scheduler flags that are valid for a scheduler (none for most). */
export function schedulerFlagsFor(s: Scheduler): readonly SchedulerFlag[] {
  return SCHEDULER_INFO[s].flags;
}

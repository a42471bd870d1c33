// Messages of the scheduler rules (scheduler names, flags, kernel support, redundant options).
import type { RuleSpecTable } from '../rule-spec';

export const SCHEDULER_RULES: RuleSpecTable = {
  'scheduler.unknown': {
    severity: 'error',
    description: 'A scheduler name the kernel does not know.',
    en: 'Service "{service}" uses scheduler "{scheduler}", which IPVS does not provide.',
    zh: '服务 "{service}" 使用的调度算法 "{scheduler}" 不是 IPVS 提供的算法。',
    hint: {
      en: 'The kernel answers "Scheduler or persistence engine not found"; names are lower case: rr, wrr, lc, wlc, sed, nq, lblc, lblcr, dh, sh, fo, ovf, mh, twos.',
      zh: '内核会返回 "Scheduler or persistence engine not found"；算法名为小写：rr、wrr、lc、wlc、sed、nq、lblc、lblcr、dh、sh、fo、ovf、mh、twos。',
    },
  },
  'scheduler.flag-incompatible': {
    severity: 'error',
    description: 'A scheduler flag that belongs to another scheduler (sh-* needs sh, mh-* needs mh).',
    en: 'Service "{service}" uses flag {flag} with scheduler {scheduler}; ipvsadm refuses it: "incompatible scheduler flag `{flag}\'".',
    zh: '服务 "{service}" 在调度算法 {scheduler} 上使用了标志 {flag}，ipvsadm 会拒绝："incompatible scheduler flag `{flag}\'"。',
    hint: {
      en: 'sh-fallback and sh-port only apply to sh, mh-fallback and mh-port only to mh.',
      zh: 'sh-fallback 和 sh-port 只适用于 sh，mh-fallback 和 mh-port 只适用于 mh。',
    },
  },
  'scheduler.twos-kernel-unknown': {
    severity: 'warning',
    description: 'The twos scheduler needs a recent kernel and the director kernel version is not known.',
    en: 'Service "{service}" uses the twos scheduler, which needs kernel {minimum} or newer; the kernel of director "{director}" is not known.',
    zh: '服务 "{service}" 使用 twos 调度算法，需要 {minimum} 或更新的内核；调度器 "{director}" 的内核版本未知。',
    hint: {
      en: 'On older kernels ipvsadm answers "Scheduler or persistence engine not found". Set the host kernel to have it checked.',
      zh: '旧内核上 ipvsadm 会返回 "Scheduler or persistence engine not found"。请填写主机的 kernel 字段以便检查。',
    },
  },
  'scheduler.twos-kernel-too-old': {
    severity: 'error',
    description: 'The twos scheduler on a director whose kernel is too old for it.',
    en: 'Service "{service}" uses the twos scheduler, but director "{director}" runs kernel {kernel}; twos needs {minimum} or newer.',
    zh: '服务 "{service}" 使用 twos 调度算法，但调度器 "{director}" 的内核是 {kernel}；twos 需要 {minimum} 或更新的内核。',
    hint: {
      en: 'The kernel answers "Scheduler or persistence engine not found"; pick another scheduler (wlc, mh) or upgrade the kernel.',
      zh: '内核会返回 "Scheduler or persistence engine not found"；请换用其他算法（wlc、mh）或升级内核。',
    },
  },
  'scheduler.persistence-redundant': {
    severity: 'info',
    description: 'Persistence on a hashing scheduler (sh, dh, mh) that already pins clients.',
    en: 'Service "{service}" uses scheduler {scheduler}, which already hashes each client or destination to a fixed real server; persistence adds little.',
    zh: '服务 "{service}" 使用的调度算法 {scheduler} 本身就会按哈希把同一客户端或目标固定调度到同一台真实服务器，持久连接作用不大。',
    hint: {
      en: 'Keep persistence only if you need the affinity to survive a change of the real server set.',
      zh: '只有在真实服务器集合变化后仍需保持会话亲和时，才需要保留持久连接。',
    },
  },
  'scheduler.locality-cache': {
    severity: 'info',
    description: 'A destination-locality scheduler (lblc, lblcr, dh), designed for cache clusters.',
    en: 'Service "{service}" uses {scheduler}, which schedules by destination address; it is made for cache and proxy clusters.',
    zh: '服务 "{service}" 使用 {scheduler}，它按目标地址调度，主要为缓存和代理集群设计。',
    hint: {
      en: 'For an ordinary service, where every request has the same destination (the VIP), wlc or mh spreads the load better.',
      zh: '普通服务的请求目标地址都是 VIP，使用 wlc 或 mh 负载会分得更均匀。',
    },
  },
};

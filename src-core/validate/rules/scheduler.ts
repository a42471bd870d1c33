// Scheduler choice: known name, flags that belong to it, kernel support, redundant combinations.
import type { RuleContext } from '../context';
import type { Service } from '../../model/plan-schema';
import { SCHEDULERS } from '../../model/plan-schema';
import { serviceTarget } from '../targets';

/**
 * First kernel release with the twos scheduler (ip_vs_twos.c, merged for 6.2: absent from 6.1 per
 * the reference measurements, present in 6.6 sources).
 */
export const TWOS_MIN_KERNEL = '6.2';

/** [major, minor] of a kernel release such as "6.1.0-18-amd64", or undefined. */
export function kernelVersion(release: string | undefined): [number, number] | undefined {
  const m = typeof release === 'string' ? /^(\d+)\.(\d+)/.exec(release) : null;
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

export function checkScheduler(ctx: RuleContext, s: Service, si: number, directors: string[]): void {
  const t = (sub = '') => serviceTarget(si, s.id, sub);
  const scheduler = s.scheduler ?? 'wlc';
  if (!(SCHEDULERS as readonly string[]).includes(scheduler)) {
    ctx.report('scheduler.unknown', t('.scheduler'), { service: s.id, scheduler: String(scheduler) });
    return;
  }
  (s.schedulerFlags ?? []).forEach((flag, k) => {
    const owner = typeof flag === 'string' ? flag.split('-')[0] : '';
    if (owner !== scheduler) ctx.report('scheduler.flag-incompatible', t(`.schedulerFlags[${k}]`), { service: s.id, flag: String(flag), scheduler });
  });
  if (scheduler === 'twos') {
    const [minMajor, minMinor] = kernelVersion(TWOS_MIN_KERNEL)!;
    for (const d of directors) {
      const kernel = ctx.index.hosts.get(d)?.kernel;
      const v = kernelVersion(kernel);
      if (!v) ctx.report('scheduler.twos-kernel-unknown', t('.scheduler'), { service: s.id, minimum: TWOS_MIN_KERNEL, director: d });
      else if (v[0] < minMajor || (v[0] === minMajor && v[1] < minMinor)) {
        ctx.report('scheduler.twos-kernel-too-old', t('.scheduler'), { service: s.id, director: d, kernel: kernel!, minimum: TWOS_MIN_KERNEL });
      }
    }
  }
  if (s.persistence && (scheduler === 'sh' || scheduler === 'dh' || scheduler === 'mh')) {
    ctx.report('scheduler.persistence-redundant', t('.persistence'), { service: s.id, scheduler });
  }
  if (scheduler === 'lblc' || scheduler === 'lblcr' || scheduler === 'dh') {
    ctx.report('scheduler.locality-cache', t('.scheduler'), { service: s.id, scheduler });
  }
}

// validatePlan: every rule over a plan, in one linear pass over its elements.
import type { Diagnostic } from './diagnostic';
import { buildContext } from './context';
import { newPassState, recordVipDirectors } from './pass-state';
import type { Plan } from '../model/plan-schema';
import { directorsOf, serviceVips } from '../model/plan-index';
import { checkHaPairs } from './rules/ha';
import { checkHostGateways } from './rules/hosts';
import { checkInterfaceAddresses, checkNetworks } from './rules/network';
import { checkNftablesPlane } from './rules/nftables';
import { checkRealServers } from './rules/real-servers';
import { checkScheduler } from './rules/scheduler';
import { checkService } from './rules/services';
import { checkIds, checkInterfaceNetworks } from './rules/structure';

export function validatePlan(plan: Plan): Diagnostic[] {
  const ctx = buildContext(plan);
  checkIds(ctx);
  checkNetworks(ctx);
  checkInterfaceNetworks(ctx);
  checkInterfaceAddresses(ctx);
  checkHostGateways(ctx);
  checkHaPairs(ctx);
  const st = newPassState();
  const services = plan.spec?.services ?? [];
  const directors = services.map((s) => directorsOf(ctx.index, s));
  services.forEach((s, si) => recordVipDirectors(st, serviceVips(s), directors[si]!));
  services.forEach((s, si) => {
    const ds = directors[si]!;
    checkService(ctx, st, s, si, ds);
    checkScheduler(ctx, s, si, ds);
    checkNftablesPlane(ctx, s, si, ds);
    checkRealServers(ctx, st, s, si, ds);
  });
  return ctx.out;
}

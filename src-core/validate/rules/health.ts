// Health checks (keepalived real_server checkers), on a service or on one real server.
import type { RuleContext } from '../context';
import type { DiagnosticTarget } from '../diagnostic';
import type { HealthCheck } from '../../model/plan-schema';

/** target(sub) gives the target of a field of this health check. */
export function checkHealth(ctx: RuleContext, hc: HealthCheck, owner: string, target: (sub: string) => DiagnosticTarget): void {
  const web = hc.type === 'http' || hc.type === 'https';
  if (web) {
    if (hc.path !== undefined && !(typeof hc.path === 'string' && hc.path.startsWith('/'))) {
      ctx.report('health.path-invalid', target('.path'), { value: String(hc.path), owner });
    }
    if (hc.expectStatus !== undefined && !(Number.isInteger(hc.expectStatus) && hc.expectStatus >= 100 && hc.expectStatus <= 599)) {
      ctx.report('health.expect-status-range', target('.expectStatus'), { value: String(hc.expectStatus), owner });
    }
    if (hc.digest !== undefined && !(typeof hc.digest === 'string' && /^[0-9a-fA-F]{32}$/.test(hc.digest))) {
      ctx.report('health.digest-invalid', target('.digest'), { value: String(hc.digest), owner });
    }
  } else {
    for (const field of ['path', 'expectStatus', 'digest', 'host'] as const) {
      if (hc[field] !== undefined) ctx.report('health.http-fields-on-other-type', target(`.${field}`), { owner, type: hc.type, field });
    }
  }
  if (hc.type === 'script' && !(typeof hc.command === 'string' && hc.command.trim() !== '')) {
    ctx.report('health.script-command-required', target('.command'), { owner });
  }
  let secondsOk = true;
  for (const field of ['interval', 'timeout', 'delayBeforeRetry'] as const) {
    const v = hc[field];
    if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && v > 0)) {
      secondsOk = false;
      ctx.report('health.seconds-invalid', target(`.${field}`), { field, owner, value: String(v) });
    }
  }
  if (secondsOk && hc.timeout !== undefined && hc.interval !== undefined && hc.timeout >= hc.interval) {
    ctx.report('health.timeout-not-below-interval', target('.timeout'), { owner, timeout: hc.timeout, interval: hc.interval });
  }
  if (hc.retries !== undefined && !(Number.isInteger(hc.retries) && hc.retries >= 0 && hc.retries <= 100)) {
    ctx.report('health.retries-range', target('.retries'), { owner, value: String(hc.retries) });
  }
  if (hc.port !== undefined && !(Number.isInteger(hc.port) && hc.port >= 1 && hc.port <= 65535)) {
    ctx.report('health.port-range', target('.port'), { owner, value: String(hc.port) });
  }
}

/** A connecting check (tcp/http/https) needs a port: its own, or the real server's. */
export function healthNeedsPort(hc: HealthCheck | undefined): boolean {
  return !!hc && (hc.type === 'tcp' || hc.type === 'http' || hc.type === 'https') && hc.port === undefined;
}

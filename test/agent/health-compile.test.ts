// compilePlan's health part: keepalived's defaults resolved per destination, and the sorry server.
import { describe, expect, it } from 'vitest';
import { compilePlan } from '../../src-core/compile/compile';
import { demoDrPlan } from '../../src-core/templates/demo-dr';
import type { HostDesiredState } from '../../src-core/compile/desired-state';
import type { Plan } from '../../src-core/model/plan-schema';

const dir1 = (plan: Plan): HostDesiredState => compilePlan(plan).hosts.find((h) => h.hostId === 'dir1')!;

describe('compilePlan health', () => {
  it('gives every destination of the demo its resolved check, keyed by serviceId/destId', () => {
    const h = dir1(demoDrPlan());
    expect(h.health?.services.map((s) => s.service)).toEqual(['ipv4|tcp|192.168.10.100|80', 'ipv4|tcp|192.168.10.100|443']);
    const http = h.health!.services[0]!;
    expect(http.destinations).toHaveLength(3);
    expect(http.destinations[0]!.check).toEqual({
      type: 'http',
      address: h.ipvs.services[0]!.destinations[0]!.address,
      port: 80,
      path: '/',
      expectStatus: 200,
      interval: 5,
      timeout: 3,
      retries: 2,
      delayBeforeRetry: 2,
      onFailure: 'remove',
    });
    // every health entry names a destination of the IPVS table
    for (const s of h.health!.services) {
      const t = h.ipvs.services.find((x) => `${x.family}|${x.protocol}|${x.address}|${x.port}` === s.service)!;
      for (const d of s.destinations) expect(t.destinations.map((x) => `${x.address}|${x.port}`)).toContain(d.dest);
    }
  });

  it("fills keepalived's defaults and lets a real server's own check win", () => {
    const plan = demoDrPlan();
    const svc = plan.spec.services[0]!;
    svc.healthCheck = { type: 'http', digest: 'D41D8CD98F00B204E9800998ECF8427E' };
    svc.realServers[1]!.healthCheck = { type: 'script', command: 'exit 0', onFailure: 'weight-zero' };
    svc.realServers[2]!.healthCheck = { type: 'none' };
    const s = dir1(plan).health!.services[0]!;
    const [a, b] = s.destinations;
    expect(s.destinations).toHaveLength(2);
    // HTTP_GET: delay_loop 60, connect_timeout 5, retry 1, delay_before_retry 3; digest only: no status
    expect(a!.check).toMatchObject({ type: 'http', interval: 60, timeout: 5, retries: 1, delayBeforeRetry: 3, digest: 'd41d8cd98f00b204e9800998ecf8427e', onFailure: 'remove' });
    expect(a!.check.expectStatus).toBeUndefined();
    // MISC_CHECK: retry 0, misc_timeout = delay_loop (the service's), delay_before_retry 1
    expect(b!.check).toMatchObject({ type: 'script', command: 'exit 0', interval: 60, timeout: 60, retries: 0, delayBeforeRetry: 1, onFailure: 'weight-zero' });
  });

  it('resolves the sorry server as an IPVS destination (method of the service, port forced for DR)', () => {
    const plan = demoDrPlan();
    for (const s of plan.spec.services) delete s.healthCheck;
    plan.spec.services[0]!.sorryServer = { address: '192.168.10.50', port: 8080 };
    const h = dir1(plan);
    expect(h.health?.services).toEqual([
      {
        service: 'ipv4|tcp|192.168.10.100|80',
        destinations: [],
        sorry: { address: '192.168.10.50', family: 'ipv4', port: 80, forward: 'route', weight: 1, upperThreshold: 0, lowerThreshold: 0 },
      },
    ]);
    plan.spec.services[0]!.sorryServer = { address: '192.168.10.50', port: 8080, forwarding: 'nat' };
    expect(dir1(plan).health!.services[0]!.sorry).toMatchObject({ port: 8080, forward: 'masq' });
  });

  it('leaves health out when no service has a check or a sorry server', () => {
    const plan = demoDrPlan();
    for (const s of plan.spec.services) delete s.healthCheck;
    expect(dir1(plan).health).toBeUndefined();
  });
});

// A deploy job as the renderer follows it: the long poll answers at once on a change (event, prompt
// raised or answered, end) and otherwise waits; prompts from hosts asking at the same time queue up
// and are shown one at a time; a cancel answers every open prompt with nothing.
import { describe, expect, it } from 'vitest';
import { DeployJob } from '../../src-main/services/deploy-jobs/job';

const secret = (hop: string) => ({ kind: 'secret' as const, secret: 'password' as const, hostId: hop, hop, canRemember: false, storage: 'session-only' as const });

describe('deploy job', () => {
  it('a poll waits while nothing changes and wakes on an event, a prompt and the end', async () => {
    const job = new DeployJob('j1', 'deploy');
    let woke = false;
    const waiting = job.wait(0, 5_000).then(() => (woke = true));
    await new Promise((r) => setTimeout(r, 30));
    expect(woke).toBe(false);
    job.progress({ hostId: 'rs1', hostName: 'rs1', step: 'connect', status: 'start' });
    await waiting;
    const s1 = job.snapshot(0);
    expect(s1.events.map((e) => e.progress.step)).toEqual(['connect']);

    const asked = job.ask(secret('a'));
    const s2 = job.snapshot(s1.lastSeq);
    expect(s2.lastSeq).toBeGreaterThan(s1.lastSeq);
    expect(s2.events).toEqual([]);
    expect(s2.state).toBe('waiting');
    expect(s2.prompt?.kind).toBe('secret');
    // The same open prompt does not make the next poll return at once.
    let early = false;
    const w = job.wait(s2.lastSeq, 5_000).then(() => (early = true));
    await new Promise((r) => setTimeout(r, 30));
    expect(early).toBe(false);
    expect(job.answer(s2.prompt!.id, { value: 'x' })).toBe(true);
    await w;
    expect(await asked).toEqual({ value: 'x' });
    expect(job.snapshot(0).state).toBe('running');
    job.finish('done', [], true);
    await job.wait(job.snapshot(0).lastSeq, 5_000);
    expect(job.done).toBe(true);
  });

  it('prompts queue up and show one at a time; cancel answers all of them with nothing', async () => {
    const job = new DeployJob('j2', 'deploy');
    const a = job.ask(secret('a'));
    const b = job.ask(secret('b'));
    const first = job.snapshot(0).prompt!;
    expect(first.kind === 'secret' && first.hop).toBe('a');
    expect(job.answer('no-such-id', {})).toBe(false);
    job.answer(first.id, { value: '1' });
    expect(await a).toEqual({ value: '1' });
    const second = job.snapshot(0).prompt!;
    expect(second.kind === 'secret' && second.hop).toBe('b');
    const c = job.ask(secret('c'));
    job.cancel();
    expect(await b).toEqual({});
    expect(await c).toEqual({});
    expect(job.abort.signal.aborted).toBe(true);
    expect(job.snapshot(0).prompt).toBeUndefined();
  });
});

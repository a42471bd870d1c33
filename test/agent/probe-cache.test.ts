// The plane probe runs modprobe -n and nft --version once per runner and minute, however often
// hello, read-state and dry runs of one session ask; what is loaded is read every time.
import { describe, expect, it } from 'vitest';
import type { Runner } from '../../src-agent/exec';
import { onPath, probePlanes } from '../../src-agent/probe';

describe('probePlanes', () => {
  it('asks the programs once per runner', async () => {
    const calls: string[] = [];
    const run: Runner = async (argv) => {
      calls.push(argv.join(' '));
      return { code: 0, stdout: argv[0] === 'nft' ? 'nftables v1.0.6 (Lester Gooch #5)\n' : '', stderr: '' };
    };
    const first = await probePlanes(run);
    const again = await Promise.all([probePlanes(run), probePlanes(run)]);
    expect(again).toEqual([first, first]);
    const perProgram = (p: string) => calls.filter((c) => c.startsWith(p)).length;
    // without the cache: three of each (hello, read-state, dry run ask in one session)
    expect(perProgram('nft')).toBe(onPath('nft') ? 1 : 0);
    expect(perProgram('modprobe')).toBeLessThanOrEqual(1);
    if (first.nftables.nft) expect(first.nftables.version).toBe('1.0.6');
    // another runner (another session) asks again
    const other: string[] = [];
    await probePlanes(async (argv) => {
      other.push(argv.join(' '));
      return { code: 1, stdout: '', stderr: '' };
    });
    expect(other.filter((c) => c.startsWith('nft')).length).toBe(perProgram('nft'));
  });
});

import { describe, expect, it } from 'vitest';
import { pool, schedule } from './schedule.ts';

const item = (name: string, needs: Record<string, string>, global = false) => ({ name, global, requirements: new Map(Object.entries(needs)) });

describe('schedule', () => {
  it('runs side by side the scenarios whose needs agree, and alone those that change shared settings', () => {
    const batches = schedule([
      item('a', { federation: 'true', 'provider:msn': 'allowed' }),
      item('b', { federation: 'true', 'provider:msn': 'blocked' }),
      item('c', { federation: 'true', 'provider:yahoo': 'allowed' }),
      item('d', { federation: 'true', 'provider:msn': 'allowed' }, true),
      item('e', {}),
      item('f', { 'user:alice@contoso.test': 'f.yaml' }),
      item('g', { 'user:alice@contoso.test': 'g.yaml' }),
    ]);
    expect(batches.map((b) => [b.alone, b.items.map((i) => i.name).join('')])).toEqual([[false, 'acef'], [false, 'bg'], [true, 'd']]);
    expect(Object.fromEntries(batches[0]!.requirements)).toEqual({ federation: 'true', 'provider:msn': 'allowed', 'provider:yahoo': 'allowed', 'user:alice@contoso.test': 'f.yaml' });
  });

  it('runs at most the limit at a time, all of them', async () => {
    let running = 0;
    let most = 0;
    const done: number[] = [];
    await pool([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      most = Math.max(most, ++running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      done.push(n);
    });
    expect(most).toBe(3);
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});

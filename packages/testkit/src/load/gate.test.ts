import { describe, expect, it } from 'vitest';
import { Gate } from './gate.ts';

describe('the sign-in gate', () => {
  it('lets at most `limit` through at once, and everyone through in the end', async () => {
    const gate = new Gate(3);
    let inside = 0;
    let most = 0;
    const releases: (() => void)[] = [];
    const all = Promise.all(Array.from({ length: 10 }, (_, i) => gate.run(async () => {
      inside++;
      most = Math.max(most, inside);
      await new Promise<void>((resolve) => releases.push(resolve));
      inside--;
      return i;
    })));
    while (releases.length || inside) {
      await Promise.resolve();
      releases.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await all).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(most).toBe(3);
  });
});

import { describe, expect, it, vi } from 'vitest';
import { OnceCache } from './once.ts';

describe('OnceCache', () => {
  it('does the work once per id: a repeat, even while the first is running, gets the same answer', async () => {
    const cache = new OnceCache<string>();
    let release!: (value: string) => void;
    const work = vi.fn(() => new Promise<string>((resolve) => (release = resolve)));
    const first = cache.run('a', work);
    const repeat = cache.run('a', work);
    expect(repeat).toBe(first);
    release('answer');
    expect(await repeat).toBe('answer');
    expect(await cache.run('a', work)).toBe('answer');
    expect(work).toHaveBeenCalledTimes(1);
    expect(await cache.run('b', async () => 'other')).toBe('other');
  });

  it('forgets the oldest ids past its capacity, and everything on clear', async () => {
    const cache = new OnceCache<number>(2);
    let runs = 0;
    const work = async () => ++runs;
    await cache.run('a', work);
    await cache.run('b', work);
    await cache.run('c', work);
    expect(await cache.run('b', work)).toBe(2);
    expect(await cache.run('a', work)).toBe(4);
    cache.clear();
    expect(await cache.run('c', work)).toBe(5);
  });
});

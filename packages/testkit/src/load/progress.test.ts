import { describe, expect, it } from 'vitest';
import { PLAIN } from '../scenarios/report.ts';
import { Progress } from './progress.ts';
import type { LoadEvent } from './run.ts';

const tick = (t: number, requests: number): LoadEvent => ({ type: 'tick', t, phase: 'steady', endMs: 60_000, rate: 0, p99: 12.3, errors: 0, requests, signedIn: 40, pending: 2 });

describe('live progress', () => {
  it('on a terminal, rewrites one line in place, with timeline actions on lines of their own above it', () => {
    let out = '';
    const progress = new Progress((t) => (out += t), true, PLAIN);
    progress.onEvent(tick(1000, 0));
    progress.onEvent(tick(2000, 50));
    progress.onEvent({ type: 'mark', t: 2100, label: 'blockProvider msn' });
    progress.onEvent(tick(3000, 90));
    progress.end();
    const frames = out.split('\r\u001b[2K').filter(Boolean);
    expect(frames[1]).toBe('steady  00:02/01:00  users    40     50 answers/s  p99  12.3 ms  errors 0  in flight 2  (50 answered)');
    expect(frames.at(-1)).toMatch(/ 45 answers\/s /); // 90 answers in the last 2 s
    expect(frames).toContain('00:02 ▸ blockProvider msn\n');
    expect(out.endsWith('(90 answered)\n')).toBe(true);
    expect(out.split('\n')).toHaveLength(3);
  });

  it('elsewhere (CI), prints a plain line now and then, never a carriage return', () => {
    let out = '';
    const progress = new Progress((t) => (out += t), false, PLAIN, 5000);
    for (let t = 0; t <= 12_000; t += 1000) progress.onEvent(tick(t, t / 10));
    progress.end();
    expect(out).not.toContain('\r');
    expect(out.trim().split('\n').map((l) => l.slice(0, 19))).toEqual(['steady  00:00/01:00', 'steady  00:05/01:00', 'steady  00:10/01:00']);
  });
});

import { describe, expect, it } from 'vitest';
import { newHistogram, recordMs } from './histogram.ts';
import { emptyCounts } from './ledger.ts';
import { evaluateSlo, parseSlo, type SloInputs } from './slo.ts';

function inputs(): SloInputs {
  const fast = newHistogram();
  for (let i = 1; i <= 100; i++) recordMs(fast, i); // 1..100 ms
  const slow = newHistogram();
  recordMs(slow, 900);
  return {
    rows: [
      { kind: 'message', path: 'colleague', histogram: fast, codes: { 200: 99, 408: 1 }, reasons: { delivered: 99, 'next-hop-timeout': 1 } },
      { kind: 'invite', path: 'inbound msn', histogram: slow, codes: { 403: 1 }, reasons: { forbidden: 1 } },
    ],
    delivery: (filter) => ({ ...emptyCounts(), lost: filter('message', 'colleague') ? 2 : 0 }),
    durationMs: 10_000,
    peakSignedIn: 42,
  };
}

describe('SLOs', () => {
  it('reads latencies in ms or s, shares in % or fractions, counts and rates', () => {
    expect(parseSlo('p99 < 50ms')).toMatchObject({ metric: 'p99', operator: '<', threshold: 50, selector: {} });
    expect(parseSlo('p99.9 <= 1.5s').threshold).toBe(1500);
    expect(parseSlo('errorRate < 0.1%').threshold).toBeCloseTo(0.001);
    expect(parseSlo('throughput >= 100/s').threshold).toBe(100);
    expect(parseSlo('p99{kind=message, path=inbound msn} < 200ms').selector).toEqual({ kind: 'message', path: 'inbound msn' });
  });

  it('says what is wrong with one it cannot read', () => {
    expect(() => parseSlo('p99 is small')).toThrow(/write metric\{selector\} operator value/);
    expect(() => parseSlo('p98 < 1ms')).toThrow(/unknown metric 'p98'/);
    expect(() => parseSlo('lost == 0ms')).toThrow(/lost is a count: give a plain number/);
    expect(() => parseSlo('p99{kind=mesage} < 1ms')).toThrow(/kind=mesage: one of sign-in, presence/);
    expect(() => parseSlo('p99{code=200} < 1ms')).toThrow(/code= and reason= narrow counts/);
    expect(() => parseSlo('p99{color=red} < 1ms')).toThrow(/key one of kind, path, code, reason/);
  });

  it('is measured on the rows it selects', () => {
    const i = inputs();
    expect(evaluateSlo(parseSlo('max < 100ms'), i)).toMatchObject({ passed: false, shown: expect.stringMatching(/^900\.\d+ ms/) });
    expect(evaluateSlo(parseSlo('p99{kind=message} < 101ms'), i).passed).toBe(true);
    expect(evaluateSlo(parseSlo('max{path=inbound msn} >= 900ms'), i).passed).toBe(true);
    expect(evaluateSlo(parseSlo('errorRate < 1%'), i)).toMatchObject({ passed: true, shown: '0.990%' });
    expect(evaluateSlo(parseSlo('rejectedRate < 1%'), i).passed).toBe(true);
    expect(evaluateSlo(parseSlo('requests{code=408} == 1'), i).passed).toBe(true);
    expect(evaluateSlo(parseSlo('requests{reason=forbidden} == 1'), i).passed).toBe(true);
    expect(evaluateSlo(parseSlo('errors{kind=invite} == 0'), i).passed).toBe(true);
    expect(evaluateSlo(parseSlo('throughput >= 10/s'), i)).toMatchObject({ passed: true, value: 10.1 });
    expect(evaluateSlo(parseSlo('lost == 0'), i)).toMatchObject({ passed: false, value: 2 });
    expect(evaluateSlo(parseSlo('lost{kind=invite} == 0'), i).passed).toBe(true);
    expect(evaluateSlo(parseSlo('signedIn >= 42'), i)).toMatchObject({ passed: true, value: 42 });
  });
});

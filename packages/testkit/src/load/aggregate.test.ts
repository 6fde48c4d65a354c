import { describe, expect, it } from 'vitest';
import { Aggregate } from './aggregate.ts';
import { decodeHistogram, encodeHistogram, newHistogram, recordMs, summarize } from './histogram.ts';
import { Recorder, outcomeOf, pathOf } from './recorder.ts';

describe('HDR histograms', () => {
  it('give percentiles and max to 3 significant digits, and survive the trip between processes', () => {
    const h = newHistogram();
    for (let i = 1; i <= 10_000; i++) recordMs(h, i / 10); // 0.1 .. 1000 ms
    const s = summarize(h);
    expect(s.count).toBe(10_000);
    expect(s.p50).toBeCloseTo(500, -1);
    expect(s.p99).toBeCloseTo(990, -1);
    expect(s.p999).toBeCloseTo(999, -1);
    expect(s.max).toBeCloseTo(1000, -1);
    expect(summarize(decodeHistogram(encodeHistogram(h)))).toEqual(s);
  });
});

describe('what a process records, and how the coordinator merges it', () => {
  it('names paths and outcomes', () => {
    expect([pathOf('home', 'home'), pathOf('msn', 'home'), pathOf('home', 'aol'), pathOf('msn', 'msn'), pathOf('msn', 'yahoo')]).toEqual(['colleague', 'inbound msn', 'outbound aol', 'local msn', 'relay msn→yahoo']);
    expect([200, 202, 403, 404, 480, 400, 408, 429, 500, 504, 0].map(outcomeOf)).toEqual(['ok', 'ok', 'rejected', 'rejected', 'rejected', 'rejected', 'error', 'error', 'error', 'error', 'error']);
  });

  it('merges two processes into totals per kind and path, and into intervals for the plots', () => {
    const a = new Recorder();
    const b = new Recorder();
    a.record('message', 'colleague', 10, 200, 'delivered');
    b.record('message', 'colleague', 30, 408, 'next-hop-timeout');
    b.record('invite', 'inbound msn', 5, 403, 'forbidden');
    const aggregate = new Aggregate(1000);
    aggregate.add(a.take(), 500);
    aggregate.add(b.take(), 700);
    aggregate.addSignedIn(0, 10, 500);
    aggregate.addSignedIn(1, 20, 700);
    aggregate.addSignedIn(1, 25, 900); // the last report of a process in an interval counts
    expect(a.take()).toEqual([]);
    const message = aggregate.rows.get('message|colleague')!;
    expect(message.histogram.totalCount).toBe(2);
    expect(message.codes).toEqual({ 200: 1, 408: 1 });
    aggregate.close(999);
    expect(aggregate.points).toEqual([]);
    aggregate.close(1000);
    expect(aggregate.points).toHaveLength(1);
    expect(aggregate.points[0]).toMatchObject({ t: 0, rate: 3, errors: 1, signedIn: 35, codes: { 200: 1, 403: 1, 408: 1 } });
    expect(aggregate.points[0]!.p99ByKind.message).toBeCloseTo(30, 0);
  });
});

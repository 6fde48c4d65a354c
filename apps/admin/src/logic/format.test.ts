import { describe, expect, it } from 'vitest';
import type { TrafficEntry } from '@fedlab/protocol';
import { actorLabel, appendNewest, clockTime, dateTime, describeChange, describeFault, filteringLabel, formatValue, lostSettings } from './format.ts';
import { matchesTraffic, NO_FILTER, pageOf, trafficRows } from './traffic.ts';

const entry = (over: Partial<TrafficEntry> = {}): TrafficEntry => ({
  requestId: 'r1', at: 0, kind: 'invite', from: 'yuki@yahoo.test', to: 'alice@contoso.test', direction: 'inbound', provider: 'yahoo',
  code: 200, reason: 'accepted-verified', hop: 'client', ...over,
});

describe('audit changes', () => {
  it('lists only the settings that changed, with the value before and after', () => {
    const before = { id: 'yahoo', name: 'Yahoo!', allowed: false, filtering: 'verified-only', address: { fqdn: 'sip.yahoo.test', port: 7302 } };
    expect(describeChange(before, { ...before, allowed: true })).toEqual([{ key: 'allowed', before: 'false', after: 'true' }]);
    expect(describeChange(before, { ...before, address: { fqdn: 'sip.yahoo.test', port: 1 } }))
      .toEqual([{ key: 'address', before: 'sip.yahoo.test:7302', after: 'sip.yahoo.test:1' }]);
  });

  it('shows a whole entry added or removed in a few words', () => {
    const entry = { id: 'northwind', name: 'Northwind', allowed: true };
    expect(describeChange(null, entry)).toEqual([{ key: '', before: '—', after: 'Northwind (northwind)' }]);
    expect(describeChange(entry, null)).toEqual([{ key: '', before: 'Northwind (northwind)', after: '—' }]);
    expect(describeChange(null, {})).toEqual([{ key: '', before: '—', after: '(nothing)' }]);
    expect(describeChange(null, null)).toEqual([]);
  });

  it('formats values as text', () => {
    expect(formatValue(['a.test', 'b.test'])).toBe('a.test, b.test');
    expect(formatValue([])).toBe('(none)');
    expect(formatValue({ latencyMs: 5 })).toBe('{"latencyMs":5}');
    expect(formatValue('<b>x</b>')).toBe('<b>x</b>');
  });
});

describe('faults', () => {
  it('reads a fault in one line', () => {
    expect(describeFault(undefined)).toBe('none');
    expect(describeFault({})).toBe('none');
    expect(describeFault({ latencyMs: 200, jitterMs: 50, bandwidthBps: 1000, down: true, unresponsive: true }))
      .toBe('latency 200 ms ± 50 ms · bandwidth 1000 B/s · link down · peer unresponsive');
    expect(describeFault({ jitterMs: 20 })).toBe('latency 0 ms ± 20 ms');
  });
});

describe('the traffic stream', () => {
  it('filters by provider, by part of either address, and by outcome', () => {
    const rejected = entry({ requestId: 'r2', code: 403, reason: 'provider-blocked', from: 'alice@contoso.test', to: 'sam@hotmail.test', provider: 'msn' });
    const list = [entry(), rejected];
    const pick = (filter: Partial<typeof NO_FILTER>) => list.filter((e) => matchesTraffic(e, { ...NO_FILTER, ...filter })).map((e) => e.requestId);
    expect(pick({})).toEqual(['r1', 'r2']);
    expect(pick({ provider: 'msn' })).toEqual(['r2']);
    expect(pick({ user: 'ALICE' })).toEqual(['r1', 'r2']);
    expect(pick({ user: 'sam@' })).toEqual(['r2']);
    expect(pick({ outcome: 'accepted' })).toEqual(['r1']);
    expect(pick({ outcome: 'rejected', provider: 'yahoo' })).toEqual([]);
    expect(pick({ code: '403' })).toEqual(['r2']);
    expect(pick({ kind: 'typing' })).toEqual([]);
  });

  it('folds runs of typing notices between the same two people, and pages the rows', () => {
    const typing = (id: string, from = 'alice@contoso.test', code: 200 | 403 = 200) => entry({ requestId: id, kind: 'typing', from, code });
    const newestFirst = [typing('t5'), typing('t4'), typing('t3', 'yuki@yahoo.test'), typing('t2'), entry({ requestId: 'm1', kind: 'message' }), typing('t1'), typing('t0')];
    expect(trafficRows(newestFirst, true).map((r) => [r.entry.requestId, r.count])).toEqual([['t5', 2], ['t3', 1], ['t2', 1], ['m1', 1], ['t1', 2]]);
    expect(trafficRows(newestFirst, true)[0]!.requestIds).toEqual(['t5', 't4']);
    expect(trafficRows(newestFirst, false)).toHaveLength(7);
    const rows = Array.from({ length: 120 }, (_, i) => i);
    expect(pageOf(rows, 0)).toEqual({ rows: rows.slice(0, 50), page: 0, pages: 3 });
    expect(pageOf(rows, 2).rows).toEqual(rows.slice(100));
    expect(pageOf(rows, 9).page).toBe(2);
    expect(pageOf([], 0)).toEqual({ rows: [], page: 0, pages: 1 });
  });

  it('keeps the newest entries, once each', () => {
    let list: TrafficEntry[] = [];
    for (let i = 0; i < 5; i++) list = appendNewest(list, entry({ requestId: `r${i}` }), (e) => e.requestId, 3);
    expect(list.map((e) => e.requestId)).toEqual(['r2', 'r3', 'r4']);
    list = appendNewest(list, entry({ requestId: 'r3', code: 403 }), (e) => e.requestId, 3);
    expect(list.map((e) => `${e.requestId}:${e.code}`)).toEqual(['r2:200', 'r3:403', 'r4:200']);
  });
});

describe('the audit log', () => {
  it('says who made a change', () => {
    expect([actorLabel('page'), actorLabel('rest'), actorLabel(undefined), actorLabel('scenario:blocked provider'), actorLabel('ci-bot')])
      .toEqual(['Admin page', 'REST API', 'REST API', 'Scenario “blocked provider”', 'ci-bot']);
  });

  it('lists every setting a removed provider had', () => {
    const aol = { id: 'aol', name: 'AOL', address: { fqdn: 'sip.aol.test', port: 7303 }, public: true, allowed: false, filtering: 'verified-only', domains: ['aol.test', 'aim.test'] };
    expect(lostSettings(aol).map((c) => `${c.key}: ${c.before}`)).toEqual([
      'name: AOL', 'network address: sip.aol.test:7303', 'type: public IM service provider', 'allowed: false',
      'filtering: Allow communications only from users verified by this provider', 'domains: aol.test, aim.test',
    ]);
    expect(lostSettings(null)).toEqual([]);
  });
});

describe('labels and times', () => {
  it('uses the seed’s words for the filtering options', () => {
    expect(filteringLabel('contacts-only')).toBe("Allow communications only from users on recipient's contact list");
    expect(filteringLabel('odd')).toBe('odd');
  });

  it('writes local times', () => {
    const at = new Date(2025, 10, 25, 9, 5, 7, 42).getTime();
    expect(clockTime(at)).toBe('09:05:07.042');
    expect(dateTime(at)).toBe('2025-11-25 09:05:07');
  });
});

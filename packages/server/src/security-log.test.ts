import { describe, expect, it } from 'vitest';
import { SECURITY_GROUP_MS, SecurityLog } from './security-log.ts';

const WRONG_TOKEN = { kind: 'wrong-token', source: '10.0.0.1', where: '/internal', detail: 'A wrong internal link token.' } as const;

describe('SecurityLog', () => {
  it('records each event with its node, source, place and time', () => {
    const log = new SecurityLog('edge');
    const event = log.record(WRONG_TOKEN, 1000);
    expect(event).toEqual({ id: expect.any(String), node: 'edge', ...WRONG_TOKEN, at: 1000, lastAt: 1000, count: 1 });
    expect(log.list()).toEqual([event]);
  });

  it('issue 8: groups a flood per kind, source, place and subject within a minute, so it costs one row a minute', () => {
    const log = new SecurityLog('home');
    for (let i = 0; i < 10_000; i++) log.malformed('10.0.0.2', 'presence:set', 'not a presence');
    log.record({ ...WRONG_TOKEN, source: '10.0.0.3' });
    const [flood, other] = log.list();
    expect(flood).toMatchObject({ kind: 'malformed-input', source: '10.0.0.2', where: 'presence:set', count: 10_000 });
    expect(other).toMatchObject({ kind: 'wrong-token', count: 1 });
    // The next minute starts a new row.
    const later = log.record(WRONG_TOKEN, Date.now() + SECURITY_GROUP_MS);
    expect(later.count).toBe(1);
    expect(log.list()).toHaveLength(3);
  });

  it('keeps at most its capacity, oldest out first; filters by kind, node, time and count', () => {
    const log = new SecurityLog('edge', 3);
    for (let i = 0; i < 5; i++) log.record({ ...WRONG_TOKEN, source: `10.0.0.${i}` }, 1000 + i);
    expect(log.list().map((e) => e.source)).toEqual(['10.0.0.2', '10.0.0.3', '10.0.0.4']);
    expect(log.list({ since: 1004 }).map((e) => e.source)).toEqual(['10.0.0.4']);
    expect(log.list({ limit: 1 }).map((e) => e.source)).toEqual(['10.0.0.4']);
    expect(log.list({ kind: 'failed-sign-in' })).toEqual([]);
    expect(log.list({ node: 'home' })).toEqual([]);
  });

  it('tells listeners of new and grown events, and merges events another server recorded', () => {
    const log = new SecurityLog('edge');
    const seen: number[] = [];
    log.subscribe((e) => seen.push(e.count));
    log.record(WRONG_TOKEN);
    log.record(WRONG_TOKEN);
    const fromHome = { ...WRONG_TOKEN, id: 'home-1', node: 'home', at: 1, lastAt: 1, count: 1 };
    log.merge([fromHome]);
    log.merge([{ ...fromHome, count: 5 }]);
    expect(seen).toEqual([1, 2, 1, 5]);
    expect(log.list({ node: 'home' })).toEqual([{ ...fromHome, count: 5 }]);
  });
});

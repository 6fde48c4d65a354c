import { describe, expect, it } from 'vitest';
import type { HopDecision } from '@fedlab/protocol';
import { TraceLog } from './trace-log.ts';

function hop(overrides: Partial<HopDecision> = {}): HopDecision {
  return { hop: 'edge', node: 'edge', rule: 'inbound.2-global-switch', inputs: {}, code: 200, reason: 'forwarded', explanation: 'on', at: 100, ...overrides };
}

describe('TraceLog', () => {
  it('keeps decisions under the request id, oldest first whatever the order recorded', () => {
    const log = new TraceLog();
    const late = hop({ at: 300, node: 'home', hop: 'home', rule: 'inbound.5-recipient-exists' });
    const early = hop({ at: 100 });
    const middle = hop({ at: 200, rule: 'inbound.3-provider-allowed' });
    log.record('r1', late);
    log.record('r1', early, middle);
    log.record('r2', hop({ at: 1 }));
    expect(log.get('r1')).toEqual([early, middle, late]);
    expect(log.get('r2')).toHaveLength(1);
    expect(log.get('unknown')).toEqual([]);
  });

  it('keeps each decision once: the same node, rule, time and reason seen again (in a trail) is not added', () => {
    const log = new TraceLog();
    const d = hop();
    log.record('r1', d);
    log.record('r1', { ...d, inputs: { again: true } }, d);
    log.record('r1', { ...d, at: 101 }, { ...d, node: 'yahoo' }, { ...d, reason: 'provider-blocked', code: 403 }, { ...d, rule: 'inbound.relay' });
    expect(log.get('r1')).toHaveLength(5);
  });

  it('hands out a copy: changing it changes nothing kept', () => {
    const log = new TraceLog();
    log.record('r1', hop());
    log.get('r1').push(hop({ at: 5 }));
    expect(log.get('r1')).toHaveLength(1);
  });

  it('forgets the oldest request ids past its capacity, and everything on clear', () => {
    const log = new TraceLog(2);
    log.record('a', hop());
    log.record('b', hop());
    log.record('a', hop({ at: 2 }));
    log.record('c', hop());
    expect([log.get('a'), log.get('b'), log.get('c')].map((l) => l.length)).toEqual([0, 1, 1]);
    log.clear();
    expect([log.get('b'), log.get('c')]).toEqual([[], []]);
  });
});

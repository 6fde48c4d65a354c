import { describe, expect, it } from 'vitest';
import type { TrafficEntry } from '@fedlab/protocol';
import { TrafficLog } from './traffic.ts';

const entry = (from: string, requestId: string): TrafficEntry => ({
  requestId, at: 1, kind: 'notify', from, to: 'alice@contoso.test', direction: 'inbound', provider: 'yahoo', code: 200, reason: 'delivered', hop: 'client',
});

describe('TrafficLog', () => {
  it('keeps entries oldest first, and finds them by provider, user, outcome and request id', () => {
    const log = new TrafficLog(10);
    log.add(entry('yuki@yahoo.test', 'a-0001'));
    log.add({ ...entry('sam@hotmail.test', 'b-0001'), provider: 'msn', code: 403 });
    expect(log.find({}).map((e) => e.requestId)).toEqual(['a-0001', 'b-0001']);
    expect(log.find({ provider: 'msn' }).map((e) => e.requestId)).toEqual(['b-0001']);
    expect(log.find({ outcome: 'rejected' }).map((e) => e.requestId)).toEqual(['b-0001']);
    expect(log.find({ user: 'yuki@yahoo.test' }).map((e) => e.requestId)).toEqual(['a-0001']);
    expect(log.get('b-0001')?.from).toBe('sam@hotmail.test');
    log.clear();
    expect(log.find({})).toEqual([]);
  });

  it('when full, takes from the heaviest sender: a flood from one never evicts anybody else', () => {
    const log = new TrafficLog(100);
    for (let i = 0; i < 20; i++) log.add(entry(`person${i}@yahoo.test`, `calm-${i}`));
    for (let i = 0; i < 10_000; i++) log.add(entry('flood@yahoo.test', `flood-${i}`));
    const kept = log.find({ limit: 1000 });
    expect(kept).toHaveLength(100);
    expect(kept.filter((e) => e.requestId.startsWith('calm-'))).toHaveLength(20);
    // The flooder keeps its newest entries.
    expect(kept.at(-1)?.requestId).toBe('flood-9999');
    expect(kept.filter((e) => e.from === 'flood@yahoo.test').at(0)?.requestId).toBe('flood-9920');
  });

  it('shares fairly between two floods', () => {
    const log = new TrafficLog(100);
    for (let i = 0; i < 5_000; i++) {
      log.add(entry('one@yahoo.test', `one-${i}`));
      if (i % 2 === 0) log.add(entry('two@yahoo.test', `two-${i}`));
    }
    const kept = log.find({ limit: 1000 });
    expect(kept.filter((e) => e.from === 'one@yahoo.test').length).toBe(50);
    expect(kept.filter((e) => e.from === 'two@yahoo.test').length).toBe(50);
  });
});

import { describe, expect, it } from 'vitest';
import { Outbox, type OutboxItem } from './outbox.ts';
import { Store } from './store.ts';

describe('Outbox', () => {
  it('keeps what the peer did not acknowledge, in order, and delivers it on the next flush; once only', async () => {
    const store = new Store(':memory:');
    let up = false;
    const delivered: string[] = [];
    const outbox = new Outbox<string>(store, 'outbox:test', async (item: OutboxItem<string>) => {
      if (!up) return false;
      delivered.push(item.payload);
      return true;
    });
    outbox.push('first', 1);
    outbox.push('second', 2);
    await outbox.flush();
    expect(delivered).toEqual([]);
    expect(outbox.pending().map((i) => i.payload)).toEqual(['first', 'second']);
    // A restart: the same store, a new outbox.
    const again = new Outbox<string>(store, 'outbox:test', async (item) => {
      delivered.push(item.payload);
      return true;
    });
    up = true;
    await again.flush();
    expect(delivered).toEqual(['first', 'second']);
    await again.flush();
    expect(delivered).toEqual(['first', 'second']);
    expect(again.pending()).toEqual([]);
  });

  it('a delivery that throws counts as not acknowledged', async () => {
    const outbox = new Outbox<string>(new Store(':memory:'), 'outbox:test', async () => {
      throw new Error('link down');
    });
    outbox.push('kept');
    await outbox.flush();
    expect(outbox.pending().map((i) => i.payload)).toEqual(['kept']);
  });
});

import { describe, expect, it } from 'vitest';
import { DeliveryLedger } from './ledger.ts';

describe('the delivery ledger', () => {
  const answer = (ledger: DeliveryLedger, id: string, code: number, at = 0) => ledger.answered({ id, kind: 'message', path: 'colleague', code, at });

  it('joins answers and deliveries by request id, whatever comes first', () => {
    const ledger = new DeliveryLedger(1000);
    ledger.delivered('a');
    answer(ledger, 'a', 200);
    answer(ledger, 'b', 200);
    ledger.delivered('b');
    ledger.finish();
    expect(ledger.totals()).toMatchObject({ answered: 2, accepted: 2, delivered: 2, lost: 0, duplicated: 0, deliveredAfterFailure: 0 });
  });

  it('counts a 200 never delivered as lost, one delivered twice as duplicated, a failure delivered all the same', () => {
    const ledger = new DeliveryLedger(1000);
    answer(ledger, 'lost', 200);
    answer(ledger, 'twice', 200);
    ledger.delivered('twice');
    ledger.delivered('twice');
    answer(ledger, 'refused', 403);
    answer(ledger, 'timed-out', 408);
    ledger.delivered('timed-out');
    ledger.unanswered('message', 'colleague', 3);
    ledger.outOfOrder('message', 'colleague', 1);
    ledger.finish();
    expect(ledger.totals()).toMatchObject({ answered: 4, accepted: 2, delivered: 2, lost: 1, duplicated: 1, deliveredAfterFailure: 1, unanswered: 3, outOfOrder: 1 });
    expect(ledger.examples).toEqual({ lost: ['lost'], duplicated: ['twice'], deliveredAfterFailure: ['timed-out'] });
  });

  it('judges an entry only once its answer is older than every deadline, so that a late delivery still counts', () => {
    const ledger = new DeliveryLedger(1000);
    answer(ledger, 'x', 200, 10_000);
    ledger.sweep(10_500);
    expect(ledger.pending).toBe(1);
    ledger.delivered('x');
    ledger.sweep(11_000);
    expect(ledger.pending).toBe(0);
    expect(ledger.totals().lost).toBe(0);
  });

  it('keeps its counts by kind and path', () => {
    const ledger = new DeliveryLedger(0);
    ledger.answered({ id: 'i', kind: 'invite', path: 'inbound msn', code: 200, at: 0 });
    answer(ledger, 'm', 200);
    ledger.finish();
    expect(ledger.totals((kind) => kind === 'invite')).toMatchObject({ answered: 1, lost: 1 });
    expect(ledger.totals((_, path) => path === 'colleague')).toMatchObject({ answered: 1, lost: 1 });
  });
});

import { describe, expect, it } from 'vitest';
import { DeliveryLedger } from './ledger.ts';

describe('the delivery ledger', () => {
  const answer = (ledger: DeliveryLedger, id: string, code: number, at = 0) => ledger.answered({ id, kind: 'message', path: 'colleague', code, at });

  it('joins answers and deliveries by request id, whatever comes first', () => {
    const ledger = new DeliveryLedger(1000);
    ledger.delivered('a', 0);
    answer(ledger, 'a', 200);
    answer(ledger, 'b', 200);
    ledger.delivered('b', 0);
    ledger.finish();
    expect(ledger.totals()).toMatchObject({ answered: 2, accepted: 2, delivered: 2, lost: 0, duplicated: 0, deliveredAfterFailure: 0 });
  });

  it('counts a 200 never delivered as lost, one delivered twice as duplicated, a failure delivered all the same', () => {
    const ledger = new DeliveryLedger(1000);
    answer(ledger, 'lost', 200);
    answer(ledger, 'twice', 200);
    ledger.delivered('twice', 0);
    ledger.delivered('twice', 0);
    answer(ledger, 'refused', 403);
    // Delivered, then answered 408 (the recipient's answer came too late): a failure delivered, not after it.
    ledger.delivered('late-answer', 50);
    answer(ledger, 'late-answer', 408, 100);
    // Answered 408, then delivered: the sender was told it failed, and it arrived all the same.
    answer(ledger, 'late-delivery', 408, 100);
    ledger.delivered('late-delivery', 150);
    ledger.unanswered('message', 'colleague', 3);
    ledger.outOfOrder('message', 'colleague', 1);
    ledger.finish();
    expect(ledger.totals()).toMatchObject({ answered: 5, accepted: 2, delivered: 3, lost: 1, duplicated: 1, failedButDelivered: 2, deliveredAfterFailure: 1, unanswered: 3, outOfOrder: 1 });
    expect(ledger.examples).toEqual({ lost: ['lost'], duplicated: ['twice'], failedButDelivered: ['late-answer', 'late-delivery'], deliveredAfterFailure: ['late-delivery'] });
  });

  it('judges an entry only once its answer is older than every deadline, so that a late delivery still counts', () => {
    const ledger = new DeliveryLedger(1000);
    answer(ledger, 'x', 200, 10_000);
    ledger.sweep(10_500);
    expect(ledger.pending).toBe(1);
    ledger.delivered('x', 10_600);
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

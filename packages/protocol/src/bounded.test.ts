import { describe, expect, it } from 'vitest';
import { ANSWER_BOUNDS, answerFor, applyProfileDelta, depthOf, parseAnswer, type HopDecision, type Profile } from './index.ts';

/** A value nested `depth` levels deep, built without recursion. */
function nested(depth: number): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  let current = root;
  for (let i = 1; i < depth; i++) current = (current.a = {}) as Record<string, unknown>;
  return root;
}

const decision = (inputs: Record<string, unknown>): HopDecision => ({ hop: 'client', node: 'client:alice@contoso.test', rule: 'inbound.8-im-invitation', inputs, code: 200, reason: 'accepted-verified', explanation: 'ok', at: 1 });

describe('depthOf', () => {
  it('measures nesting without recursion, and stops past the limit', () => {
    expect(depthOf(1, 4)).toBe(0);
    expect(depthOf({}, 4)).toBe(1);
    expect(depthOf({ a: [{ b: 1 }] }, 10)).toBe(3);
    expect(depthOf(nested(30_000), 4)).toBe(5);
  });
});

describe('parseAnswer: answers from clients and peers, bounded', () => {
  it('takes an answer within the bounds', () => {
    const answer = answerFor('r-1', 'accepted-verified', 'client', { trail: [decision({ a: { b: { c: 1 } } })] });
    expect(parseAnswer(answer)).toEqual({ ok: true, value: answer });
  });

  it('refuses a trail whose inputs nest 30,000 deep, or deeper than 4 levels, or weigh more than 4 KB, or too many decisions', () => {
    expect(parseAnswer(answerFor('r-1', 'accepted-verified', 'client', { trail: [decision(nested(30_000))] }))).toEqual({ ok: false, error: '/trail/0/inputs: nested deeper than 4 levels' });
    expect(parseAnswer(answerFor('r-1', 'accepted-verified', 'client', { trail: [decision(nested(5))] })).ok).toBe(false);
    expect(parseAnswer(answerFor('r-1', 'accepted-verified', 'client', { trail: [decision(nested(4))] })).ok).toBe(true);
    expect(parseAnswer(answerFor('r-1', 'accepted-verified', 'client', { trail: [decision({ big: 'x'.repeat(ANSWER_BOUNDS.maxInputsBytes) })] }))).toEqual({ ok: false, error: '/trail/0/inputs: larger than 4096 bytes' });
    const many = Array.from({ length: ANSWER_BOUNDS.maxTrail + 1 }, () => decision({}));
    expect(parseAnswer(answerFor('r-1', 'accepted-verified', 'client', { trail: many })).ok).toBe(false);
  });

  it('refuses what is off the contract, and an over-long request id', () => {
    expect(parseAnswer({ requestId: 'r', code: 299 }).ok).toBe(false);
    expect(parseAnswer(null).ok).toBe(false);
    expect(parseAnswer({ ...answerFor('r', 'delivered', 'client'), requestId: 'x'.repeat(65) }).ok).toBe(false);
  });
});

describe('applyProfileDelta', () => {
  const profile: Profile = { address: 'alice@contoso.test', displayName: 'Alice', kind: 'internal', lists: { allow: ['a@yahoo.test'], block: [] }, settings: { subscriptionSetting: 'prompt', blockImFromNonAllowList: false }, enablement: { federation: true, publicIm: true } };

  it('applies list changes in order, and settings and enablement as they are now, to a copy', () => {
    const after = applyProfileDelta(profile, {
      lists: [{ list: 'block', op: 'add', address: 'y@yahoo.test' }, { list: 'allow', op: 'remove', address: 'a@yahoo.test' }, { list: 'allow', op: 'add', address: 'b@yahoo.test' }, { list: 'allow', op: 'add', address: 'b@yahoo.test' }],
      settings: { subscriptionSetting: 'allow', blockImFromNonAllowList: true },
      enablement: { federation: false, publicIm: true },
    });
    expect(after).toMatchObject({ lists: { allow: ['b@yahoo.test'], block: ['y@yahoo.test'] }, settings: { subscriptionSetting: 'allow' }, enablement: { federation: false } });
    expect(profile.lists).toEqual({ allow: ['a@yahoo.test'], block: [] });
  });
});

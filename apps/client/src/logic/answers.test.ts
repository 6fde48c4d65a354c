import { describe, expect, it } from 'vitest';
import { answerFor, toPublic, toSenderForm } from '@fedlab/protocol';
import { describeAnswer, endedText, reasonSentence } from './answers.ts';

describe('an answer as a person reads it', () => {
  it('accepted and delivered', () => {
    expect(describeAnswer(answerFor('r', 'accepted-by-provider', 'provider'))).toEqual({
      tone: 'ok', title: 'Accepted', code: 200, reason: 'accepted-by-provider', sentence: 'The provider accepted the request for its user.', hop: 'provider',
    });
    expect(describeAnswer(toPublic(answerFor('r', 'delivered', 'client'))).title).toBe('Delivered');
  });

  it('pending: the recipient is being asked', () => {
    expect(describeAnswer(toPublic(answerFor('r', 'pending-prompt', 'home')))).toMatchObject({ tone: 'pending', title: 'Pending', code: 202, reason: 'pending', sentence: 'The recipient is being asked.' });
  });

  it('rejected with the public reason an outsider may see, never the internal one', () => {
    const view = describeAnswer(toPublic(answerFor('r', 'subscription-setting-block', 'home')));
    expect(view).toEqual({ tone: 'error', title: 'Rejected', code: 403, reason: 'forbidden', sentence: 'The recipient does not accept this request.', hop: 'edge' });
  });

  it("a Block list answers like an offline recipient, to colleagues too", () => {
    expect(describeAnswer(toSenderForm(answerFor('r', 'sender-on-block-list', 'home')))).toMatchObject({ title: 'Unavailable', code: 480, reason: 'recipient-offline' });
  });

  it('titles every code of the table', () => {
    const titles = (['malformed', 'user-not-found', 'next-hop-timeout', 'rate-limited', 'internal-error', 'provider-unreachable'] as const).map((r) => describeAnswer(answerFor('r', r, 'edge')).title);
    expect(titles).toEqual(['Conversation ended', 'Not found', 'Timed out', 'Rate limited', 'Server error', 'Unreachable']);
  });

  it('never says "Malformed" for what a person did: a 400 means her conversation had ended', () => {
    expect(describeAnswer(answerFor('m', 'not-in-session', 'home')).title).toBe('Conversation ended');
    expect(describeAnswer(toPublic(answerFor('m', 'not-in-session', 'home'))).title).toBe('Conversation ended');
  });
});

describe('why a conversation ended', () => {
  it('by us, by the peer, or by the answer that ended it', () => {
    expect(endedText('ended-by-us', 'Yuki')).toBe('You ended the conversation.');
    expect(endedText('ended-by-peer', 'Yuki')).toBe('Yuki ended the conversation.');
    expect(endedText('forbidden', 'Yuki')).toBe('The conversation ended: forbidden — The recipient does not accept this request.');
    expect(endedText('recipient-offline', 'Yuki')).toBe('The conversation ended: recipient-offline — The recipient is not signed in.');
    expect(endedText('something-new', 'Yuki')).toBe('The conversation ended: something-new');
    expect(endedText(undefined, 'Yuki')).toBe('The conversation ended.');
  });

  it('knows the sentences of both tables', () => {
    expect(reasonSentence('provider-blocked')).toContain('temporarily blocked');
    expect(reasonSentence('timeout')).toBe('The next hop did not answer in time.');
    expect(reasonSentence('toString')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { answerFor, type Profile } from '@fedlab/protocol';
import type { Contact } from '@fedlab/sdk';
import { contactRows, subscriptionText } from './contacts.ts';

const profile = (allow: string[], block: string[] = []): Profile => ({ address: 'alice@contoso.test', displayName: 'Alice', kind: 'internal', lists: { allow, block } });
const lookups = { nameOf: (a: string) => a.split('@')[0]!.toUpperCase(), sideNameOf: (a: string) => (a.endsWith('yahoo.test') ? 'Yahoo!' : undefined) };

describe('the contact list', () => {
  it('is the Allow list plus every subscription the client holds, who can talk first, then by name', () => {
    const contacts = new Map<string, Contact>([
      ['zed@yahoo.test', { address: 'zed@yahoo.test', subscription: 'active', presence: { state: 'available', note: 'hey' } }],
      ['amy@yahoo.test', { address: 'amy@yahoo.test', subscription: 'active', presence: { state: 'away', note: '' } }],
      ['pat@yahoo.test', { address: 'pat@yahoo.test', subscription: 'pending', presence: { state: 'offline', note: '' }, answer: answerFor('r', 'pending-prompt', 'home') }],
    ]);
    const rows = contactRows(profile(['bob@contoso.test', 'zed@yahoo.test'], ['bob@contoso.test']), contacts, lookups);
    expect(rows.map((r) => [r.address, r.presence.state, r.subscription, r.blocked, r.side, r.name])).toEqual([
      ['zed@yahoo.test', 'available', 'active', false, 'Yahoo!', 'ZED'],
      ['amy@yahoo.test', 'away', 'active', false, 'Yahoo!', 'AMY'],
      ['bob@contoso.test', 'offline', 'none', true, undefined, 'BOB'],
      ['pat@yahoo.test', 'offline', 'pending', false, 'Yahoo!', 'PAT'],
    ]);
    expect(rows[3]!.answer?.code).toBe(202);
    expect(rows[0]!.answer).toBeUndefined();
  });

  it('is empty before the welcome', () => {
    expect(contactRows(undefined, new Map(), lookups)).toEqual([]);
  });

  it('says what a subscription that shows no presence is waiting for', () => {
    expect(subscriptionText({ subscription: 'active' })).toBeUndefined();
    expect(subscriptionText({ subscription: 'none' })).toBe('Not subscribed to presence');
    expect(subscriptionText({ subscription: 'pending' })).toBe('Asking…');
    expect(subscriptionText({ subscription: 'pending', answer: answerFor('r', 'pending-prompt', 'home') })).toBe('Waiting for approval');
    expect(subscriptionText({ subscription: 'rejected' })).toBe('Presence request rejected');
    // An ended subscription looks like a contact who signed out (rule 9).
    expect(subscriptionText({ subscription: 'terminated' })).toBeUndefined();
  });

  it('keeps an answer only while it explains the row', () => {
    const pending = answerFor('r', 'pending-prompt', 'home');
    const rejected = answerFor('r', 'provider-blocked', 'edge');
    const row = (subscription: Contact['subscription'], answer: typeof pending) =>
      contactRows(profile([]), new Map([['pat@yahoo.test', { address: 'pat@yahoo.test', subscription, presence: { state: 'offline', note: '' }, answer }]]), lookups)[0]!.answer?.code;
    expect([row('pending', pending), row('rejected', rejected)]).toEqual([202, 403]);
    // After the subscription ended, or was accepted, the old answers are gone.
    expect([row('terminated', pending), row('active', pending), row('none', rejected), row('pending', rejected)]).toEqual([undefined, undefined, undefined, undefined]);
  });
});

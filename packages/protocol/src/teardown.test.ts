import { describe, expect, it } from 'vitest';
import { dialogKey, scopeCuts, type DialogScope } from './index.ts';

const ALICE = 'alice@contoso.test';
const BOB = 'bob@contoso.test';
const YUKI = 'yuki@yahoo.test';
const SAM = 'sam@hotmail.test';
const FIONA = 'fiona@fabrikam.test';
const ORG = ['contoso.test'];

describe('scopeCuts', () => {
  it('cuts a dialog between someone inside and someone outside, in either order, never two insiders or two outsiders', () => {
    const everything: DialogScope = { inside: { domains: ORG }, outside: {} };
    expect(scopeCuts(everything, ALICE, YUKI)).toBe(true);
    expect(scopeCuts(everything, YUKI, ALICE)).toBe(true);
    expect(scopeCuts(everything, ALICE, BOB)).toBe(false);
    expect(scopeCuts(everything, YUKI, SAM)).toBe(false);
  });

  it('narrows to outside domains, all but some domains, one user inside, one person outside', () => {
    const yahoo: DialogScope = { inside: { domains: ORG }, outside: { domains: ['yahoo.test'] } };
    expect([scopeCuts(yahoo, ALICE, YUKI), scopeCuts(yahoo, ALICE, SAM)]).toEqual([true, false]);
    const partners: DialogScope = { inside: { domains: ORG, user: BOB }, outside: { exceptDomains: ['yahoo.test', 'hotmail.test'] } };
    expect([scopeCuts(partners, BOB, FIONA), scopeCuts(partners, BOB, YUKI), scopeCuts(partners, ALICE, FIONA)]).toEqual([true, false, false]);
    const pair: DialogScope = { inside: { domains: ORG, user: ALICE }, outside: { user: YUKI } };
    expect([scopeCuts(pair, YUKI, ALICE), scopeCuts(pair, ALICE, 'yan@yahoo.test'), scopeCuts(pair, BOB, YUKI)]).toEqual([true, false, false]);
  });
});

describe('dialogKey', () => {
  it('counts a session once whichever side reports it, and a subscription by its direction', () => {
    expect(dialogKey({ dialog: 'session', between: [ALICE, YUKI], sessionId: 's-1' })).toBe(dialogKey({ dialog: 'session', between: [YUKI, ALICE], sessionId: 's-1', noticeId: 'n-1' }));
    expect(dialogKey({ dialog: 'subscription', between: [ALICE, YUKI] })).not.toBe(dialogKey({ dialog: 'subscription', between: [YUKI, ALICE] }));
  });
});

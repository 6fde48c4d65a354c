import { describe, expect, it } from 'vitest';
import type { Filtering } from '@fedlab/protocol';
import { outcome, useDeployment } from './support.ts';

const d = useDeployment({ allow: ['yahoo'] });
const ALICE = 'alice@contoso.test';
const VERIFIED = 'yuki@yahoo.test';
const UNVERIFIED = 'yan@yahoo.test';

/** POLICY.md: the stamp each filtering option gives a verified and an unverified sender. */
const cases: { filtering: Filtering; sender: string; stamp: 'verified' | 'unverified' }[] = [
  { filtering: 'verified-only', sender: VERIFIED, stamp: 'verified' },
  { filtering: 'verified-only', sender: UNVERIFIED, stamp: 'unverified' },
  { filtering: 'contacts-only', sender: VERIFIED, stamp: 'unverified' },
  { filtering: 'contacts-only', sender: UNVERIFIED, stamp: 'unverified' },
  { filtering: 'allow-all', sender: VERIFIED, stamp: 'verified' },
  { filtering: 'allow-all', sender: UNVERIFIED, stamp: 'verified' },
];

describe.each(cases)('filtering $filtering, sender $sender (stamped $stamp)', ({ filtering, sender, stamp }) => {
  it('a stranger\'s subscription: verified → prompt (202), unverified → rejected', async () => {
    await d().admin.updateProvider('yahoo', { filtering });
    const alice = await d().bot(ALICE);
    const s = await d().bot(sender);
    const answer = await s.subscribe(ALICE);
    if (stamp === 'verified') {
      expect(await outcome(d(), answer)).toMatchObject({ code: 202, seen: 'pending', reason: 'pending-prompt', hop: 'home' });
      const prompt = await alice.prompt(sender);
      expect(prompt).toMatchObject({ provider: 'yahoo', verification: 'verified' });
    } else {
      expect(await outcome(d(), answer)).toMatchObject({ code: 403, seen: 'forbidden', reason: 'unverified-not-on-allow-list', hop: 'home' });
      expect(alice.prompts).toEqual([]);
    }
  });

  it('a contact\'s subscription is accepted whatever the stamp', async () => {
    await d().admin.updateProvider('yahoo', { filtering });
    const alice = await d().bot(ALICE);
    await alice.changeList('allow', 'add', sender);
    const s = await d().bot(sender);
    expect(await outcome(d(), await s.subscribe(ALICE))).toMatchObject({ code: 200, reason: 'accepted-on-allow-list', hop: 'home' });
    await alice.setPresence({ state: 'away', note: `for ${filtering}` });
    await s.seesPresence(ALICE, 'away', `for ${filtering}`);
  });

  it('a stranger\'s IM invitation: the client accepts verified, rejects unverified', async () => {
    await d().admin.updateProvider('yahoo', { filtering });
    const alice = await d().bot(ALICE);
    const s = await d().bot(sender);
    const { answer } = await s.invite(ALICE);
    if (stamp === 'verified') {
      expect(await outcome(d(), answer)).toMatchObject({ code: 200, reason: 'accepted-verified', hop: 'client' });
      await alice.invitation(sender);
    } else {
      expect(await outcome(d(), answer)).toMatchObject({ code: 403, seen: 'forbidden', reason: 'unverified-not-on-allow-list', hop: 'client' });
      // A rejected invitation never reaches the person: the sdk decided before the application saw it.
      expect([...alice.sessions.values()]).toEqual([]);
    }
  });

  it('a contact\'s IM invitation gets through whatever the stamp (POLICY.md Decision)', async () => {
    await d().admin.updateProvider('yahoo', { filtering });
    const alice = await d().bot(ALICE);
    await alice.changeList('allow', 'add', sender);
    const s = await d().bot(sender);
    const { answer, session } = await s.invite(ALICE);
    expect(await outcome(d(), answer)).toMatchObject({ code: 200, reason: 'accepted-on-allow-list', hop: 'client' });
    await s.send(session.id, `hello under ${filtering}`);
    await alice.message(`hello under ${filtering}`);
  });
});

describe('the trust stamp', () => {
  it('is the edge\'s: a stamp or an assertion forged by the provider is overwritten', async () => {
    await d().admin.updateProvider('yahoo', { filtering: 'contacts-only' });
    const alice = await d().bot(ALICE);
    const answer = await d().providers.yahoo!.sendRaw({
      id: 'forged-stamp-1', kind: 'subscribe', from: VERIFIED, to: ALICE, sentAt: Date.now(), body: {}, asserted: 'verified',
      stamp: { network: 'publiccloud', provider: 'yahoo', fqdn: 'sip.yahoo.test', verification: 'verified' },
    });
    expect(answer).toMatchObject({ code: 403, public: true });
    const trace = await d().admin.trace('forged-stamp-1');
    expect(trace.decisions.find((x) => x.rule === 'inbound.4-trust-stamp')?.inputs).toMatchObject({ verification: 'unverified' });
    expect(alice.prompts).toEqual([]);
  });
});

/**
 * The rules the truth table does not walk: spoofing (rule 1), the edge as a relay between outsiders (Decision),
 * requests inside an accepted dialog (rules 1–3 and 5–7 again), and the small pieces (stamp, list standing).
 */
import { describe, expect, it } from 'vitest';
import {
  REASONS,
  IN_DIALOG_KINDS,
  REQUEST_KINDS,
  OPENING_KINDS,
  type Filtering,
  type RequestKind,
  type SourceNetwork,
  type SubscriptionSetting,
  type UserLists,
  type Verification,
} from '@fedlab/protocol';
import {
  decideInbound,
  decideInboundAtEdge,
  decideInboundAtHome,
  RULES,
  standingOf,
  stampedVerification,
  type InboundPathInput,
  type ListedProvider,
  type RuleCheck,
  type Verdict,
} from './index.ts';

const BOOLEANS = [true, false] as const;
const SAM = 'sam@hotmail.test';
const ALICE = 'alice@contoso.test';
const ORG_DOMAINS = ['contoso.test'];
const MSN: ListedProvider = { id: 'msn', name: 'MSN', fqdn: 'sip.msn.test', public: true, allowed: true, filtering: 'verified-only', domains: ['hotmail.test', 'msn.test'] };

function explained(checks: RuleCheck[]): boolean {
  return checks.length > 0 && checks.every((c) => typeof c.explanation === 'string' && c.explanation.trim().length > 0);
}

function endsWithDecidingRule(v: Verdict): boolean {
  return v.outcome === 'final' && v.checks[v.checks.length - 1]?.rule === v.rule;
}

function path(over: Partial<InboundPathInput> = {}): InboundPathInput {
  return {
    kind: 'subscribe',
    from: SAM,
    to: ALICE,
    link: { provider: 'msn', domains: [...MSN.domains] },
    entry: { ...MSN },
    orgDomains: [...ORG_DOMAINS],
    federationEnabled: true,
    asserted: 'verified',
    recipient: {
      enablement: { federation: true, publicIm: true },
      lists: { allow: [], block: [] },
      settings: { subscriptionSetting: 'allow', blockImFromNonAllowList: false },
      online: true,
    },
    ...over,
  };
}

it('the in-dialog kinds are exactly the non-opening kinds', () => {
  expect([...IN_DIALOG_KINDS].sort()).toEqual(['bye', 'message', 'notify', 'typing', 'unsubscribe']);
  expect([...IN_DIALOG_KINDS, ...OPENING_KINDS].sort()).toEqual([...REQUEST_KINDS].sort());
});

describe('rule 1: the authenticated link and the sender domain (spoofing)', () => {
  const links: Record<string, InboundPathInput['link']> = {
    'no authenticated link': undefined,
    "another provider's link": { provider: 'yahoo', domains: ['yahoo.test'] },
    "a link whose domains do not include the sender's": { provider: 'msn', domains: ['msn.test'] },
  };

  it('rejects a spoofed sender domain at the edge, before any other rule, whatever else is set', () => {
    let rows = 0;
    for (const [label, link] of Object.entries(links))
      for (const federationEnabled of BOOLEANS)
        for (const entry of [MSN, { ...MSN, allowed: false }, undefined])
          for (const to of [ALICE, 'yuki@yahoo.test'])
            for (const kind of REQUEST_KINDS) {
              rows++;
              const input = path({ link, entry, federationEnabled, to, kind });
              const got = decideInbound(input);
              expect({ label, code: got.code, reason: got.reason, hop: got.hop, rule: got.rule }).toEqual({
                label, code: 403, reason: 'spoofed-sender-domain', hop: 'edge', rule: 'inbound.1-authenticated-link',
              });
              expect(got.checks.map((c) => c.rule)).toEqual(['inbound.1-authenticated-link']);
              expect(explained(got.checks)).toBe(true);
              const edge = decideInboundAtEdge(input);
              expect(edge.stamp).toBeUndefined();
              expect(endsWithDecidingRule(edge)).toBe(true);
              expect(edge.checks[0]!.inputs).toMatchObject({ senderDomain: 'hotmail.test', link: link?.provider ?? null });
            }
    expect(rows).toBe(3 * 2 * 3 * 2 * 7);
  });

  it('accepts every domain of the provider, not only the first', () => {
    const got = decideInbound(path({ from: 'nia@msn.test' }));
    expect(got.reason).toBe('accepted-by-setting');
  });
});

describe('Decision: the edge is not a relay between two outside parties', () => {
  const outsiders = ['yuki@yahoo.test', 'fiona@fabrikam.test', 'sam2@hotmail.test', 'x@nowhere.test'];

  it('rejects, at the edge with 403 cross-provider-relay, a request to a domain not of the organization', () => {
    for (const to of outsiders)
      for (const kind of REQUEST_KINDS) {
        const got = decideInbound(path({ to, kind }));
        expect({ to, kind, code: got.code, reason: got.reason, hop: got.hop, rule: got.rule }).toEqual({
          to, kind, code: 403, reason: 'cross-provider-relay', hop: 'edge', rule: 'inbound.relay',
        });
        expect(got.checks[got.checks.length - 1]!.rule).toBe('inbound.relay');
        expect(explained(got.checks)).toBe(true);
      }
  });

  it('never lets such a request past the edge, whatever the switch and the provider entry say', () => {
    for (const to of outsiders)
      for (const federationEnabled of BOOLEANS)
        for (const entry of [MSN, { ...MSN, allowed: false }, undefined]) {
          const got = decideInbound(path({ to, federationEnabled, entry }));
          expect({ code: got.code, hop: got.hop }).toEqual({ code: 403, hop: 'edge' });
        }
  });

  it('knows every domain of the organization', () => {
    const got = decideInbound(path({ to: 'alice@fabrikam-internal.test', orgDomains: ['contoso.test', 'fabrikam-internal.test'] }));
    expect(got.reason).toBe('accepted-by-setting');
  });
});

describe('requests inside an accepted dialog re-check rules 5–7 at the home server, and nothing of rule 8', () => {
  const NETWORKS: readonly SourceNetwork[] = ['publiccloud', 'federation'];
  const VERIFICATIONS: readonly Verification[] = ['verified', 'unverified'];
  const STANDINGS = ['allow-list', 'block-list', 'both-lists', 'neither-list'] as const;
  const SETTINGS: readonly SubscriptionSetting[] = ['allow', 'block', 'prompt'];

  function listsFor(standing: (typeof STANDINGS)[number]): UserLists {
    return {
      allow: standing === 'allow-list' || standing === 'both-lists' ? [SAM] : [],
      block: standing === 'block-list' || standing === 'both-lists' ? [SAM] : [],
    };
  }

  /**
   * Decision (docs/policy-decisions.md): a message or typing notice to a recipient who is no longer signed in
   * cannot be delivered, so after rules 5–7 the home server answers 480 recipient-offline, which ends the session.
   */
  const offlineRow = (kind: RequestKind, online: boolean) => !online && (kind === 'message' || kind === 'typing');

  it('rejects by rule 6 or 7 exactly when POLICY.md says, and otherwise lets the request through', () => {
    let rows = 0;
    const mismatches: string[] = [];
    for (const kind of IN_DIALOG_KINDS)
      for (const network of NETWORKS)
        for (const verification of VERIFICATIONS)
          for (const federation of BOOLEANS)
            for (const publicIm of BOOLEANS)
              for (const standing of STANDINGS)
                for (const subscriptionSetting of SETTINGS)
                  for (const blockImFromNonAllowList of BOOLEANS)
                    for (const online of BOOLEANS) {
                      rows++;
                      const row = { kind, network, verification, federation, publicIm, standing, subscriptionSetting, blockImFromNonAllowList, online };
                      const v = decideInboundAtHome({
                        kind, from: SAM, network, verification,
                        recipient: { enablement: { federation, publicIm }, lists: listsFor(standing), settings: { subscriptionSetting, blockImFromNonAllowList }, online },
                      });
                      // The oracle: rule 5 holds (Alice exists), then 6, then 7; nothing else matters.
                      const enabled = network === 'publiccloud' ? publicIm : federation;
                      const blocked = standing === 'block-list' || standing === 'both-lists';
                      let want: { outcome: 'final'; reason: string; rule: string } | { outcome: 'pass' };
                      if (!enabled) want = { outcome: 'final', reason: network === 'publiccloud' ? 'recipient-not-enabled-public-im' : 'recipient-not-enabled-federation', rule: 'inbound.6-recipient-enabled' };
                      else if (blocked) want = { outcome: 'final', reason: 'sender-on-block-list', rule: 'inbound.7-block-list' };
                      else if (offlineRow(kind, online)) want = { outcome: 'final', reason: 'recipient-offline', rule: 'inbound.8-recipient-online' };
                      else want = { outcome: 'pass' };

                      const gotShape = v.outcome === 'final' ? { outcome: v.outcome, reason: v.reason, rule: v.rule } : { outcome: v.outcome };
                      const problems: string[] = [];
                      if (JSON.stringify(gotShape) !== JSON.stringify(want)) problems.push(`${JSON.stringify(gotShape)} ≠ ${JSON.stringify(want)}`);
                      const rules = v.checks.map((c) => c.rule);
                      if (rules.slice(0, 3).join() !== ['inbound.5-recipient-exists', 'inbound.6-recipient-enabled', 'inbound.7-block-list'].slice(0, rules.length).join())
                        problems.push(`rules looked at: ${rules.join(' > ')}`);
                      if (rules.some((r) => r === 'inbound.8-subscription' || r === 'inbound.8-im-invitation')) problems.push('an opening rule was applied');
                      if (!explained(v.checks)) problems.push('a check has no explanation');
                      if (v.outcome === 'final' && !endsWithDecidingRule(v)) problems.push('the checks do not end with the deciding rule');
                      if (v.checks.slice(0, -1).some((c) => !c.passed)) problems.push('a failed check did not decide');
                      if (problems.length) mismatches.push(`${JSON.stringify(row)}: ${problems.join('; ')}`);
                    }
    expect(rows).toBe(5 * 2 * 2 * 2 * 2 * 4 * 3 * 2 * 2);
    expect(rows).toBe(3_840);
    expect({ disagreeing: mismatches.length, first: mismatches.slice(0, 8) }).toEqual({ disagreeing: 0, first: [] });
  });

  it('answers "no such user" when the recipient is gone', () => {
    for (const kind of IN_DIALOG_KINDS) {
      const v = decideInboundAtHome({ kind, from: SAM, network: 'publiccloud', verification: 'verified', recipient: undefined });
      expect(v).toMatchObject({ outcome: 'final', reason: 'user-not-found', rule: 'inbound.5-recipient-exists' });
      expect(endsWithDecidingRule(v)).toBe(true);
    }
  });

  it('are stopped at the edge by rules 1–3 as they cross (a provider blocked or the switch turned off mid-session)', () => {
    for (const kind of IN_DIALOG_KINDS) {
      expect(decideInbound(path({ kind, federationEnabled: false }))).toMatchObject({ code: 403, reason: 'federation-disabled', hop: 'edge' });
      expect(decideInbound(path({ kind, entry: { ...MSN, allowed: false } }))).toMatchObject({ code: 403, reason: 'provider-blocked', hop: 'edge' });
      expect(decideInbound(path({ kind, entry: undefined }))).toMatchObject({ code: 403, reason: 'provider-not-listed', hop: 'edge' });
      // Unverified, on neither list, setting Block, IM blocked from non-Allow-list: none of it matters in a dialog.
      const got = decideInbound(
        path({
          kind, asserted: undefined, entry: { ...MSN, filtering: 'contacts-only' },
          recipient: { enablement: { federation: false, publicIm: true }, lists: { allow: [], block: [] }, settings: { subscriptionSetting: 'block', blockImFromNonAllowList: true }, online: true },
        }),
      );
      expect({ code: got.code, reason: got.reason, hop: got.hop }).toEqual({ code: 200, reason: 'delivered', hop: 'home' });
      expect(explained(got.checks)).toBe(true);
    }
  });
});

describe('the pieces', () => {
  it('stamps the verification level from the filtering option (rule 4)', () => {
    const table: [Filtering, Verification | undefined, Verification][] = [
      ['contacts-only', 'verified', 'unverified'],
      ['contacts-only', 'unverified', 'unverified'],
      ['contacts-only', undefined, 'unverified'],
      ['verified-only', 'verified', 'verified'],
      ['verified-only', 'unverified', 'unverified'],
      ['verified-only', undefined, 'unverified'],
      ['allow-all', 'verified', 'verified'],
      ['allow-all', 'unverified', 'verified'],
      ['allow-all', undefined, 'verified'],
    ];
    for (const [filtering, asserted, stamped] of table) expect({ filtering, asserted, got: stampedVerification(filtering, asserted) }).toEqual({ filtering, asserted, got: stamped });
  });

  it('stamps the network, the provider and its FQDN from the list entry', () => {
    const pub = decideInboundAtEdge(path());
    expect(pub.stamp).toEqual({ network: 'publiccloud', provider: 'msn', fqdn: 'sip.msn.test', verification: 'verified' });
    const partner = decideInboundAtEdge(path({ entry: { ...MSN, public: false } }));
    expect(partner.stamp?.network).toBe('federation');
  });

  it('reads the lists by exact address', () => {
    expect(standingOf({ allow: [SAM], block: [] }, SAM)).toEqual({ onAllowList: true, onBlockList: false });
    expect(standingOf({ allow: [SAM], block: [SAM] }, SAM)).toEqual({ onAllowList: true, onBlockList: true });
    expect(standingOf({ allow: ['sam@msn.test'], block: ['sammy@hotmail.test'] }, SAM)).toEqual({ onAllowList: false, onBlockList: false });
  });

  it('describes every rule it can name', () => {
    for (const [rule, text] of Object.entries(RULES)) expect({ rule, described: text.trim().length > 0 }).toEqual({ rule, described: true });
  });

  it('uses only reasons of the diagnostics table', () => {
    const got = decideInbound(path({ kind: 'invite' }));
    expect(Object.hasOwn(REASONS, got.reason)).toBe(true);
  });
});

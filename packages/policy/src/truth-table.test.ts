/**
 * The truth table of POLICY.md. Every combination of the inputs is walked with nested loops, and for each one an
 * oracle (a plain re-statement of POLICY.md, written here and in truth-table.support.ts, sharing no code with the
 * policy functions) says what must happen. The policy functions must agree on the code, the reason, the deciding
 * hop, the deciding rule and the rules looked at on the way; every verdict must end with its deciding rule and
 * explain every check. The section on federated partners has its own table: truth-table-partners.test.ts.
 *
 * Mismatches are collected and asserted once per table, so a failure lists the first rows that disagree.
 */
import { describe, expect, it } from 'vitest';
import {
  answerFor,
  FILTERING_OPTIONS,
  REASONS,
  SUBSCRIPTION_SETTINGS,
  toPublic,
  toSenderForm,
  type Filtering,
  type Hop,
  type Reason,
  type StatusCode,
  type SubscriptionSetting,
  type Verification,
} from '@fedlab/protocol';
import {
  decideAtProvider,
  decideImInvitation,
  decideInbound,
  decideInboundAtEdge,
  decideInternal,
  decideOutboundAtEdge,
  type ListedProvider,
  type Verdict,
} from './index.ts';
import {
  ALICE, ASSERTIONS, BOOLEANS, FILTERINGS, OPENING, ORG_DOMAINS, STANDINGS, SUBSCRIPTION_CHOICES,
  decider, differences, listsFor, recipientInput, recipientOracle, report, verdictProblems, verifiedBy,
  type Expected, type Got, type OpeningKind, type RecipientWorld, type Standing,
} from './truth-table.support.ts';

type ProviderState = 'allowed' | 'temporarily-blocked' | 'not-listed';
const PROVIDER_STATES: readonly ProviderState[] = ['allowed', 'temporarily-blocked', 'not-listed'];

// ---------------------------------------------------------------------------------------------------------------
// The cast: MSN's user Sam writes to Contoso's Alice (inbound), Alice writes to Sam (outbound), Bob to Alice.

const MSN_DOMAINS = ['hotmail.test', 'msn.test'];
const SAM = 'sam@hotmail.test';
const BOB = 'bob@contoso.test';

function msnEntry(state: ProviderState, isPublic: boolean, filtering: Filtering): ListedProvider | undefined {
  if (state === 'not-listed') return undefined;
  return { id: 'msn', name: 'MSN', fqdn: 'sip.msn.test', public: isPublic, allowed: state === 'allowed', filtering, domains: [...MSN_DOMAINS] };
}

it('the dimensions cover every value the protocol knows', () => {
  expect([...FILTERINGS].sort()).toEqual([...FILTERING_OPTIONS].sort());
  expect([...SUBSCRIPTION_CHOICES].sort()).toEqual([...SUBSCRIPTION_SETTINGS].sort());
});

// ===============================================================================================================
// Inbound: an external user s (Sam, MSN) → internal user r (Alice).

interface InboundWorld extends RecipientWorld {
  filtering: Filtering;
  provider: ProviderState;
  isPublic: boolean;
  globalSwitch: boolean;
  asserted: Verification | undefined;
}

/**
 * POLICY.md, "Inbound", rules 1 to 9, in order, as plainly as possible. Sam always arrives on MSN's
 * authenticated link from one of MSN's domains, to a user of the organization (spoofing and relaying are
 * tested on their own, in rules.test.ts).
 */
function inboundOracle(w: InboundWorld): Expected {
  const looked: string[] = [];
  let stamp: Expected['stamp'];
  const decide = decider(looked, () => stamp, w.kind);

  // 1. The request arrives on P's authenticated link, and s's domain is one of P's domains: it does here.
  looked.push('inbound.1-authenticated-link');
  // Decision: the edge is not a relay; the recipient is in the organization here.
  looked.push('inbound.relay');
  // 2. The global switch must be on.
  if (!w.globalSwitch) return decide('edge', 'inbound.2-global-switch', 'federation-disabled', 403);
  looked.push('inbound.2-global-switch');
  // 3. P must be in the list and allowed.
  if (w.provider === 'not-listed') return decide('edge', 'inbound.3-provider-allowed', 'provider-not-listed', 403);
  if (w.provider === 'temporarily-blocked') return decide('edge', 'inbound.3-provider-allowed', 'provider-blocked', 403);
  looked.push('inbound.3-provider-allowed');
  // 4. The edge stamps the verification level from P's filtering option.
  const verified = verifiedBy(w.filtering, w.asserted);
  const network = w.isPublic ? 'publiccloud' : 'federation';
  stamp = { network, verification: verified ? 'verified' : 'unverified' };
  looked.push('inbound.4-trust-stamp');
  // 5 to 9: the recipient.
  return recipientOracle(w, network, verified, looked, decide);
}

function inboundInput(w: InboundWorld) {
  return {
    kind: w.kind,
    from: SAM,
    to: ALICE,
    link: { provider: 'msn', domains: [...MSN_DOMAINS] },
    entry: msnEntry(w.provider, w.isPublic, w.filtering),
    orgDomains: [...ORG_DOMAINS],
    federationEnabled: w.globalSwitch,
    asserted: w.asserted,
    recipient: recipientInput(w, SAM),
  };
}

describe('inbound truth table (decideInbound)', () => {
  it('agrees with POLICY.md on every combination of the inputs', () => {
    let rows = 0;
    const mismatches: string[] = [];
    const reasonsSeen = new Set<Reason>();
    const offlineAnswer = {
      invite: toPublic(answerFor('same-id', 'recipient-offline', 'home'), 'invite'),
      subscribe: toPublic(answerFor('same-id', 'accepted-on-allow-list', 'home', { presence: { state: 'offline', note: '' } }), 'subscribe'),
    };

    for (const filtering of FILTERINGS)
      for (const provider of PROVIDER_STATES)
        for (const isPublic of BOOLEANS)
          for (const globalSwitch of BOOLEANS)
            for (const enabledFederation of BOOLEANS)
              for (const enabledPublicIm of BOOLEANS)
                for (const asserted of ASSERTIONS)
                  for (const standing of STANDINGS)
                    for (const subscriptionSetting of SUBSCRIPTION_CHOICES)
                      for (const blockImFromNonAllowList of BOOLEANS)
                        for (const online of BOOLEANS)
                          for (const kind of OPENING) {
                            rows++;
                            const w: InboundWorld = {
                              filtering, provider, isPublic, globalSwitch, enabledFederation, enabledPublicIm,
                              asserted, standing, subscriptionSetting, blockImFromNonAllowList, online, kind,
                            };
                            const want = inboundOracle(w);
                            const input = inboundInput(w);
                            const got = decideInbound(input);
                            reasonsSeen.add(got.reason);
                            const problems = differences(got, want);

                            // The trust stamp of rule 4, whenever the edge let the request in.
                            const edge = decideInboundAtEdge(input);
                            problems.push(...verdictProblems(edge).map((p) => `edge verdict: ${p}`));
                            if (want.stamp) {
                              const s = edge.stamp;
                              if (edge.outcome !== 'pass' || !s) problems.push('the edge did not let the request in with a stamp');
                              else if (s.network !== want.stamp.network || s.verification !== want.stamp.verification || s.provider !== 'msn' || s.fqdn !== 'sip.msn.test')
                                problems.push(`stamp ${JSON.stringify(s)} ≠ ${JSON.stringify(want.stamp)} (msn, sip.msn.test)`);
                            } else if (edge.outcome === 'pass' || edge.stamp) {
                              problems.push('the edge stamped a request it should have rejected');
                            }

                            // What Sam learns: the public form. Decided inside the organization: hop "edge".
                            const seen = toPublic(answerFor('same-id', got.reason, got.hop), kind);
                            if (seen.code !== want.seenCode) problems.push(`Sam sees ${seen.code} ≠ ${want.seenCode}`);
                            if (seen.diagnostic.hop !== 'edge') problems.push(`Sam sees hop ${seen.diagnostic.hop}, not edge`);
                            if (want.reason === 'sender-on-block-list' && JSON.stringify(seen) !== JSON.stringify(offlineAnswer[kind]))
                              problems.push('a Block-list rejection does not look exactly like an offline recipient');

                            if (problems.length) mismatches.push(`${JSON.stringify(w)}: ${problems.join('; ')}`);
                          }

    expect(rows).toBe(3 * 3 * 2 * 2 * 2 * 2 * 3 * 4 * 3 * 2 * 2 * 2);
    expect(rows).toBe(41_472);
    expect(report(mismatches)).toEqual({ disagreeing: 0, first: [] });
    // The table reaches every outcome an opening request can have on this path.
    expect([...reasonsSeen].sort()).toEqual(
      ([
        'federation-disabled', 'provider-not-listed', 'provider-blocked',
        'recipient-not-enabled-public-im', 'recipient-not-enabled-federation', 'sender-on-block-list',
        'accepted-on-allow-list', 'unverified-not-on-allow-list', 'accepted-by-setting', 'subscription-setting-block', 'pending-prompt',
        'recipient-offline', 'im-blocked-not-on-allow-list', 'accepted-verified',
      ] satisfies Reason[]).sort(),
    );
  });

  it('answers "no such user" after the edge rules, for every combination of the edge inputs', () => {
    let rows = 0;
    const mismatches: string[] = [];
    for (const filtering of FILTERINGS)
      for (const provider of PROVIDER_STATES)
        for (const isPublic of BOOLEANS)
          for (const globalSwitch of BOOLEANS)
            for (const asserted of ASSERTIONS)
              for (const kind of OPENING) {
                rows++;
                // Same world as the oracle's, up to rule 4; rule 5 then finds nobody.
                const w: InboundWorld = {
                  filtering, provider, isPublic, globalSwitch, enabledFederation: true, enabledPublicIm: true, asserted,
                  standing: 'neither-list', subscriptionSetting: 'prompt', blockImFromNonAllowList: false, online: true, kind,
                };
                const upToEdge = inboundOracle(w);
                const want: Expected =
                  upToEdge.hop === 'edge'
                    ? upToEdge
                    : {
                        code: 404, reason: 'user-not-found', hop: 'home', rule: 'inbound.5-recipient-exists', seenCode: 404,
                        looked: [...upToEdge.looked.slice(0, upToEdge.looked.indexOf('inbound.5-recipient-exists')), 'inbound.5-recipient-exists'],
                      };
                const got = decideInbound({ ...inboundInput(w), to: 'nobody@contoso.test', recipient: undefined });
                const problems = differences(got, want);
                if (problems.length) mismatches.push(`${JSON.stringify(w)}: ${problems.join('; ')}`);
              }
    expect(rows).toBe(3 * 3 * 2 * 2 * 3 * 2);
    expect(report(mismatches)).toEqual({ disagreeing: 0, first: [] });
  });
});

// ===============================================================================================================
// Outbound: internal user r (Alice) → external user s (Sam, MSN).

interface OutboundWorld {
  filtering: Filtering;
  provider: ProviderState;
  isPublic: boolean;
  globalSwitch: boolean;
  enabledFederation: boolean;
  enabledPublicIm: boolean;
  kind: OpeningKind;
  userExists: boolean;
  userOnline: boolean;
  userBlockedSender: boolean;
}

/** POLICY.md, "Outbound", rules 1 to 3 (rule 2, the network, is not a decision of the pure functions). */
function outboundOracle(w: OutboundWorld): Expected {
  const looked: string[] = [];
  const decide = (hop: Hop, rule: string, reason: Reason, code: StatusCode): Expected => {
    looked.push(rule);
    return { code, reason, hop, rule, looked, seenCode: code };
  };
  // 1. At the edge, without contacting P: global switch on; P listed and allowed; r enabled for P's kind.
  if (!w.globalSwitch) return decide('edge', 'outbound.1-edge', 'federation-disabled', 403);
  if (w.provider === 'not-listed') return decide('edge', 'outbound.1-edge', 'provider-not-listed', 403);
  if (w.provider === 'temporarily-blocked') return decide('edge', 'outbound.1-edge', 'provider-blocked', 403);
  if (w.isPublic && !w.enabledPublicIm) return decide('edge', 'outbound.1-edge', 'sender-not-enabled-public-im', 403);
  if (!w.isPublic && !w.enabledFederation) return decide('edge', 'outbound.1-edge', 'sender-not-enabled-federation', 403);
  looked.push('outbound.1-edge');
  // 3. P's own rules for its own user, in the order POLICY.md lists them.
  if (!w.userExists) return decide('provider', 'outbound.3-provider', 'user-not-found', 404);
  // Design decision: a provider accepts a subscription for its offline user.
  if (!w.userOnline && w.kind !== 'subscribe') return decide('provider', 'outbound.3-provider', 'recipient-offline', 480);
  // Rule 9, for the provider's own users too: the sender sees the user as offline (a subscription accepted).
  if (w.userBlockedSender) return { ...decide('provider', 'outbound.3-provider', 'blocked-by-provider-user', 403), seenCode: w.kind === 'subscribe' ? 200 : 480 };
  return decide('provider', 'outbound.3-provider', 'accepted-by-provider', 200);
}

function runOutbound(w: OutboundWorld): { got: Got; verdicts: Verdict[] } {
  const entry = msnEntry(w.provider, w.isPublic, w.filtering);
  const atEdge = decideOutboundAtEdge({
    federationEnabled: w.globalSwitch,
    entry,
    recipientDomain: 'hotmail.test',
    senderEnablement: { federation: w.enabledFederation, publicIm: w.enabledPublicIm },
  });
  if (atEdge.outcome === 'final') {
    return { got: { code: REASONS[atEdge.reason].code, reason: atEdge.reason, hop: 'edge', rule: atEdge.rule, checks: atEdge.checks }, verdicts: [atEdge] };
  }
  const atProvider = decideAtProvider({
    kind: w.kind,
    recipient: w.userExists ? { online: w.userOnline, blockedSender: w.userBlockedSender } : undefined,
  });
  if (atProvider.outcome !== 'final') throw new Error('the provider always decides an opening request');
  return {
    got: { code: REASONS[atProvider.reason].code, reason: atProvider.reason, hop: 'provider', rule: atProvider.rule, checks: [...atEdge.checks, ...atProvider.checks] },
    verdicts: [atEdge, atProvider],
  };
}

describe('outbound truth table (decideOutboundAtEdge, then decideAtProvider)', () => {
  it('agrees with POLICY.md on every combination of the inputs', () => {
    let rows = 0;
    const mismatches: string[] = [];
    const reasonsSeen = new Set<Reason>();

    for (const filtering of FILTERINGS)
      for (const provider of PROVIDER_STATES)
        for (const isPublic of BOOLEANS)
          for (const globalSwitch of BOOLEANS)
            for (const enabledFederation of BOOLEANS)
              for (const enabledPublicIm of BOOLEANS)
                for (const kind of OPENING)
                  for (const userExists of BOOLEANS)
                    for (const userOnline of BOOLEANS)
                      for (const userBlockedSender of BOOLEANS) {
                        rows++;
                        const w: OutboundWorld = { filtering, provider, isPublic, globalSwitch, enabledFederation, enabledPublicIm, kind, userExists, userOnline, userBlockedSender };
                        const want = outboundOracle(w);
                        const { got, verdicts } = runOutbound(w);
                        const problems = verdicts.flatMap(verdictProblems);
                        reasonsSeen.add(got.reason);
                        problems.push(...differences(got, want));
                        // What Alice's client sees: the sender form (nothing here is masked).
                        // What Alice's client sees: the sender form; a provider user's Block list, exactly as if the user were offline.
                        const seen = toSenderForm(answerFor('id-1', got.reason, got.hop, { trail: [] }), kind);
                        if (seen.code !== want.seenCode || seen.trail !== undefined) problems.push(`Alice sees ${JSON.stringify(seen)}`);
                        const asOffline = kind === 'subscribe' ? answerFor('id-1', 'accepted-by-provider', 'provider', { presence: { state: 'offline', note: '' } }) : answerFor('id-1', 'recipient-offline', 'provider');
                        if (want.reason === 'blocked-by-provider-user' && JSON.stringify(seen) !== JSON.stringify(asOffline)) problems.push('a provider user\'s Block list does not look exactly like an offline user');
                        if (problems.length) mismatches.push(`${JSON.stringify(w)}: ${problems.join('; ')}`);
                      }

    expect(rows).toBe(3 * 3 * 2 * 2 * 2 * 2 * 2 * 2 * 2 * 2);
    expect(rows).toBe(2_304);
    expect(report(mismatches)).toEqual({ disagreeing: 0, first: [] });
    expect([...reasonsSeen].sort()).toEqual(
      ([
        'federation-disabled', 'provider-not-listed', 'provider-blocked', 'sender-not-enabled-public-im', 'sender-not-enabled-federation',
        'user-not-found', 'recipient-offline', 'blocked-by-provider-user', 'accepted-by-provider',
      ] satisfies Reason[]).sort(),
    );
  });
});

// ===============================================================================================================
// Inside the organization: Bob → Alice.

interface InternalWorld {
  standing: Standing;
  subscriptionSetting: SubscriptionSetting;
  blockImFromNonAllowList: boolean;
  online: boolean;
  kind: OpeningKind;
}

/** POLICY.md, "Inside the organization": no edge, no stamp, no enablement; the Block list still holds. */
function internalOracle(w: InternalWorld): Expected {
  const looked: string[] = [];
  const decide = (hop: Hop, rule: string, reason: Reason, code: StatusCode): Expected => {
    looked.push(rule);
    // A blocked internal user sees the other as offline.
    // A blocked internal user sees the other as offline: an invitation 480, a subscription accepted and offline.
    return { code, reason, hop, rule, looked, seenCode: reason === 'sender-on-block-list' ? (w.kind === 'subscribe' ? 200 : 480) : code };
  };
  const onBlockList = w.standing === 'block-list' || w.standing === 'both-lists';
  if (onBlockList) return decide('home', 'inbound.7-block-list', 'sender-on-block-list', 403);
  // Presence subscriptions are accepted without a prompt, whatever the setting for outsiders says.
  if (w.kind === 'subscribe') return decide('home', 'internal', 'accepted-internal', 200);
  // IM invitation: offline → temporarily unavailable from the home server (design decision), else the client
  // accepts it (the recipient did not block the sender; block-IM-from-non-Allow-list is for outsiders).
  if (!w.online) return decide('home', 'inbound.8-recipient-online', 'recipient-offline', 480);
  looked.push('internal');
  return decide('client', 'internal', 'accepted-internal', 200);
}

function runInternal(w: InternalWorld): { got: Got; verdicts: Verdict[] } {
  const lists = listsFor(w.standing, BOB);
  const atHome = decideInternal({ kind: w.kind, from: BOB, recipient: { lists, online: w.online } });
  if (atHome.outcome === 'final') {
    return { got: { code: REASONS[atHome.reason].code, reason: atHome.reason, hop: 'home', rule: atHome.rule, checks: atHome.checks }, verdicts: [atHome] };
  }
  if (w.kind !== 'invite') throw new Error('only an invitation goes on to the client');
  const atClient = decideImInvitation({ from: BOB, verification: 'internal', lists, blockImFromNonAllowList: w.blockImFromNonAllowList });
  if (atClient.outcome !== 'final') throw new Error('the client always decides an invitation');
  return {
    got: { code: REASONS[atClient.reason].code, reason: atClient.reason, hop: 'client', rule: atClient.rule, checks: [...atHome.checks, ...atClient.checks] },
    verdicts: [atHome, atClient],
  };
}

describe('internal truth table (decideInternal, then decideImInvitation with verification "internal")', () => {
  it('agrees with POLICY.md on every combination of the inputs', () => {
    let rows = 0;
    const mismatches: string[] = [];
    const offlineForBob = {
      invite: toSenderForm(answerFor('same-id', 'recipient-offline', 'home'), 'invite'),
      subscribe: toSenderForm(answerFor('same-id', 'accepted-internal', 'home', { presence: { state: 'offline', note: '' } }), 'subscribe'),
    };
    for (const standing of STANDINGS)
      for (const subscriptionSetting of SUBSCRIPTION_CHOICES)
        for (const blockImFromNonAllowList of BOOLEANS)
          for (const online of BOOLEANS)
            for (const kind of OPENING) {
              rows++;
              const w: InternalWorld = { standing, subscriptionSetting, blockImFromNonAllowList, online, kind };
              const want = internalOracle(w);
              const { got, verdicts } = runInternal(w);
              const problems = [...verdicts.flatMap(verdictProblems), ...differences(got, want)];
              const seen = toSenderForm(answerFor('same-id', got.reason, got.hop), kind);
              if (seen.code !== want.seenCode) problems.push(`Bob sees ${seen.code} ≠ ${want.seenCode}`);
              if (want.reason === 'sender-on-block-list' && JSON.stringify(seen) !== JSON.stringify(offlineForBob[kind]))
                problems.push('a Block-list rejection does not look exactly like an offline colleague');
              if (problems.length) mismatches.push(`${JSON.stringify(w)}: ${problems.join('; ')}`);
            }
    expect(rows).toBe(4 * 3 * 2 * 2 * 2);
    expect(rows).toBe(96);
    expect(report(mismatches)).toEqual({ disagreeing: 0, first: [] });
  });

  it('answers "no such user" for a colleague who does not exist', () => {
    for (const kind of OPENING) {
      const v = decideInternal({ kind, from: BOB, recipient: undefined });
      expect(v).toMatchObject({ outcome: 'final', reason: 'user-not-found', rule: 'internal' });
      expect(REASONS['user-not-found'].code).toBe(404);
      expect(verdictProblems(v)).toEqual([]);
    }
  });
});

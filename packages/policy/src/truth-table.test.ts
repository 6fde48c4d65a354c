/**
 * The truth table of POLICY.md. Every combination of the inputs is walked with nested loops, and for each one an
 * oracle (a plain re-statement of POLICY.md, written here and sharing no code with the policy functions) says
 * what must happen. The policy functions must agree on the code, the reason, the deciding hop, the deciding
 * rule and the rules looked at on the way; every verdict must end with its deciding rule and explain every check.
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
  type UserLists,
  type Verification,
} from '@fedlab/protocol';
import {
  decideAtProvider,
  decideImInvitation,
  decideInbound,
  decideInboundAtEdge,
  decideInternal,
  decideOutboundAtEdge,
  RULES,
  type ListedProvider,
  type RuleCheck,
  type Verdict,
} from './index.ts';

// ---------------------------------------------------------------------------------------------------------------
// The dimensions, spelled out here (and checked against the protocol's own lists, so none can be forgotten).

const FILTERINGS: readonly Filtering[] = ['contacts-only', 'verified-only', 'allow-all'];
type ProviderState = 'allowed' | 'temporarily-blocked' | 'not-listed';
const PROVIDER_STATES: readonly ProviderState[] = ['allowed', 'temporarily-blocked', 'not-listed'];
const BOOLEANS: readonly boolean[] = [true, false];
const ASSERTIONS: readonly (Verification | undefined)[] = ['verified', 'unverified', undefined];
type Standing = 'allow-list' | 'block-list' | 'both-lists' | 'neither-list';
const STANDINGS: readonly Standing[] = ['allow-list', 'block-list', 'both-lists', 'neither-list'];
const SUBSCRIPTION_CHOICES: readonly SubscriptionSetting[] = ['allow', 'block', 'prompt'];
type OpeningKind = 'subscribe' | 'invite';
const OPENING: readonly OpeningKind[] = ['subscribe', 'invite'];

// ---------------------------------------------------------------------------------------------------------------
// The cast: MSN's user Sam writes to Contoso's Alice (inbound), Alice writes to Sam (outbound), Bob to Alice.

const ORG_DOMAINS = ['contoso.test'];
const MSN_DOMAINS = ['hotmail.test', 'msn.test'];
const SAM = 'sam@hotmail.test';
const ALICE = 'alice@contoso.test';
const BOB = 'bob@contoso.test';
/** Other people on the lists, so that membership is decided by the sender's own address. */
const FILLER_ALLOW = 'nia@msn.test';
const FILLER_BLOCK = 'troll@hotmail.test';

function msnEntry(state: ProviderState, isPublic: boolean, filtering: Filtering): ListedProvider | undefined {
  if (state === 'not-listed') return undefined;
  return { id: 'msn', name: 'MSN', fqdn: 'sip.msn.test', public: isPublic, allowed: state === 'allowed', filtering, domains: [...MSN_DOMAINS] };
}

function listsFor(standing: Standing, sender: string): UserLists {
  const onAllow = standing === 'allow-list' || standing === 'both-lists';
  const onBlock = standing === 'block-list' || standing === 'both-lists';
  return { allow: onAllow ? [FILLER_ALLOW, sender] : [FILLER_ALLOW], block: onBlock ? [sender, FILLER_BLOCK] : [FILLER_BLOCK] };
}

// ---------------------------------------------------------------------------------------------------------------
// What every row is compared on.

interface Expected {
  code: StatusCode;
  reason: Reason;
  hop: Hop;
  /** The deciding rule. */
  rule: string;
  /** Every rule looked at, in order, the deciding one last. */
  looked: string[];
  /** The code the sender finally sees (the public form outside, the sender form inside). */
  seenCode: StatusCode;
  /** The trust stamp the edge must write, when the request got that far. */
  stamp?: { network: 'publiccloud' | 'federation'; verification: Verification };
}

interface Got {
  code: StatusCode;
  reason: Reason;
  hop: Hop;
  rule: string;
  checks: RuleCheck[];
}

/** Everything wrong with one row, as readable strings. */
function differences(got: Got, want: Expected): string[] {
  const out: string[] = [];
  if (got.code !== want.code) out.push(`code ${got.code} ≠ ${want.code}`);
  if (got.reason !== want.reason) out.push(`reason ${got.reason} ≠ ${want.reason}`);
  if (got.hop !== want.hop) out.push(`hop ${got.hop} ≠ ${want.hop}`);
  if (got.rule !== want.rule) out.push(`rule ${got.rule} ≠ ${want.rule}`);
  const looked = got.checks.map((c) => c.rule);
  if (looked.join(' > ') !== want.looked.join(' > ')) out.push(`rules looked at [${looked.join(' > ')}] ≠ [${want.looked.join(' > ')}]`);
  out.push(...checksProblems(got.checks, got.rule, isAccepted(want.code)));
  return out;
}

function isAccepted(code: StatusCode): boolean {
  return code === 200 || code === 202;
}

/**
 * The shape every decided verdict must have: it ends with the deciding rule; every rule before it passed; the
 * deciding one passed exactly when the request is accepted; every check explains itself in words.
 */
function checksProblems(checks: RuleCheck[], decidingRule: string | undefined, accepted: boolean | undefined): string[] {
  const out: string[] = [];
  if (checks.length === 0) return ['no checks at all'];
  checks.forEach((c, i) => {
    if (typeof c.explanation !== 'string' || c.explanation.trim() === '') out.push(`check ${i} (${c.rule}) has no explanation`);
    if (!Object.hasOwn(RULES, c.rule)) out.push(`check ${i} names an unknown rule ${c.rule}`);
    if (typeof c.inputs !== 'object' || c.inputs === null) out.push(`check ${i} (${c.rule}) has no inputs`);
    if (i < checks.length - 1 && !c.passed) out.push(`check ${i} (${c.rule}) failed but did not decide`);
  });
  const last = checks[checks.length - 1]!;
  if (decidingRule !== undefined && last.rule !== decidingRule) out.push(`checks end with ${last.rule}, not the deciding rule ${decidingRule}`);
  if (accepted !== undefined && last.passed !== accepted) out.push(`the deciding check says passed=${last.passed} for a request ${accepted ? 'accepted' : 'rejected'}`);
  return out;
}

/** The checks of a single hop's verdict (final or pass). */
function verdictProblems(v: Verdict): string[] {
  if (v.outcome === 'final') return checksProblems(v.checks, v.rule, isAccepted(REASONS[v.reason].code));
  return checksProblems(v.checks, undefined, true);
}

function report(mismatches: string[]) {
  return { disagreeing: mismatches.length, first: mismatches.slice(0, 8) };
}

it('the dimensions cover every value the protocol knows', () => {
  expect([...FILTERINGS].sort()).toEqual([...FILTERING_OPTIONS].sort());
  expect([...SUBSCRIPTION_CHOICES].sort()).toEqual([...SUBSCRIPTION_SETTINGS].sort());
});

// ===============================================================================================================
// Inbound: an external user s (Sam, MSN) → internal user r (Alice).

interface InboundWorld {
  filtering: Filtering;
  provider: ProviderState;
  isPublic: boolean;
  globalSwitch: boolean;
  enabledFederation: boolean;
  enabledPublicIm: boolean;
  asserted: Verification | undefined;
  standing: Standing;
  subscriptionSetting: SubscriptionSetting;
  blockImFromNonAllowList: boolean;
  online: boolean;
  kind: OpeningKind;
}

/**
 * POLICY.md, "Inbound", rules 1 to 9, in order, as plainly as possible. Sam always arrives on MSN's
 * authenticated link from one of MSN's domains, to a user of the organization (spoofing and relaying are
 * tested on their own below).
 */
function inboundOracle(w: InboundWorld): Expected {
  const looked: string[] = [];
  let stamp: Expected['stamp'];
  const decide = (hop: Hop, rule: string, reason: Reason, code: StatusCode): Expected => {
    looked.push(rule);
    // Rule 9 and "Answers": a sender on r's Block list is answered exactly as if r were offline: an invitation
    // 480, a subscription accepted (200, presence offline).
    const seenCode: StatusCode = reason === 'sender-on-block-list' ? (w.kind === 'subscribe' ? 200 : 480) : code;
    return { code, reason, hop, rule, looked, seenCode, ...(stamp ? { stamp } : {}) };
  };

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
  // 4. The edge stamps the verification level: contacts-only → unverified, allow-all → verified,
  //    verified-only → what the provider asserted, and no assertion is unverified (Decision).
  let verified: boolean;
  if (w.filtering === 'contacts-only') verified = false;
  else if (w.filtering === 'allow-all') verified = true;
  else verified = w.asserted === 'verified';
  stamp = { network: w.isPublic ? 'publiccloud' : 'federation', verification: verified ? 'verified' : 'unverified' };
  looked.push('inbound.4-trust-stamp');
  // 5. r must exist: Alice does.
  looked.push('inbound.5-recipient-exists');
  // 6. r must be enabled for public IM (P public) or for federation (P not public).
  if (w.isPublic && !w.enabledPublicIm) return decide('home', 'inbound.6-recipient-enabled', 'recipient-not-enabled-public-im', 403);
  if (!w.isPublic && !w.enabledFederation) return decide('home', 'inbound.6-recipient-enabled', 'recipient-not-enabled-federation', 403);
  looked.push('inbound.6-recipient-enabled');
  // 7. s on r's Block list: rejected. The Block list beats the Allow list.
  const onBlockList = w.standing === 'block-list' || w.standing === 'both-lists';
  const onAllowList = w.standing === 'allow-list' || w.standing === 'both-lists';
  if (onBlockList) return decide('home', 'inbound.7-block-list', 'sender-on-block-list', 403);
  looked.push('inbound.7-block-list');
  // 8. By kind of request.
  if (w.kind === 'subscribe') {
    // Presence subscription, decided by the home server (whether r is online or not).
    if (!verified) {
      if (onAllowList) return decide('home', 'inbound.8-subscription', 'accepted-on-allow-list', 200);
      return decide('home', 'inbound.8-subscription', 'unverified-not-on-allow-list', 403);
    }
    if (onAllowList) return decide('home', 'inbound.8-subscription', 'accepted-on-allow-list', 200);
    if (w.subscriptionSetting === 'allow') return decide('home', 'inbound.8-subscription', 'accepted-by-setting', 200);
    if (w.subscriptionSetting === 'block') return decide('home', 'inbound.8-subscription', 'subscription-setting-block', 403);
    return decide('home', 'inbound.8-subscription', 'pending-prompt', 202);
  }
  // IM invitation. Design decision: r offline → temporarily unavailable, from the home server, before the client.
  if (!w.online) return decide('home', 'inbound.8-recipient-online', 'recipient-offline', 480);
  looked.push('inbound.8-recipient-online');
  // Decided by r's client.
  if (!verified) {
    // Decision: unverified contacts get through.
    if (onAllowList) return decide('client', 'inbound.8-im-invitation', 'accepted-on-allow-list', 200);
    return decide('client', 'inbound.8-im-invitation', 'unverified-not-on-allow-list', 403);
  }
  if (w.blockImFromNonAllowList && !onAllowList) return decide('client', 'inbound.8-im-invitation', 'im-blocked-not-on-allow-list', 403);
  if (onAllowList) return decide('client', 'inbound.8-im-invitation', 'accepted-on-allow-list', 200);
  return decide('client', 'inbound.8-im-invitation', 'accepted-verified', 200);
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
    recipient: {
      enablement: { federation: w.enabledFederation, publicIm: w.enabledPublicIm },
      lists: listsFor(w.standing, SAM),
      settings: { subscriptionSetting: w.subscriptionSetting, blockImFromNonAllowList: w.blockImFromNonAllowList },
      online: w.online,
    },
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

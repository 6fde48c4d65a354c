/**
 * What the truth-table tests share (truth-table.test.ts for POLICY.md's rules, truth-table-partners.test.ts for its
 * section on federated partners): the dimensions, the plain re-statement of inbound rules 5 to 9 (the same for
 * providers and partners), and how a row is compared. Nothing here calls the policy functions: the oracles share
 * no code with what they check.
 */
import { REASONS, type Filtering, type Hop, type Reason, type StatusCode, type SubscriptionSetting, type UserLists, type Verification } from '@fedlab/protocol';
import { RULES, type RuleCheck, type Verdict } from './index.ts';

// ---------------------------------------------------------------------------------------------------------------
// The dimensions, spelled out here (and checked against the protocol's own lists, so none can be forgotten).

export const FILTERINGS: readonly Filtering[] = ['contacts-only', 'verified-only', 'allow-all'];
export const BOOLEANS: readonly boolean[] = [true, false];
export const ASSERTIONS: readonly (Verification | undefined)[] = ['verified', 'unverified', undefined];
export type Standing = 'allow-list' | 'block-list' | 'both-lists' | 'neither-list';
export const STANDINGS: readonly Standing[] = ['allow-list', 'block-list', 'both-lists', 'neither-list'];
export const SUBSCRIPTION_CHOICES: readonly SubscriptionSetting[] = ['allow', 'block', 'prompt'];
export type OpeningKind = 'subscribe' | 'invite';
export const OPENING: readonly OpeningKind[] = ['subscribe', 'invite'];

/**
 * Every combination of the dimensions' values, each as one object named like the dimensions, the last dimension
 * varying fastest: the rows of a truth table.
 */
export function* combinations<D extends Record<string, readonly unknown[]>>(dimensions: D): Generator<{ [K in keyof D]: D[K][number] }> {
  const keys = Object.keys(dimensions);
  const values = keys.map((key) => dimensions[key]!);
  if (values.some((v) => v.length === 0)) return;
  const at = keys.map(() => 0);
  for (;;) {
    yield Object.fromEntries(keys.map((key, i) => [key, values[i]![at[i]!]])) as { [K in keyof D]: D[K][number] };
    let i = keys.length - 1;
    while (i >= 0 && ++at[i]! === values[i]!.length) at[i--] = 0;
    if (i < 0) return;
  }
}

export const ORG_DOMAINS = ['contoso.test'];
export const ALICE = 'alice@contoso.test';
/** Other people on the lists, so that membership is decided by the sender's own address. */
const FILLER_ALLOW = 'nia@msn.test';
const FILLER_BLOCK = 'troll@hotmail.test';

export function listsFor(standing: Standing, sender: string): UserLists {
  const onAllow = standing === 'allow-list' || standing === 'both-lists';
  const onBlock = standing === 'block-list' || standing === 'both-lists';
  return { allow: onAllow ? [FILLER_ALLOW, sender] : [FILLER_ALLOW], block: onBlock ? [sender, FILLER_BLOCK] : [FILLER_BLOCK] };
}

// ---------------------------------------------------------------------------------------------------------------
// Inbound rules 5 to 9, once the edge let the request in: Alice, the recipient, and what she set.

export interface RecipientWorld {
  enabledFederation: boolean;
  enabledPublicIm: boolean;
  standing: Standing;
  subscriptionSetting: SubscriptionSetting;
  blockImFromNonAllowList: boolean;
  online: boolean;
  kind: OpeningKind;
}

export function recipientInput(w: RecipientWorld, sender: string) {
  return {
    enablement: { federation: w.enabledFederation, publicIm: w.enabledPublicIm },
    lists: listsFor(w.standing, sender),
    settings: { subscriptionSetting: w.subscriptionSetting, blockImFromNonAllowList: w.blockImFromNonAllowList },
    online: w.online,
  };
}

export type Decide = (hop: Hop, rule: string, reason: Reason, code: StatusCode) => Expected;

/**
 * POLICY.md, "Inbound", rules 5 to 9, as plainly as possible, for a request the edge stamped from `network` as
 * `verified` or not. `looked` is the list of rules looked at so far; `decide` ends the row.
 */
export function recipientOracle(w: RecipientWorld, network: 'publiccloud' | 'federation', verified: boolean, looked: string[], decide: Decide): Expected {
  // 5. r must exist: Alice does.
  looked.push('inbound.5-recipient-exists');
  // 6. r must be enabled for public IM (P public) or for federation (P not public, and every federated partner).
  if (network === 'publiccloud' && !w.enabledPublicIm) return decide('home', 'inbound.6-recipient-enabled', 'recipient-not-enabled-public-im', 403);
  if (network === 'federation' && !w.enabledFederation) return decide('home', 'inbound.6-recipient-enabled', 'recipient-not-enabled-federation', 403);
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

/** Rule 4 as POLICY.md words it: contacts-only → unverified, allow-all → verified, verified-only → the assertion (none: unverified). */
export function verifiedBy(option: Filtering, asserted: Verification | undefined): boolean {
  if (option === 'contacts-only') return false;
  if (option === 'allow-all') return true;
  return asserted === 'verified';
}

// ---------------------------------------------------------------------------------------------------------------
// What every row is compared on.

export interface Expected {
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

export interface Got {
  code: StatusCode;
  reason: Reason;
  hop: Hop;
  rule: string;
  checks: RuleCheck[];
}

/**
 * A row's expectation builder: records the deciding rule, and what the sender sees. Rule 9: a Block list is
 * answered as an offline recipient answers that kind of request: an invitation 480, a subscription accepted (200).
 */
export function decider(looked: string[], stamp: () => Expected['stamp'], kind: 'subscribe' | 'invite' = 'invite'): Decide {
  return (hop, rule, reason, code) => {
    looked.push(rule);
    const seenCode: StatusCode = reason === 'sender-on-block-list' ? (kind === 'subscribe' ? 200 : 480) : code;
    const s = stamp();
    return { code, reason, hop, rule, looked, seenCode, ...(s ? { stamp: s } : {}) };
  };
}

/** Everything wrong with one row, as readable strings. */
export function differences(got: Got, want: Expected): string[] {
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

export function isAccepted(code: StatusCode): boolean {
  return code === 200 || code === 202;
}

/**
 * The shape every decided verdict must have: it ends with the deciding rule; every rule before it passed; the
 * deciding one passed exactly when the request is accepted; every check explains itself in words.
 */
export function checksProblems(checks: RuleCheck[], decidingRule: string | undefined, accepted: boolean | undefined): string[] {
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
export function verdictProblems(v: Verdict): string[] {
  if (v.outcome === 'final') return checksProblems(v.checks, v.rule, isAccepted(REASONS[v.reason].code));
  return checksProblems(v.checks, undefined, true);
}

export function report(mismatches: string[]) {
  return { disagreeing: mismatches.length, first: mismatches.slice(0, 8) };
}

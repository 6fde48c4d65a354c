import type { Address, CuttingChange, DialogScope, EndedDialog, Enablement, ProviderEntry, Reason } from '@fedlab/protocol';
import { dialogKey, domainOf } from '@fedlab/protocol';
import { decision, describeChange, type RequestLink, type TraceLog } from '@fedlab/server';
import type { TrafficLog } from './traffic.ts';

export interface TeardownContext {
  orgDomains: string[];
  homeLink: RequestLink;
  /** Every provider link that is up, listed or just removed (a removed provider's open link is kept a while). */
  providerLinks: () => { id: string; link: RequestLink }[];
  /** The provider whose domain an outside address is in, if any. */
  providerOf: (address: Address) => string | undefined;
  traces: TraceLog;
  traffic: TrafficLog;
}

/**
 * POLICY.md rule 8, Decision: a change that cuts a path ends every IM session and presence subscription that
 * crosses it, at once, on both sides. The edge does not keep the dialogs itself: each side knows its own. It
 * tells the home server and every provider link to end their side of the dialogs in the scope; each tells its
 * own people (a bye, a final offline) and says what it ended. The edge records, under each notice's id, a trace
 * decision that names the change, and a traffic entry, then returns how many dialogs ended (each counted once,
 * though both sides report it) for the change's audit entry. `only: 'home'` tells the home server alone (it
 * was away when the change was made).
 */
export async function endDialogs(ctx: TeardownContext, change: CuttingChange, scope: DialogScope, only?: 'home'): Promise<number> {
  const notice = { change, scope };
  const sides = [{ id: 'home', link: ctx.homeLink }, ...(only ? [] : ctx.providerLinks())];
  const reports = await Promise.all(sides.map(async ({ id, link }) => ({ side: id, ended: (await link.endDialogs(notice))?.ended ?? [] })));
  const distinct = new Set<string>();
  for (const { side, ended } of reports) {
    for (const dialog of ended) {
      distinct.add(dialogKey(dialog));
      if (dialog.noticeId) record(ctx, change, side, dialog, dialog.noticeId);
    }
  }
  return distinct.size;
}

/** The trace decision and the traffic entry of one notice a side gave its own person. */
function record(ctx: TeardownContext, change: CuttingChange, side: string, dialog: EndedDialog, noticeId: string): void {
  const inside = (a: Address) => ctx.orgDomains.includes(domainOf(a));
  const [a, b] = dialog.between;
  // Who was told: the session's party on that side; for a subscription, the watcher (first).
  const told = dialog.dialog === 'subscription' ? a : (side === 'home') === inside(a) ? a : b;
  const other = told === a ? b : a;
  const what = dialog.dialog === 'session' ? 'IM session' : 'presence subscription';
  ctx.traces.record(noticeId, decision('edge', 'edge', 'teardown', 'dialog-ended',
    { change: change.kind, target: change.target, ...(change.detail ? { detail: change.detail } : {}), dialog: dialog.dialog, between: [a, b], told, side },
    `${describeChange(change)}: the ${what} between ${a} and ${b} ended on both sides; ${side === 'home' ? 'the home server' : side} told ${told}.`));
  const provider = ctx.providerOf(inside(told) ? other : told);
  ctx.traffic.add({
    requestId: noticeId, at: Date.now(), kind: dialog.dialog === 'session' ? 'bye' : 'notify', from: other, to: told,
    direction: inside(told) ? 'inbound' : 'outbound', ...(provider ? { provider } : {}), code: 200, reason: 'dialog-ended', hop: 'edge',
  });
}

/** Every dialog between the organization and the domains of these entries (a provider blocked or removed). */
export function providerScope(orgDomains: string[], entry: Pick<ProviderEntry, 'domains'>): DialogScope {
  return { inside: { domains: orgDomains }, outside: { domains: [...entry.domains] } };
}

/** Every dialog between the organization and anyone outside (the global switch turned off). */
export function everythingScope(orgDomains: string[]): DialogScope {
  return { inside: { domains: orgDomains }, outside: {} };
}

/**
 * What an enablement change cuts: the user's dialogs with public providers (public IM turned off), with everyone
 * else outside (federation turned off: partners are under federation), or with anyone outside (both).
 */
export function enablementCut(orgDomains: string[], providers: ProviderEntry[], address: Address, before: Enablement, after: Enablement): { change: CuttingChange; scope: DialogScope } | undefined {
  const lostPublic = before.publicIm && !after.publicIm;
  const lostFederation = before.federation && !after.federation;
  if (!lostPublic && !lostFederation) return undefined;
  const publicDomains = providers.filter((p) => p.public).flatMap((p) => p.domains);
  const inside = { domains: orgDomains, user: address };
  const detail = lostPublic && lostFederation ? 'federation and public-im' : lostPublic ? 'public-im' : 'federation';
  const outside = lostPublic && lostFederation ? {} : lostPublic ? { domains: publicDomains } : { exceptDomains: publicDomains };
  return { change: { kind: 'user-disabled', target: address, detail }, scope: { inside, outside } };
}

/**
 * When the edge stops a request inside a dialog for a reason that cuts the path (a change the teardown should
 * have ended it for, but the side was unreachable then), the change it stands for: the edge then ends that one
 * dialog on both sides.
 */
export function changeOfRejection(reason: Reason, provider: string | undefined, internalParty: Address): CuttingChange | undefined {
  switch (reason) {
    case 'federation-disabled':
      return { kind: 'federation-disabled', target: 'organization' };
    case 'provider-blocked':
      return { kind: 'provider-blocked', target: provider ?? 'unknown' };
    case 'provider-not-listed':
      return { kind: 'provider-removed', target: provider ?? 'unknown' };
    case 'sender-not-enabled-public-im':
      return { kind: 'user-disabled', target: internalParty, detail: 'public-im' };
    case 'sender-not-enabled-federation':
      return { kind: 'user-disabled', target: internalParty, detail: 'federation' };
    default:
      return undefined;
  }
}

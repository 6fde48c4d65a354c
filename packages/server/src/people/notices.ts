import type { Address, CuttingChange, FedRequest, Presence } from '@fedlab/protocol';
import { OFFLINE, newId } from '@fedlab/protocol';
import { decision } from '../decision.ts';
import type { PeopleContext } from './context.ts';

/** What ended a dialog: a cutting change (named in the trace), or the person herself signing out. */
export type Ending = CuttingChange | 'signed-out';

export const bye = (from: Address, to: Address, sessionId: string): FedRequest =>
  ({ id: newId(), kind: 'bye', from, to, sentAt: Date.now(), body: { sessionId } }) as FedRequest;

export const notify = (from: Address, to: Address, presence: Presence, subscription: 'active' | 'terminated'): FedRequest =>
  ({ id: newId(), kind: 'notify', from, to, sentAt: Date.now(), body: { presence, subscription } }) as FedRequest;

export const unsubscribe = (from: Address, to: Address): FedRequest =>
  ({ id: newId(), kind: 'unsubscribe', from, to, sentAt: Date.now(), body: {} }) as FedRequest;

/**
 * Hands a notice on: to one of our people's clients (without waiting for its answer: the dialog is over
 * whatever the client says), or out to the other side as a request of one of our people. A notice made by a
 * cutting change carries, in its trace, the decision that names the change.
 */
export function deliverNotice<D>(ctx: PeopleContext<D>, notice: FedRequest, ending: Ending): string {
  if (ending !== 'signed-out') ctx.traces.record(notice.id, teardownDecision(ctx, notice, ending));
  if (ctx.realm.isLocal(notice.to)) void ctx.hub.deliver(notice.to, notice);
  else void ctx.send(notice).catch((error: unknown) => ctx.log(`notice ${notice.id} failed: ${(error as Error)?.stack}`));
  return notice.id;
}

/** Tells `to` that `from` ended their IM session. */
export function byeTo<D>(ctx: PeopleContext<D>, from: Address, to: Address, sessionId: string, ending: Ending): string {
  return deliverNotice(ctx, bye(from, to, sessionId), ending);
}

/** Tells a watcher that the person watched is offline: `active` as a sign-out shows it, `terminated` when the subscription ended. */
export function offlineTo<D>(ctx: PeopleContext<D>, target: Address, watcher: Address, subscription: 'active' | 'terminated', ending: Ending): string {
  return deliverNotice(ctx, notify(target, watcher, OFFLINE, subscription), ending);
}

/** Ends `watcher`'s subscription to `target` on the target's side: here, or by an unsubscribe sent out. */
export function unsubscribeFrom<D>(ctx: PeopleContext<D>, watcher: Address, target: Address, ending: Ending): void {
  if (ctx.realm.isLocal(target)) ctx.watchers.remove(target, watcher);
  else deliverNotice(ctx, unsubscribe(watcher, target), ending);
}

function teardownDecision<D>(ctx: PeopleContext<D>, notice: FedRequest, change: CuttingChange) {
  const what = notice.kind === 'bye' ? 'IM session' : 'presence subscription';
  return decision(ctx.hop, ctx.node, 'teardown', 'dialog-ended',
    { change: change.kind, target: change.target, ...(change.detail ? { detail: change.detail } : {}), notice: notice.kind, from: notice.from, to: notice.to },
    `${describeChange(change)}: the ${what} between ${notice.from} and ${notice.to} ended (${notice.kind} to ${notice.to}).`);
}

/** The change in words, for the trace. */
export function describeChange(change: CuttingChange): string {
  switch (change.kind) {
    case 'provider-blocked':
      return `The provider ${change.target} was temporarily blocked`;
    case 'provider-removed':
      return `The provider ${change.target} was removed from the list`;
    case 'federation-disabled':
      return 'The global switch was turned off';
    case 'user-disabled':
      return `${change.target} was disabled for ${change.detail === 'federation' ? 'federation' : 'public IM connectivity'}`;
    case 'user-deleted':
      return `${change.target} was deleted`;
    case 'block-list':
      return `${change.target} put ${change.detail ?? 'someone'} on the Block list`;
    case 'idle':
      return 'The IM session was idle too long';
  }
}

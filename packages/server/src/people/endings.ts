import type { Address, CuttingChange, DialogsEnd, EndedDialog } from '@fedlab/protocol';
import { OFFLINE, scopeCuts } from '@fedlab/protocol';
import { presenceOf, type PeopleContext } from './context.ts';
import { byeTo, notify, deliverNotice, offlineTo, unsubscribeFrom, type Ending } from './notices.ts';

/**
 * How dialogs end on a server people sign in to (POLICY.md rules 8 and 9). Each function ends what it must at
 * once, on both sides: its own people's clients are told here; the other side is told by a request of one of
 * our people (a bye, a final notify, an unsubscribe), or by the edge, which tells both sides of a path it cut.
 */

/** Ends every IM session of a person who signed out (or whose client was replaced): the peers get a bye. */
export function endSessionsOf<D>(ctx: PeopleContext<D>, address: Address, ending: Ending): number {
  const open = ctx.sessions.of(address);
  for (const { id, peer } of open) {
    ctx.sessions.close(id);
    byeTo(ctx, address, peer, id, ending);
  }
  return open.length;
}

/**
 * `r` put `s` on the Block list (rule 8: at once, on both sides; rule 9: to `s` it looks as if `r` signed out).
 * - their IM sessions end: `r` gets a bye from `s`, `s` a bye from `r`, exactly as a sign-out sends;
 * - if `s` watches `r`, `s` gets `r` offline, as a sign-out shows it; the subscription is kept, muted: nothing
 *   reaches `s` while `s` stays blocked, and `r`'s presence comes back when `r` unblocks `s`;
 * - if `r` watches `s`, that subscription ends (the Block list stops `s`'s updates): `r` sees `s` offline, and
 *   `s`'s side is told by an unsubscribe, which `s`'s client never sees.
 * Returns how many dialogs ended.
 */
export function cutBlocked<D>(ctx: PeopleContext<D>, r: Address, s: Address): number {
  const change: CuttingChange = { kind: 'block-list', target: r, detail: s };
  let ended = 0;
  for (const { id, peer } of ctx.sessions.of(r)) {
    if (peer !== s) continue;
    ctx.sessions.close(id);
    byeTo(ctx, s, r, id, change);
    byeTo(ctx, r, s, id, change);
    ended++;
  }
  if (ctx.watchers.has(r, s)) {
    if (presenceOf(ctx, r).state !== 'offline') deliverNotice(ctx, notify(r, s, OFFLINE, 'active'), change);
    ended++;
  }
  if (ctx.following.has(s, r)) {
    ctx.following.remove(s, r);
    offlineTo(ctx, s, r, 'terminated', change);
    unsubscribeFrom(ctx, r, s, change);
    ended++;
  }
  return ended;
}

/** `r` took `s` off the Block list: if `s` still watches `r`, `s` sees `r`'s presence again. */
export function unblocked<D>(ctx: PeopleContext<D>, r: Address, s: Address): void {
  const presence = presenceOf(ctx, r);
  if (ctx.watchers.has(r, s) && presence.state !== 'offline') void ctx.send(notify(r, s, presence, 'active'));
}

/**
 * The edge says a change cut a path: this server ends its side of every dialog in the scope and tells its own
 * people (a bye from the peer; a final offline from the person watched). The edge tells the other side.
 */
export function endInScope<D>(ctx: PeopleContext<D>, notice: DialogsEnd): EndedDialog[] {
  const { change, scope } = notice;
  const ended: EndedDialog[] = [];
  for (const { id, between } of ctx.sessions.all()) {
    if (!scopeCuts(scope, ...between)) continue;
    ctx.sessions.close(id);
    const [local, peer] = ctx.realm.isLocal(between[0]) ? between : [between[1], between[0]];
    ended.push({ dialog: 'session', between, sessionId: id, noticeId: byeTo(ctx, peer, local, id, change) });
  }
  for (const [target, watcher] of ctx.following.pairs()) {
    if (!scopeCuts(scope, target, watcher)) continue;
    ctx.following.remove(target, watcher);
    ended.push({ dialog: 'subscription', between: [watcher, target], noticeId: offlineTo(ctx, target, watcher, 'terminated', change) });
  }
  for (const [target, watcher] of ctx.watchers.pairs()) {
    if (!scopeCuts(scope, target, watcher)) continue;
    ctx.watchers.remove(target, watcher);
    ended.push({ dialog: 'subscription', between: [watcher, target] });
  }
  return ended;
}

/** Ends IM sessions unused for the idle time, on both sides. */
export function endIdleSessions<D>(ctx: PeopleContext<D>): void {
  for (const { id, between: [a, b] } of ctx.sessions.idle(ctx.limits.sessionIdleMs)) {
    ctx.sessions.close(id);
    const change: CuttingChange = { kind: 'idle', target: id };
    // Each side hears it from the other: a person of ours from here, a remote one by a bye of ours.
    byeTo(ctx, a, b, id, change);
    byeTo(ctx, b, a, id, change);
  }
}

/**
 * A person is deleted: every dialog of hers ends on both sides (sessions as at a sign-out; her watchers see her
 * offline for good; her own subscriptions are ended at the other side). Returns how many dialogs ended.
 */
export function endEverythingOf<D>(ctx: PeopleContext<D>, address: Address): number {
  const change: CuttingChange = { kind: 'user-deleted', target: address };
  let ended = endSessionsOf(ctx, address, change);
  for (const watcher of ctx.watchers.of(address)) {
    ctx.watchers.remove(address, watcher);
    if (ctx.realm.isLocal(watcher)) ctx.following.remove(address, watcher);
    offlineTo(ctx, address, watcher, 'terminated', change);
    ended++;
  }
  for (const target of ctx.following.watchedBy(address)) {
    ctx.following.remove(target, address);
    unsubscribeFrom(ctx, address, target, change);
    ended++;
  }
  return ended;
}

import type { Answer, FedRequest, HopDecision, Reason } from '@fedlab/protocol';
import { OFFLINE, REASONS, answerFor, dialogEnds, isBlockListReason } from '@fedlab/protocol';
import { decision, decisionsOf } from '../decision.ts';
import { presenceOf, type Origin, type PeopleContext } from './context.ts';
import { bye, notify } from './notices.ts';
import type { Person } from './people-store.ts';

/**
 * A request for one of our people, from a neighbour here or from the link: the app's rules decide, then the
 * server acts on the verdict. The first rule that rejects decides (and is last in the trail); only a request the
 * rules let through meets the session and subscription checks, so a blocked sender's message is answered by the
 * Block list (as if offline), never by "no such session".
 */
export async function deliverHere<D>(ctx: PeopleContext<D>, request: FedRequest, origin: Origin): Promise<Answer> {
  const person = ctx.people.get(request.to);
  const recipient = person && { person, lists: ctx.people.lists(person.address), online: ctx.hub.isOnline(person.address) };
  const verdict = ctx.realm.decide(request, recipient, origin);
  const trail = decisionsOf(verdict, ctx.hop, ctx.node);
  const answer = (reason: Reason, extra: Pick<Answer, 'presence'> = {}, more: HopDecision[] = []) => answerFor(request.id, reason, ctx.hop, { trail: [...trail, ...more], ...extra });
  const stop = (decided: HopDecision) => answer(decided.reason as Reason, {}, [decided]);

  if (verdict.outcome === 'final' && REASONS[verdict.reason].code >= 300) {
    if (person) rejected(ctx, request, person, verdict.reason);
    return answer(verdict.reason);
  }
  if (!person) return answer('user-not-found');
  const to = person.address;
  const sessionId = 'sessionId' in request.body ? request.body.sessionId : undefined;
  if (sessionId && request.kind !== 'invite' && !ctx.sessions.joins(sessionId, request.from, to)) {
    return stop(decision(ctx.hop, ctx.node, 'session', 'not-in-session', { sessionId }, 'No such open session between these two people.'));
  }
  if (request.kind === 'notify' && !ctx.following.has(request.from, to)) {
    return stop(decision(ctx.hop, ctx.node, 'subscription', 'not-subscribed', { watcher: to, target: request.from }, `${to} has not subscribed to ${request.from}.`));
  }
  if (verdict.outcome === 'final' && verdict.reason === 'pending-prompt') {
    const limit = ctx.realm.pending?.(request, person);
    return limit ? stop(decision(ctx.hop, ctx.node, 'limits', limit, { maxPromptsPerUser: ctx.limits.maxPromptsPerUser }, `${to} has too many requests waiting.`)) : answer('pending-prompt');
  }
  switch (request.kind) {
    case 'subscribe': {
      if (!ctx.watchers.has(to, request.from) && ctx.watchers.watcherCount(to) >= ctx.limits.maxSubscriptionsPerUser) {
        return stop(decision(ctx.hop, ctx.node, 'limits', 'subscription-limit', { watchers: ctx.watchers.watcherCount(to), maxSubscriptionsPerUser: ctx.limits.maxSubscriptionsPerUser }, `${to} has as many watchers as a person may have.`));
      }
      ctx.watchers.add(to, request.from);
      const reason = verdict.outcome === 'final' ? verdict.reason : 'accepted-internal';
      return answer(reason, { presence: presenceOf(ctx, to) });
    }
    case 'unsubscribe':
      ctx.watchers.remove(to, request.from);
      return answer('delivered');
    case 'bye':
      ctx.sessions.close(request.body.sessionId);
      void ctx.hub.deliver(to, request);
      return answer('delivered');
    case 'invite':
      if (ctx.sessions.countOf(to) >= ctx.limits.maxSessionsPerUser) {
        return stop(decision(ctx.hop, ctx.node, 'limits', 'session-limit', { sessions: ctx.sessions.countOf(to), maxSessionsPerUser: ctx.limits.maxSessionsPerUser }, `${to} has as many open IM sessions as a person may have.`));
      }
      break;
    case 'notify':
      if (request.body.subscription === 'terminated') ctx.following.remove(request.from, to);
      break;
    default:
      ctx.sessions.touch(request.body.sessionId);
  }
  const delivered = await ctx.hub.deliver(to, request);
  if (request.kind === 'invite' && delivered.code === 200) ctx.sessions.open(request.body.sessionId, request.from, to);
  return { ...delivered, trail: [...trail, ...(delivered.trail ?? [])] };
}

/** What a rejection changes on our side, for the dialog the request opened or travelled in. */
function rejected<D>(ctx: PeopleContext<D>, request: FedRequest, person: Person<D>, reason: Reason): void {
  const to = person.address;
  switch (request.kind) {
    case 'subscribe':
      // Rule 9: a blocked sender's subscription is kept, muted (nothing reaches the sender while blocked).
      if (isBlockListReason(reason) && ctx.watchers.watcherCount(to) < ctx.limits.maxSubscriptionsPerUser) ctx.watchers.add(to, request.from);
      return;
    case 'unsubscribe':
      // Ending one's own subscription cannot be refused: whatever the rules said, it ends here.
      ctx.watchers.remove(to, request.from);
      return;
    case 'notify':
      // The subscription our person asked for ends: she sees the other offline.
      if (dialogEnds('notify', REASONS[reason].code) && ctx.following.has(request.from, to)) {
        ctx.following.remove(request.from, to);
        void ctx.hub.deliver(to, notify(request.from, to, OFFLINE, 'terminated'));
      }
      return;
    default:
      // A message, typing notice or bye that the rules stop ends its session here too: our person is told.
      if (request.kind === 'invite' || !(request.kind === 'bye' || dialogEnds(request.kind, REASONS[reason].code))) return;
      if (!ctx.sessions.joins(request.body.sessionId, request.from, to)) return;
      ctx.sessions.close(request.body.sessionId);
      void ctx.hub.deliver(to, bye(request.from, to, request.body.sessionId));
  }
}

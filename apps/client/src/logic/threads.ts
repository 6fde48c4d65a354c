import type { Address, Answer } from '@fedlab/protocol';
import type { MessageState, Session } from '@fedlab/sdk';
import { RELOADED, describeAnswer, endedText } from './answers.ts';

/** Text typed before its session was open: waiting for the invitation, or failed with it. */
export interface Draft {
  id: string;
  text: string;
  at: number;
}

/** Every IM session with one person, oldest first: one conversation, as people think of it. */
export interface Thread {
  peer: Address;
  sessions: Session[];
  /** The newest open session: where the next message goes. Absent: the next message sends an invitation. */
  active: Session | undefined;
  /** An invitation is on its way. */
  inviting: boolean;
  lastActivity: number;
}

/** Groups sessions (in the order they began) into one thread per person, most recent activity first. */
export function threadsOf(sessions: Iterable<Session>, startedAt: (sessionId: string) => number): Thread[] {
  const byPeer = new Map<Address, Thread>();
  for (const session of sessions) {
    let thread = byPeer.get(session.peer);
    if (!thread) byPeer.set(session.peer, (thread = { peer: session.peer, sessions: [], active: undefined, inviting: false, lastActivity: 0 }));
    thread.sessions.push(session);
    if (session.state === 'open') thread.active = session;
    if (session.state === 'inviting') thread.inviting = true;
    thread.lastActivity = Math.max(thread.lastActivity, startedAt(session.id), session.messages.at(-1)?.at ?? 0);
  }
  return [...byPeer.values()].sort((a, b) => b.lastActivity - a.lastActivity);
}

/**
 * The answer of an invitation the sdk sent by itself (a message written into an ended conversation starts a new
 * one): an outgoing session that ended with only our failed text in it, failed with the reason that ended it.
 */
function refusedInvitation(session: Session, me: Address): Answer | undefined {
  if (!session.outgoing || session.state !== 'ended' || !session.messages.length) return undefined;
  const answers = session.messages.map((m) => (m.from === me && m.state === 'failed' ? m.answer : undefined));
  const first = answers[0];
  return first && first.code !== 200 && first.diagnostic.reason === session.endedBecause && answers.every((a) => a === first) ? first : undefined;
}

/** Ends that are nobody's failure. */
const ORDINARY_ENDS: ReadonlySet<string> = new Set(['ended-by-us', 'ended-by-peer', 'signed-out', RELOADED]);

export type TimelineItem =
  | { kind: 'notice'; key: string; tone: 'info' | 'error'; text: string; answer?: Answer }
  | { kind: 'message'; key: string; own: boolean; text: string; at: number; state?: MessageState; answer?: Answer };

export interface TimelineContext {
  me: Address;
  peerName: string;
  /** The answer each of our invitations got. */
  inviteAnswers: ReadonlyMap<string, Answer>;
  /** Text that was waiting for an invitation that failed, by session. */
  unsent: ReadonlyMap<string, Draft[]>;
  /** Text waiting for the invitation on its way now. */
  queued: Draft[];
}

/** What the conversation shows, in order: each session's start, messages and end, then text still waiting. */
export function timelineOf(thread: Thread | undefined, context: TimelineContext): TimelineItem[] {
  const items: TimelineItem[] = [];
  for (const session of thread?.sessions ?? []) {
    const invite = context.inviteAnswers.get(session.id) ?? refusedInvitation(session, context.me);
    if (invite && invite.code !== 200) {
      for (const draft of context.unsent.get(session.id) ?? []) {
        items.push({ kind: 'message', key: draft.id, own: true, text: draft.text, at: draft.at, state: 'failed', answer: invite });
      }
      // The answer shows once: on the text it stopped, or on the notice when no text waited for it.
      // (The sdk itself invites anew when a message is written into an ended conversation: that text is in the session.)
      for (const message of session.messages) {
        items.push({ kind: 'message', key: message.id, own: true, text: message.text, at: message.at, state: 'failed', answer: message.answer ?? invite });
      }
      const drafts = (context.unsent.get(session.id)?.length ?? 0) + session.messages.length;
      const view = describeAnswer(invite);
      const notice: TimelineItem = { kind: 'notice', key: `${session.id}:failed`, tone: 'error', text: `${context.peerName} could not be invited: ${view.title.toLowerCase()}.` };
      items.push(drafts ? notice : { ...notice, answer: invite });
      continue;
    }
    if (session.state === 'inviting') {
      items.push({ kind: 'notice', key: `${session.id}:inviting`, tone: 'info', text: `Inviting ${context.peerName}…` });
      continue;
    }
    items.push({ kind: 'notice', key: `${session.id}:start`, tone: 'info', text: session.outgoing ? 'You started a conversation.' : `${context.peerName} started a conversation.` });
    for (const message of session.messages) {
      const own = message.from === context.me;
      const item: TimelineItem = { kind: 'message', key: message.id, own, text: message.text, at: message.at };
      if (own && message.state) item.state = message.state;
      if (own && message.state === 'failed' && message.answer) item.answer = message.answer;
      items.push(item);
    }
    if (session.state === 'ended') {
      // Ended by the answer to one of our messages: that message shows the answer already.
      const byOurMessage = session.messages.some((m) => m.from === context.me && m.state === 'failed' && m.answer?.diagnostic.reason === session.endedBecause);
      const ordinary = byOurMessage || ORDINARY_ENDS.has(session.endedBecause ?? '');
      items.push({ kind: 'notice', key: `${session.id}:end`, tone: ordinary ? 'info' : 'error', text: byOurMessage ? 'The conversation ended.' : endedText(session.endedBecause, context.peerName) });
    }
  }
  for (const draft of context.queued) items.push({ kind: 'message', key: draft.id, own: true, text: draft.text, at: draft.at, state: 'sending' });
  return items;
}

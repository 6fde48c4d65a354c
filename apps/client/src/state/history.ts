import type { Address, Answer } from '@fedlab/protocol';
import type { ChatMessage, Session } from '@fedlab/sdk';
import { RELOADED } from '../logic/answers.ts';
import type { Draft } from '../logic/threads.ts';

/**
 * A person's conversations as the browser keeps them (logic/storage.ts), so that a reload does not lose them:
 * every session's messages, how it ended, the answer to an invitation we sent and the text that waited for it.
 * Bounded: the newest sessions of the newest people only. What comes back from storage is checked field by
 * field; anything odd is dropped, never shown.
 */
export interface KeptSession {
  id: string;
  peer: Address;
  outgoing: boolean;
  startedAt: number;
  /** Ended (and why), or still open when the page went away. */
  endedBecause?: string;
  messages: ChatMessage[];
  invite?: Answer;
  unsent?: Draft[];
}

export interface KeptHistory {
  version: 1;
  sessions: KeptSession[];
}

export const HISTORY_LIMITS = { sessions: 200, messagesPerSession: 200 };

export interface HistorySource {
  sessions: Iterable<Session>;
  startedAt(sessionId: string): number;
  inviteAnswers: ReadonlyMap<string, Answer>;
  unsent: ReadonlyMap<string, Draft[]>;
}

/** What to keep: the newest sessions, each with its newest messages; sessions still inviting are left out. */
export function snapshotHistory(source: HistorySource): KeptHistory {
  const sessions = [...source.sessions]
    .filter((s) => s.state !== 'inviting' || source.inviteAnswers.has(s.id))
    .map((s): KeptSession => {
      const kept: KeptSession = {
        id: s.id,
        peer: s.peer,
        outgoing: s.outgoing,
        startedAt: source.startedAt(s.id),
        messages: s.messages.slice(-HISTORY_LIMITS.messagesPerSession).map((m) => ({ ...m, state: m.state === 'sending' ? 'failed' : m.state })),
      };
      if (s.state === 'ended') kept.endedBecause = s.endedBecause ?? 'ended';
      const invite = source.inviteAnswers.get(s.id);
      if (invite) kept.invite = invite;
      const unsent = source.unsent.get(s.id);
      if (unsent?.length) kept.unsent = unsent;
      return withoutUndefined(kept);
    });
  return { version: 1, sessions: sessions.sort((a, b) => a.startedAt - b.startedAt).slice(-HISTORY_LIMITS.sessions) };
}

export interface RestoredHistory {
  sessions: Session[];
  startedAt: Map<string, number>;
  inviteAnswers: Map<string, Answer>;
  unsent: Map<string, Draft[]>;
}

/** Back from storage: every session ended (an open one as `page-reloaded`), in the order they began. */
export function restoreHistory(raw: unknown): RestoredHistory {
  const restored: RestoredHistory = { sessions: [], startedAt: new Map(), inviteAnswers: new Map(), unsent: new Map() };
  if (!isRecord(raw) || raw.version !== 1 || !Array.isArray(raw.sessions)) return restored;
  for (const item of raw.sessions.slice(-HISTORY_LIMITS.sessions)) {
    if (!isRecord(item) || !isString(item.id) || !isString(item.peer) || typeof item.outgoing !== 'boolean' || !isNumber(item.startedAt) || !Array.isArray(item.messages)) continue;
    const messages = item.messages.filter(isMessage).map((m) => ({ ...m, sessionId: item.id as string }));
    restored.sessions.push({
      id: item.id, peer: item.peer, outgoing: item.outgoing, state: 'ended', peerTyping: false, messages,
      endedBecause: isString(item.endedBecause) ? item.endedBecause : RELOADED,
    });
    restored.startedAt.set(item.id, item.startedAt);
    if (isAnswer(item.invite)) restored.inviteAnswers.set(item.id, item.invite);
    if (Array.isArray(item.unsent)) restored.unsent.set(item.id, item.unsent.filter(isDraft));
  }
  return restored;
}

function isMessage(value: unknown): value is ChatMessage {
  if (!isRecord(value) || !isString(value.id) || !isString(value.from) || !isString(value.text) || !isNumber(value.at)) return false;
  if (value.state !== undefined && value.state !== 'delivered' && value.state !== 'failed') return false;
  return value.answer === undefined || isAnswer(value.answer);
}

function isDraft(value: unknown): value is Draft {
  return isRecord(value) && isString(value.id) && isString(value.text) && isNumber(value.at);
}

function isAnswer(value: unknown): value is Answer {
  if (!isRecord(value) || !isNumber(value.code) || !isString(value.requestId) || !isRecord(value.diagnostic)) return false;
  const d = value.diagnostic;
  return isString(d.reason) && isString(d.sentence) && isString(d.hop) && isNumber(d.id);
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === 'string';
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

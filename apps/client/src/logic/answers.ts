import { PUBLIC_REASONS, REASONS, type Answer } from '@fedlab/protocol';

export type Tone = 'ok' | 'pending' | 'error';

/** An answer as a person reads it: a short title, the code and reason, and the sentence the sender may see. */
export interface AnswerView {
  tone: Tone;
  title: string;
  code: number;
  reason: string;
  sentence: string;
  /** Where it was decided, as the sender may know it (client, provider, edge, home). */
  hop: string;
}

const TITLES: Record<number, string> = {
  200: 'Accepted',
  202: 'Pending',
  400: 'Not delivered',
  403: 'Rejected',
  404: 'Not found',
  408: 'Timed out',
  429: 'Rate limited',
  480: 'Unavailable',
  500: 'Server error',
  504: 'Unreachable',
};

/**
 * A 400 to something a person did in the page is never "malformed": the page only sends well-formed requests, so
 * the request was well-formed but its conversation had ended (`not-in-session`, or `bad-request` in public form).
 */
const ENDED_CONVERSATION: ReadonlySet<string> = new Set(['not-in-session', 'bad-request', 'malformed']);

export function describeAnswer(answer: Answer): AnswerView {
  const { code, diagnostic } = answer;
  const tone: Tone = code === 200 ? 'ok' : code === 202 ? 'pending' : 'error';
  const title = code === 200 && diagnostic.reason === 'delivered'
    ? 'Delivered'
    : code === 400 && ENDED_CONVERSATION.has(diagnostic.reason)
      ? 'Conversation ended'
      : (TITLES[code] ?? `Code ${code}`);
  return { tone, title, code, reason: diagnostic.reason, sentence: diagnostic.sentence, hop: diagnostic.hop };
}

/** The sentence the diagnostics tables give a reason, when the answer itself is not at hand. */
export function reasonSentence(reason: string): string | undefined {
  if (Object.hasOwn(REASONS, reason)) return REASONS[reason as keyof typeof REASONS].sentence;
  if (Object.hasOwn(PUBLIC_REASONS, reason)) return PUBLIC_REASONS[reason as keyof typeof PUBLIC_REASONS].sentence;
  return undefined;
}

/** Why a session kept from before a reload is over: the new connection has no session with that id. */
export const RELOADED = 'page-reloaded';

/** Why an IM session ended, in a sentence: by us, by the peer, or by the answer that ended it. */
export function endedText(endedBecause: string | undefined, peerName: string): string {
  switch (endedBecause) {
    case undefined:
      return 'The conversation ended.';
    case 'ended-by-us':
      return 'You ended the conversation.';
    case 'ended-by-peer':
      return `${peerName} ended the conversation.`;
    case RELOADED:
      return 'The page was reloaded: your next message starts a new conversation.';
    case 'signed-out':
      return 'You signed in again: your next message starts a new conversation.';
    default: {
      const sentence = reasonSentence(endedBecause);
      return `The conversation ended: ${endedBecause}${sentence ? ` — ${sentence}` : ''}`;
    }
  }
}

import type { Address, Answer, FedRequest, Presence, PresenceState, Prompt } from '@fedlab/protocol';
import { FedlabClient, type ChatMessage, type ClientEvents, type FedlabClientOptions, type Session } from '@fedlab/sdk';
import { waitUntil } from './wait.ts';

export interface HistoryEntry {
  event: keyof ClientEvents;
  args: unknown[];
  at: number;
}

/**
 * A signed-in test bot: an sdk client that records everything it sees, with waiters for conditions. Absences are
 * proved with a sentinel: send what must be dropped, then what must arrive, wait for the second, then assert
 * (`hasReceived`) that the first never came.
 */
export class Bot extends FedlabClient {
  readonly history: HistoryEntry[] = [];
  readonly #wakers = new Set<() => void>();

  constructor(options: FedlabClientOptions) {
    super(options);
    const events: (keyof ClientEvents)[] = ['state', 'welcome', 'profile', 'presence', 'contacts', 'prompt', 'prompts', 'invitation', 'session', 'message', 'typing', 'session-ended', 'incoming'];
    for (const event of events) {
      this.on(event, (...args: unknown[]) => {
        this.history.push({ event, args, at: Date.now() });
        this.#wakers.forEach((wake) => wake());
      });
    }
  }

  /** Waits until the condition on this bot's state holds. */
  until<T>(condition: () => T | undefined | false, description: string, timeoutMs?: number): Promise<T> {
    return waitUntil(condition, `${this.address}: ${description}`, {
      ...(timeoutMs ? { timeoutMs } : {}),
      wake: (notify) => {
        this.#wakers.add(notify);
        return () => this.#wakers.delete(notify);
      },
    });
  }

  /** Waits for a message (received, not sent) whose text matches. */
  message(text: string | RegExp, timeoutMs?: number): Promise<ChatMessage> {
    return this.until(() => this.received().find((m) => matches(m.text, text)), `a message ${String(text)}`, timeoutMs);
  }

  /** Every message that reached this bot. */
  received(): ChatMessage[] {
    return this.history.filter((h) => h.event === 'message').map((h) => h.args[0] as ChatMessage);
  }

  hasReceived(text: string | RegExp): boolean {
    return this.received().some((m) => matches(m.text, text));
  }

  /** Every request that reached this bot's client, with the answer it gave. */
  incoming(): { request: FedRequest; answer: Answer }[] {
    return this.history.filter((h) => h.event === 'incoming').map((h) => ({ request: h.args[0] as FedRequest, answer: h.args[1] as Answer }));
  }

  presenceOf(address: Address): Presence | undefined {
    return this.contacts.get(address)?.presence;
  }

  /** Waits until this bot sees the contact in that presence state. */
  seesPresence(address: Address, state: PresenceState, note?: string): Promise<Presence> {
    return this.until(() => {
      const p = this.presenceOf(address);
      return p && p.state === state && (note === undefined || p.note === note) ? p : undefined;
    }, `sees ${address} as ${state}${note !== undefined ? ` "${note}"` : ''}`);
  }

  prompt(from: Address): Promise<Prompt> {
    return this.until(() => this.prompts.find((p) => p.from === from), `a prompt from ${from}`);
  }

  invitation(from: Address): Promise<Session> {
    return this.until(() => [...this.sessions.values()].find((s) => !s.outgoing && s.peer === from && s.state === 'open'), `an invitation from ${from}`);
  }

  /**
   * The conversation with a person as a chat client shows it (every IM session with her is one conversation):
   * open while a session is open, inviting while an invitation travels, else ended, with why the newest session
   * ended (`ended-by-us`, `ended-by-peer`, or the reason of the answer that ended it); none before any session.
   */
  conversation(peer: Address): Conversation {
    const sessions = [...this.sessions.values()].filter((s) => s.peer === peer);
    if (!sessions.length) return { state: 'none', sessions };
    if (sessions.some((s) => s.state === 'open')) return { state: 'open', sessions };
    if (sessions.some((s) => s.state === 'inviting')) return { state: 'inviting', sessions };
    const because = sessions.at(-1)!.endedBecause;
    return { state: 'ended', sessions, ...(because ? { because } : {}) };
  }

  /** How many typing notices from this person reached this bot (each shows "is typing" in a chat client). */
  typingNotices(peer: Address): number {
    return this.history.filter((h) => h.event === 'typing' && (h.args[0] as Session).peer === peer).length;
  }

  sessionEnded(sessionId: string): Promise<Session> {
    return this.until(() => {
      const s = this.sessions.get(sessionId);
      return s?.state === 'ended' ? s : undefined;
    }, `session ${sessionId} ended`);
  }
}

export type ConversationState = 'none' | 'inviting' | 'open' | 'ended';

export interface Conversation {
  state: ConversationState;
  /** Why the newest session ended, when the conversation has ended. */
  because?: string;
  /** Every session with the person, oldest first. */
  sessions: Session[];
}

function matches(value: string, pattern: string | RegExp): boolean {
  return typeof pattern === 'string' ? value === pattern : pattern.test(value);
}

/** The bots of one deployment: each signed in (with the user's password) on creation, all closed together. */
export function botPool(urlFor: (address: Address) => string, passwordOf: (address: Address) => string) {
  const bots: Bot[] = [];
  return {
    async bot(address: Address, options: { resubscribe?: boolean } = {}): Promise<Bot> {
      const bot = new Bot({ url: urlFor(address), address, password: passwordOf(address), ...options });
      bots.push(bot);
      await bot.signedIn();
      return bot;
    },
    closeAll(): void {
      bots.splice(0).forEach((b) => b.close());
    },
  };
}

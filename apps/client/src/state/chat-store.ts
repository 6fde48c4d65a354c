import type { Address, Answer, CommandResult, Presence, PresenceState, SettingsChange } from '@fedlab/protocol';
import { MAX_TEXT_LENGTH, normalizeAddress } from '@fedlab/protocol';
import type { FedlabClient, Session } from '@fedlab/sdk';
import { threadsOf, timelineOf, type Draft, type Thread, type TimelineItem } from '../logic/threads.ts';
import { restoreHistory, snapshotHistory, type KeptHistory } from './history.ts';

/** The part of the sdk's FedlabClient the UI uses: the one way it talks to a server. */
export type ChatClient = Pick<
  FedlabClient,
  | 'on' | 'address' | 'state' | 'profile' | 'presence' | 'prompts' | 'contacts' | 'sessions'
  | 'setPresence' | 'addContact' | 'removeContact' | 'subscribe' | 'changeList' | 'setSettings' | 'answerPrompt'
  | 'invite' | 'send' | 'typing' | 'end' | 'close'
>;

export interface Toast {
  id: number;
  tone: 'info' | 'error';
  text: string;
  /** A conversation the toast can open. */
  peer?: Address;
}

/** The add-contact form's last request and its answer. */
export interface AddResult {
  address: Address;
  busy: boolean;
  answer?: Answer;
  error?: string;
}

export interface ChatStoreOptions {
  /** A person's display name, for toasts; the address itself by default. */
  nameOf?: (address: Address) => string;
  now?: () => number;
  /** Schedules a UI refresh (typing expiry, toast expiry); returns a cancel. */
  setTimer?: (run: () => void, ms: number) => () => void;
  /** How long "is typing" shows after the peer's last typing notice. */
  typingShownMs?: number;
  /** At most one typing notice per this long while the person types. */
  typingEveryMs?: number;
  toastMs?: number;
  /** Where this person's conversations are kept across reloads (state/history.ts); nowhere by default. */
  history?: { load(): unknown; save(history: KeptHistory): void };
  /** Where the status she chose is kept, to be set again at her next sign-in; nowhere by default. */
  status?: { kept(): PresenceState | undefined; keep(state: PresenceState): void };
}

const defaultTimer = (run: () => void, ms: number) => {
  const timer = setTimeout(run, ms);
  return () => clearTimeout(timer);
};

/**
 * A signed-in person's chat state for the UI, on top of the sdk client: conversations per person, unread counts,
 * text typed before a session is open (sent once the invitation is accepted, shown failed with its answer
 * otherwise), typing notices both ways, the add-contact result and toasts. Everything the person does goes
 * through the client; the store only remembers what the UI needs beyond it.
 */
export class ChatStore {
  selected: Address | undefined;
  readonly unread = new Map<Address, number>();
  /** The answer each invitation we sent got, by session. */
  readonly inviteAnswers = new Map<string, Answer>();
  readonly unsent = new Map<string, Draft[]>();
  readonly queued = new Map<Address, Draft[]>();
  addResult: AddResult | undefined;
  /** Prompts whose answer is on its way. */
  readonly answering = new Set<string>();
  toasts: Toast[] = [];
  /** Why the connection is in its state (socket.io's reason), for the banner. */
  connectionDetail: string | undefined;

  readonly #now: () => number;
  readonly #nameOf: (address: Address) => string;
  readonly #setTimer: (run: () => void, ms: number) => () => void;
  readonly #typingShownMs: number;
  readonly #typingEveryMs: number;
  readonly #toastMs: number;
  readonly #startedAt = new Map<string, number>();
  readonly #typingUntil = new Map<string, number>();
  readonly #typingSent = new Map<string, number>();
  readonly #invites = new Map<Address, Promise<{ answer: Answer; session: Session }>>();
  readonly #listeners = new Set<() => void>();
  readonly #cancels = new Set<() => void>();
  readonly #unsubscribe: (() => void)[];
  /** Sessions of an earlier page of this person (before a reload), all ended. */
  readonly #restored: Session[];
  readonly #history: ChatStoreOptions['history'];
  readonly #status: ChatStoreOptions['status'];
  #saving = false;
  /** Sessions the sdk holds open that the other side no longer knows (a message in them got 400). */
  readonly #gone = new Set<string>();
  #seq = 0;

  constructor(readonly client: ChatClient, options: ChatStoreOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#nameOf = options.nameOf ?? ((address) => address);
    this.#setTimer = options.setTimer ?? defaultTimer;
    this.#typingShownMs = options.typingShownMs ?? 6000;
    this.#typingEveryMs = options.typingEveryMs ?? 3000;
    this.#toastMs = options.toastMs ?? 8000;
    this.#history = options.history;
    this.#status = options.status;
    const restored = restoreHistory(this.#history?.load());
    this.#restored = restored.sessions;
    for (const [id, at] of restored.startedAt) this.#startedAt.set(id, at);
    for (const [id, answer] of restored.inviteAnswers) this.inviteAnswers.set(id, answer);
    for (const [id, drafts] of restored.unsent) this.unsent.set(id, drafts);
    const changed = () => this.#changed();
    this.#unsubscribe = [
      client.on('welcome', (welcome) => this.#restoreStatus(welcome.presence)),
      client.on('state', (_state, detail) => {
        this.connectionDetail = detail;
        this.#changed();
      }),
      client.on('session', (session) => {
        if (!this.#startedAt.has(session.id)) this.#startedAt.set(session.id, this.#now());
        this.#changed();
      }),
      client.on('invitation', (session) => {
        if (session.peer !== this.selected) this.#toast('info', `${this.#nameOf(session.peer)} started a conversation.`, session.peer);
        this.#changed();
      }),
      client.on('message', (message) => {
        const session = client.sessions.get(message.sessionId);
        if (session && message.from !== client.address && session.peer !== this.selected) {
          this.unread.set(session.peer, (this.unread.get(session.peer) ?? 0) + 1);
          this.#toast('info', `New message from ${this.#nameOf(session.peer)}`, session.peer);
        }
        this.#changed();
      }),
      client.on('typing', (session) => {
        this.#typingUntil.set(session.id, this.#now() + this.#typingShownMs);
        this.#later(changed, this.#typingShownMs);
        this.#changed();
      }),
      ...(['welcome', 'profile', 'presence', 'contacts', 'prompt', 'prompts', 'session-ended'] as const).map((event) => client.on(event, changed)),
    ];
    // Usually made right after the first welcome: that one has come already.
    if (client.profile) this.#restoreStatus(client.presence);
  }

  /** Calls the listener after every change; returns its removal. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  dispose(): void {
    this.#unsubscribe.forEach((off) => off());
    this.#cancels.forEach((cancel) => cancel());
    this.#cancels.clear();
    this.#listeners.clear();
  }

  // --- conversations ---

  get threads(): Thread[] {
    const live = [...this.client.sessions.values()];
    const restored = this.#restored.filter((s) => !this.client.sessions.has(s.id));
    const threads = threadsOf([...restored, ...live], (id) => this.#startedAt.get(id) ?? 0);
    for (const thread of threads) if (thread.active && this.#gone.has(thread.active.id)) thread.active = undefined;
    return threads;
  }

  thread(peer: Address): Thread | undefined {
    return this.threads.find((t) => t.peer === peer);
  }

  timeline(peer: Address, peerName: string): TimelineItem[] {
    return timelineOf(this.thread(peer), {
      me: this.client.address,
      peerName,
      inviteAnswers: this.inviteAnswers,
      unsent: this.unsent,
      queued: this.queued.get(peer) ?? [],
    });
  }

  /** Whether the peer typed in an open session within the last few seconds. */
  isTyping(peer: Address): boolean {
    const now = this.#now();
    return !!this.thread(peer)?.sessions.some((s) => s.state === 'open' && s.peerTyping && (this.#typingUntil.get(s.id) ?? 0) > now);
  }

  get totalUnread(): number {
    return [...this.unread.values()].reduce((a, b) => a + b, 0);
  }

  select(peer: Address | undefined): void {
    this.selected = peer;
    if (peer) {
      this.unread.delete(peer);
      this.toasts = this.toasts.filter((t) => t.peer !== peer);
    }
    this.#changed();
  }

  /**
   * Sends text to a person: in the open session, or after inviting her. While the invitation travels the text
   * shows as sending; if it is refused the text shows failed with the invitation's answer.
   */
  async sendTo(peer: Address, text: string): Promise<void> {
    if (!text.trim()) return;
    if (text.length > MAX_TEXT_LENGTH) return this.#toast('error', `A message can be at most ${MAX_TEXT_LENGTH} characters.`);
    const open = this.thread(peer)?.active;
    if (open) {
      const answer = await this.client.send(open.id, text);
      // A 400 to a message the page sent: the session had ended without our knowing. The next message invites.
      if (answer.code === 400) {
        this.#gone.add(open.id);
        this.#changed();
      }
      return;
    }
    const draft: Draft = { id: `draft-${++this.#seq}`, text, at: this.#now() };
    this.queued.set(peer, [...(this.queued.get(peer) ?? []), draft]);
    this.#changed();
    let result: { answer: Answer; session: Session } | undefined;
    try {
      result = await this.#invite(peer);
    } finally {
      this.queued.set(peer, (this.queued.get(peer) ?? []).filter((d) => d !== draft));
    }
    if (result.answer.code === 200 && result.session.state === 'open') {
      await this.client.send(result.session.id, text);
    } else {
      this.unsent.set(result.session.id, [...(this.unsent.get(result.session.id) ?? []), draft]);
      this.#changed();
    }
  }

  /** The person is typing to the peer: tell the peer, at most every few seconds, in an open session only. */
  noteTyping(peer: Address): void {
    const open = this.thread(peer)?.active;
    if (!open) return;
    const now = this.#now();
    if (now - (this.#typingSent.get(open.id) ?? -Infinity) < this.#typingEveryMs) return;
    this.#typingSent.set(open.id, now);
    void this.client.typing(open.id).catch(() => undefined);
  }

  async endWith(peer: Address): Promise<void> {
    const open = this.thread(peer)?.active;
    if (open) await this.client.end(open.id);
    this.#changed();
  }

  // --- contacts, prompts, presence, lists and settings ---

  async addContact(typed: string): Promise<void> {
    const address = normalizeAddress(typed);
    if (!address) {
      this.addResult = { address: typed, busy: false, error: 'Enter an address like name@domain.' };
    } else if (address === this.client.address) {
      this.addResult = { address, busy: false, error: 'That is your own address.' };
    } else {
      this.addResult = { address, busy: true };
      this.#changed();
      try {
        this.addResult = { address, busy: false, answer: await this.client.addContact(address) };
      } catch (error) {
        this.addResult = { address, busy: false, error: (error as Error).message };
      }
    }
    this.#changed();
  }

  clearAddResult(): void {
    this.addResult = undefined;
    this.#changed();
  }

  async subscribe(address: Address): Promise<void> {
    await this.client.subscribe(address);
    this.#changed();
  }

  async removeContact(address: Address): Promise<void> {
    await this.client.removeContact(address);
    this.#changed();
  }

  async answerPrompt(promptId: string, decision: 'allow' | 'block'): Promise<void> {
    if (this.answering.has(promptId)) return;
    this.answering.add(promptId);
    this.#changed();
    try {
      await this.#command(this.client.answerPrompt(promptId, decision));
    } finally {
      this.answering.delete(promptId);
      this.#changed();
    }
  }

  setPresence(presence: Presence): Promise<void> {
    this.#status?.keep(presence.state);
    return this.#command(this.client.setPresence(presence));
  }

  changeList(list: 'allow' | 'block', op: 'add' | 'remove', address: Address): Promise<void> {
    return this.#command(this.client.changeList(list, op, address));
  }

  setSettings(change: SettingsChange): Promise<void> {
    return this.#command(this.client.setSettings(change));
  }

  /** Shows what went wrong in a toast (a request that could not be sent at all). */
  reportError(text: string): void {
    this.#toast('error', text);
  }

  dismissToast(id: number): void {
    this.toasts = this.toasts.filter((t) => t.id !== id);
    this.#changed();
  }

  // --- inside ---

  /** One invitation at a time per person: text typed meanwhile waits for the same one. */
  #invite(peer: Address): Promise<{ answer: Answer; session: Session }> {
    let pending = this.#invites.get(peer);
    if (!pending) {
      pending = this.client.invite(peer).then((result) => {
        this.inviteAnswers.set(result.session.id, result.answer);
        return result;
      });
      const forget = () => this.#invites.delete(peer);
      pending.then(forget, forget);
      this.#invites.set(peer, pending);
    }
    return pending;
  }

  async #command(pending: Promise<CommandResult>): Promise<void> {
    const result = await pending;
    if (!result.ok) this.#toast('error', result.error.message);
    this.#changed();
  }

  #toast(tone: Toast['tone'], text: string, peer?: Address): void {
    const toast: Toast = { id: ++this.#seq, tone, text, ...(peer ? { peer } : {}) };
    this.toasts = [...this.toasts.filter((t) => !peer || t.peer !== peer), toast].slice(-3);
    this.#later(() => this.dismissToast(toast.id), this.#toastMs);
    this.#changed();
  }

  #later(run: () => void, ms: number): void {
    const cancel = this.#setTimer(() => {
      this.#cancels.delete(cancel);
      run();
    }, ms);
    this.#cancels.add(cancel);
  }

  /** At sign-in the server says Available: the status she chose last comes back, with the note the server kept. */
  #restoreStatus(presence: Presence): void {
    const kept = this.#status?.kept();
    if (kept && kept !== presence.state) void this.#command(this.client.setPresence({ state: kept, note: presence.note }));
  }

  /** Keeps the conversations once per burst of changes (a microtask later), not on every event. */
  #saveHistory(): void {
    if (!this.#history || this.#saving) return;
    this.#saving = true;
    queueMicrotask(() => {
      this.#saving = false;
      this.#history?.save(snapshotHistory({
        sessions: this.threads.flatMap((t) => t.sessions), startedAt: (id) => this.#startedAt.get(id) ?? 0,
        inviteAnswers: this.inviteAnswers, unsent: this.unsent,
      }));
    });
  }

  #changed(): void {
    this.#saveHistory();
    this.#listeners.forEach((listener) => listener());
  }
}

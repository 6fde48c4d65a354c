import { io, type Socket } from 'socket.io-client';
import type {
  Address, Answer, ClientRequest, ClientToServerEvents, CommandResult, FedRequest, Presence, Profile, Prompt, ServerToClientEvents,
  SettingsChange, Welcome,
} from '@fedlab/protocol';
import { FedRequestSchema, OFFLINE, REASONS, answerFor, applyProfileDelta, newId, parse } from '@fedlab/protocol';
import { decideImInvitation } from '@fedlab/policy';
import type { ChatMessage, ClientEvents, ConnectionState, Contact, FedlabClientOptions, Session } from './client-model.ts';
import { Emitter } from './emitter.ts';
import { SignInRefusedError } from './sign-in-error.ts';

/**
 * One person's connection: sign-in, own presence, contacts and their presence, prompts, IM sessions. The
 * recipient's IM-invitation rule of POLICY.md runs here (through @fedlab/policy), before the application sees
 * anything: a rejected invitation never reaches the person.
 */
export class FedlabClient extends Emitter<ClientEvents> {
  readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  state: ConnectionState = 'connecting';
  profile: Profile | undefined;
  presence: Presence = OFFLINE;
  prompts: Prompt[] = [];
  readonly contacts = new Map<Address, Contact>();
  readonly sessions = new Map<string, Session>();
  #welcomed: Promise<Welcome>;
  #refuse: (error: Error) => void = () => undefined;

  constructor(readonly options: FedlabClientOptions) {
    super();
    this.socket = io(options.url, {
      auth: { address: options.address, ...(options.password !== undefined ? { password: options.password } : {}) },
      transports: options.transports ?? ['websocket'],
      reconnectionDelay: 200,
      reconnectionDelayMax: 2000,
      forceNew: true,
    });
    this.#welcomed = new Promise((resolve, reject) => {
      this.#refuse = reject;
      this.socket.once('welcome', resolve);
      this.socket.once('connect_error', (error) => {
        if (!this.socket.active) reject(new SignInRefusedError(error.message, (error as { data?: { code?: unknown } }).data?.code));
      });
    });
    this.#welcomed.catch(() => undefined);
    this.socket.on('connect', () => this.#setState('connected'));
    this.socket.on('disconnect', (reason) => this.#setState(this.socket.active ? 'reconnecting' : 'disconnected', reason));
    this.socket.on('connect_error', (error) => this.#setState(this.socket.active ? 'reconnecting' : 'refused', error.message));
    this.socket.on('signed-out', ({ reason }) => this.#setState('signed-out', reason));
    this.socket.on('welcome', (welcome) => this.#welcome(welcome));
    this.socket.on('profile:delta', (delta) => {
      if (!this.profile) return;
      this.profile = applyProfileDelta(this.profile, delta);
      this.emit('profile', this.profile);
    });
    this.socket.on('prompt', (prompt) => {
      if (this.prompts.some((p) => p.id === prompt.id)) return;
      this.prompts = [...this.prompts, prompt];
      this.emit('prompt', prompt);
      this.emit('prompts');
    });
    this.socket.on('request', (raw, ack) => {
      const answer = this.#incoming(raw);
      if (typeof ack === 'function') ack(answer);
    });
  }

  get address(): Address {
    return this.options.address;
  }

  /** Resolves at sign-in with what the server said; rejects when the server refuses the sign-in. */
  signedIn(): Promise<Welcome> {
    return this.#welcomed;
  }

  close(): void {
    this.#refuse(new Error('closed before sign-in'));
    this.socket.disconnect();
    this.#setState('disconnected', 'closed');
  }

  // --- own presence, lists and settings ---

  setPresence(presence: Presence): Promise<CommandResult> {
    this.presence = presence;
    return this.socket.emitWithAck('presence:set', presence);
  }

  changeList(list: 'allow' | 'block', op: 'add' | 'remove', address: Address): Promise<CommandResult> {
    return this.socket.emitWithAck('list:change', { list, op, address });
  }

  setSettings(change: SettingsChange): Promise<CommandResult> {
    return this.socket.emitWithAck('settings:set', change);
  }

  async answerPrompt(promptId: string, decision: 'allow' | 'block'): Promise<CommandResult> {
    const result = await this.socket.emitWithAck('prompt:answer', { promptId, decision });
    if (result.ok) {
      this.prompts = this.prompts.filter((p) => p.id !== promptId);
      this.emit('prompts');
    }
    return result;
  }

  // --- contacts and presence subscriptions ---

  /** Puts the person on the contact (Allow) list and subscribes to her presence. */
  async addContact(address: Address): Promise<Answer> {
    await this.changeList('allow', 'add', address);
    return this.subscribe(address);
  }

  async removeContact(address: Address): Promise<void> {
    await this.changeList('allow', 'remove', address);
    await this.unsubscribe(address);
    this.contacts.delete(address);
    this.emit('contacts');
  }

  async subscribe(address: Address): Promise<Answer> {
    const contact = this.#contact(address);
    if (contact.subscription !== 'active') contact.subscription = 'pending';
    this.emit('contacts');
    const answer = await this.request({ id: newId(), kind: 'subscribe', to: address, body: {} });
    contact.answer = answer;
    if (answer.code === 200) {
      contact.subscription = 'active';
      if (answer.presence) contact.presence = answer.presence;
      this.emit('presence', address, contact.presence);
    } else if (answer.code !== 202) {
      contact.subscription = 'rejected';
      contact.presence = OFFLINE;
    }
    this.emit('contacts');
    return answer;
  }

  async unsubscribe(address: Address): Promise<Answer> {
    const answer = await this.request({ id: newId(), kind: 'unsubscribe', to: address, body: {} });
    const contact = this.contacts.get(address);
    if (contact) {
      contact.subscription = 'none';
      contact.presence = OFFLINE;
      this.emit('contacts');
    }
    return answer;
  }

  // --- IM sessions ---

  async invite(address: Address): Promise<{ answer: Answer; session: Session }> {
    const session: Session = { id: newId(), peer: address, state: 'inviting', outgoing: true, messages: [], peerTyping: false };
    this.sessions.set(session.id, session);
    this.emit('session', session);
    const answer = await this.request({ id: newId(), kind: 'invite', to: address, body: { sessionId: session.id } });
    if (answer.code === 200) session.state = 'open';
    else this.#end(session, answer.diagnostic.reason);
    this.emit('session', session);
    return { answer, session };
  }

  /**
   * Writes in a conversation, as desktop IM clients do. In an open session the message goes in it. A session that
   * has ended (the peer or a change ended it, or its server no longer knows it) is not written into: a new
   * invitation goes to the same person, and the message follows in the new session once she accepts. The answer
   * is the message's, or the new invitation's when that was not accepted.
   */
  async send(sessionId: string, text: string): Promise<Answer> {
    const session = this.#session(sessionId);
    if (session.state === 'ended') return this.#sendAnew(session.peer, text);
    const { message, answer } = await this.#post(session, text);
    if (!sessionGone(answer)) return answer;
    // The session was over on the other side before this message: it starts again, and the message with it.
    session.messages.splice(session.messages.indexOf(message), 1);
    this.#end(session, 'ended-by-peer');
    return this.#sendAnew(session.peer, text);
  }

  /** Tells the peer the person is typing, in an open session only (undefined: the conversation has ended). */
  async typing(sessionId: string): Promise<Answer | undefined> {
    const session = this.#session(sessionId);
    if (session.state !== 'open') return undefined;
    const answer = await this.request({ id: newId(), kind: 'typing', to: session.peer, body: { sessionId } });
    if (answer.endsDialog) this.#end(session, sessionGone(answer) ? 'ended-by-peer' : answer.diagnostic.reason);
    return answer;
  }

  async #sendAnew(peer: Address, text: string): Promise<Answer> {
    const { answer, session } = await this.invite(peer);
    if (answer.code === 200 && session.state === 'open') return (await this.#post(session, text)).answer;
    session.messages.push({ id: newId(), sessionId: session.id, from: this.address, text, at: Date.now(), state: 'failed', answer });
    this.emit('session', session);
    return answer;
  }

  async #post(session: Session, text: string): Promise<{ message: ChatMessage; answer: Answer }> {
    const message: ChatMessage = { id: newId(), sessionId: session.id, from: this.address, text, at: Date.now(), state: 'sending' };
    session.messages.push(message);
    this.emit('session', session);
    const answer = await this.request({ id: message.id, kind: 'message', to: session.peer, body: { sessionId: session.id, text } });
    message.state = answer.code === 200 ? 'delivered' : 'failed';
    message.answer = answer;
    if (answer.endsDialog && !sessionGone(answer)) this.#end(session, answer.diagnostic.reason);
    this.emit('session', session);
    return { message, answer };
  }

  async end(sessionId: string): Promise<Answer> {
    const session = this.#session(sessionId);
    if (session.state !== 'ended') this.#end(session, 'ended-by-us');
    return this.request({ id: newId(), kind: 'bye', to: session.peer, body: { sessionId } });
  }

  /** Sends any request as is and resolves to its one final answer (QA: hand-made and malformed requests). */
  request(request: ClientRequest | Record<string, unknown>): Promise<Answer> {
    return this.socket.emitWithAck('request', request as ClientRequest);
  }

  // --- what arrives ---

  #welcome(welcome: Welcome): void {
    // Signed in again (after a drop): the server ended this client's sessions when it went.
    for (const session of this.sessions.values()) if (session.state !== 'ended') this.#end(session, 'signed-out');
    this.profile = welcome.profile;
    this.presence = welcome.presence;
    this.prompts = welcome.prompts;
    this.emit('welcome', welcome);
    this.emit('profile', welcome.profile);
    this.emit('prompts');
    if (this.options.resubscribe !== false) {
      for (const address of welcome.profile.lists.allow) void this.subscribe(address).catch(() => undefined);
    }
  }

  #incoming(raw: unknown): Answer {
    const parsed = parse(FedRequestSchema, raw);
    const rawId = (raw as { id?: unknown } | null)?.id;
    const id = typeof rawId === 'string' ? rawId : 'unknown';
    if (!parsed.ok) return answerFor(id, 'malformed', 'client');
    const request = parsed.value as FedRequest;
    const answer = this.#decide(request);
    this.emit('incoming', request, answer);
    return answer;
  }

  #decide(request: FedRequest): Answer {
    const node = `client:${this.address}`;
    const delivered = () => answerFor(request.id, 'delivered', 'client');
    switch (request.kind) {
      case 'invite': {
        const reason = this.#invitationReason(request);
        const answer = answerFor(request.id, reason.reason, 'client', { trail: [{ hop: 'client', node, rule: reason.rule, inputs: reason.inputs, code: REASONS[reason.reason].code, reason: reason.reason, explanation: reason.explanation, at: Date.now() }] });
        if (answer.code === 200) {
          const session: Session = { id: request.body.sessionId, peer: request.from, state: 'open', outgoing: false, messages: [], peerTyping: false };
          this.sessions.set(session.id, session);
          this.emit('invitation', session);
          this.emit('session', session);
        }
        return answer;
      }
      case 'message': {
        const session = this.sessions.get(request.body.sessionId);
        if (!session || session.state !== 'open' || session.peer !== request.from) return answerFor(request.id, 'not-in-session', 'client');
        const message: ChatMessage = { id: request.id, sessionId: session.id, from: request.from, text: request.body.text, at: request.sentAt };
        session.messages.push(message);
        session.peerTyping = false;
        this.emit('message', message);
        this.emit('session', session);
        return delivered();
      }
      case 'typing': {
        const session = this.sessions.get(request.body.sessionId);
        if (!session || session.state !== 'open' || session.peer !== request.from) return answerFor(request.id, 'not-in-session', 'client');
        session.peerTyping = true;
        this.emit('typing', session);
        return delivered();
      }
      case 'bye': {
        const session = this.sessions.get(request.body.sessionId);
        if (session && session.peer === request.from && session.state !== 'ended') this.#end(session, 'ended-by-peer');
        return delivered();
      }
      case 'notify': {
        const contact = this.#contact(request.from);
        contact.presence = request.body.presence;
        if (request.body.subscription === 'terminated') {
          contact.subscription = 'terminated';
          contact.presence = OFFLINE;
        } else contact.subscription = 'active';
        this.emit('presence', request.from, contact.presence);
        this.emit('contacts');
        return delivered();
      }
      default:
        return answerFor(request.id, 'malformed', 'client');
    }
  }

  /** POLICY.md rule 8, IM invitation: the same rule in every client. Provider users' providers decided already. */
  #invitationReason(request: FedRequest) {
    const profile = this.profile;
    if (!profile || profile.kind !== 'internal') {
      return { reason: 'accepted-by-provider' as const, rule: 'outbound.3-provider', inputs: {}, explanation: 'The provider accepted the invitation for its user.' };
    }
    const verdict = decideImInvitation({
      from: request.from,
      verification: request.stamp?.verification ?? 'internal',
      lists: profile.lists,
      blockImFromNonAllowList: profile.settings?.blockImFromNonAllowList ?? false,
    });
    if (verdict.outcome !== 'final') throw new Error('the invitation rule always decides');
    const last = verdict.checks.at(-1)!;
    return { reason: verdict.reason, rule: verdict.rule, inputs: last.inputs, explanation: last.explanation };
  }

  #contact(address: Address): Contact {
    let contact = this.contacts.get(address);
    if (!contact) this.contacts.set(address, (contact = { address, subscription: 'none', presence: OFFLINE }));
    return contact;
  }

  #session(sessionId: string): Session {
    const session = this.sessions.get(sessionId);
    if (!session) throw new Error(`no session ${sessionId}`);
    return session;
  }

  #end(session: Session, because: string): void {
    session.state = 'ended';
    session.endedBecause = because;
    session.peerTyping = false;
    this.emit('session-ended', session);
    this.emit('session', session);
  }

  #setState(state: ConnectionState, detail?: string): void {
    if (this.state === 'signed-out' && state !== 'connected') return;
    this.state = state;
    this.emit('state', state, detail);
  }
}

/**
 * Whether an answer says the session was already over on the other side (its server no longer knows it): 400
 * `not-in-session`, or its public form from outside.
 */
function sessionGone(answer: Answer): boolean {
  return answer.diagnostic.reason === 'not-in-session' || (answer.public && answer.diagnostic.reason === 'bad-request');
}

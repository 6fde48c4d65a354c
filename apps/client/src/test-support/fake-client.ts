import { answerFor, toPublic, type Answer, type CommandResult, type Presence, type Profile, type Prompt, type SettingsChange } from '@fedlab/protocol';
import { Emitter, type ClientEvents, type Contact, type ConnectionState, type Session } from '@fedlab/sdk';
import type { ChatClient } from '../state/chat-store.ts';

/** The test user of the fake client. */
export const ME = 'yuki@yahoo.test';

/** Stands in for the sdk client: records what the store asks, answers as told, fires events like the sdk. */
export class FakeClient extends Emitter<ClientEvents> implements ChatClient {
  state: ConnectionState = 'connected';
  profile: Profile | undefined = undefined;
  presence: Presence = { state: 'available', note: '' };
  prompts: Prompt[] = [];
  readonly contacts = new Map<string, Contact>();
  readonly sessions = new Map<string, Session>();
  readonly calls: string[] = [];
  inviteAnswer: Answer = answerFor('i', 'accepted-verified', 'client');
  commandResult: CommandResult = { ok: true };
  #release: (() => void) | undefined;
  #held: Promise<void> = Promise.resolve();
  #seq = 0;

  constructor(readonly address: string = ME) {
    super();
  }

  fire<E extends keyof ClientEvents>(event: E, ...args: ClientEvents[E]): void {
    this.emit(event, ...args);
  }

  /** Holds the next invitation until `releaseInvite`. */
  holdInvites(): void {
    this.#held = new Promise<void>((resolve) => (this.#release = resolve));
  }
  releaseInvite(): void {
    this.#release?.();
  }

  async invite(address: string) {
    this.calls.push(`invite ${address}`);
    const session: Session = { id: `s${++this.#seq}`, peer: address, state: 'inviting', outgoing: true, messages: [], peerTyping: false };
    this.sessions.set(session.id, session);
    this.fire('session', session);
    await this.#held;
    if (this.inviteAnswer.code === 200) session.state = 'open';
    else Object.assign(session, { state: 'ended', endedBecause: this.inviteAnswer.diagnostic.reason });
    this.fire('session', session);
    return { answer: this.inviteAnswer, session };
  }
  async send(sessionId: string, text: string) {
    this.calls.push(`send ${sessionId} ${text}`);
    const session = this.sessions.get(sessionId)!;
    session.messages.push({ id: `m${++this.#seq}`, sessionId, from: this.address, text, at: Date.now(), state: 'delivered' });
    this.fire('session', session);
    return answerFor('m', 'delivered', 'client');
  }
  async typing(sessionId: string) {
    this.calls.push(`typing ${sessionId}`);
    return answerFor('t', 'delivered', 'client');
  }
  async end(sessionId: string) {
    this.calls.push(`end ${sessionId}`);
    Object.assign(this.sessions.get(sessionId)!, { state: 'ended', endedBecause: 'ended-by-us' });
    return answerFor('b', 'delivered', 'client');
  }
  async addContact(address: string) {
    this.calls.push(`add ${address}`);
    return toPublic(answerFor('a', 'pending-prompt', 'home'));
  }
  async removeContact(address: string) {
    this.calls.push(`remove ${address}`);
  }
  async subscribe(address: string) {
    this.calls.push(`subscribe ${address}`);
    return answerFor('s', 'accepted-by-provider', 'provider');
  }
  async setPresence(p: Presence) {
    this.calls.push(`presence ${p.state} ${p.note}`);
    return this.commandResult;
  }
  async changeList(list: string, op: string, address: string) {
    this.calls.push(`list ${list} ${op} ${address}`);
    return this.commandResult;
  }
  /** Like the home server: a change that takes comes back as a new profile before the answer. */
  async setSettings(change: SettingsChange) {
    this.calls.push(`settings ${JSON.stringify(change)}`);
    if (this.commandResult.ok && this.profile?.settings) {
      this.profile = { ...this.profile, settings: { ...this.profile.settings, ...change } };
      this.fire('profile', this.profile);
    }
    return this.commandResult;
  }
  async answerPrompt(id: string, decision: string) {
    this.calls.push(`prompt ${id} ${decision}`);
    return this.commandResult;
  }
  close() {
    this.calls.push('close');
  }
}

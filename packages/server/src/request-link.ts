import type { Answer, DialogsEnd, DialogsEnded, FedRequest, Hop, LinkFault, Reason, RequestKind } from '@fedlab/protocol';
import { DialogsEndSchema, DialogsEndedSchema, FedRequestSchema, answerFor, parse, parseAnswer } from '@fedlab/protocol';
import { OnceCache } from './once.ts';
import { decision } from './decision.ts';
import { Guard, claimedId } from './guard.ts';
import type { SecurityLog } from './security-log.ts';

/** The part of a socket.io socket (server or client side) that a request link uses. */
export interface LinkSocket {
  readonly connected: boolean;
  timeout(ms: number): { emitWithAck(event: 'request' | 'dialogs:end', payload: FedRequest | DialogsEnd): Promise<unknown> };
  on(event: 'request' | 'dialogs:end', handler: (payload: unknown, ack: unknown) => void): unknown;
  on(event: 'disconnect', handler: (reason: string) => void): unknown;
  off(event: string, handler?: (...args: never[]) => void): unknown;
}

export interface RequestLinkOptions {
  /** Who owns this end of the link: the hop and node that answer when the link itself fails. */
  hop: Hop;
  node: string;
  /** The link's name in traces: the provider id, or `home`. */
  name: string;
  /** How long to wait for the peer's answer before answering 408. */
  timeoutMs: number;
  /** The reason of the 504 answered when the link is down. */
  unreachable: Reason;
  /** Handles a request that arrived from the peer (already validated); must resolve to exactly one answer. */
  onRequest: (request: FedRequest) => Promise<Answer>;
  /**
   * The edge tells this end that a change cut a path (POLICY.md rule 8): it ends its side of every dialog in the
   * scope and says which. Without it, such a notice is answered with nothing ended.
   */
  onDialogsEnd?: (notice: DialogsEnd) => DialogsEnded | Promise<DialogsEnded>;
  /** The form of every answer this end gives the peer: the edge gives providers the public form. */
  answerForm?: (answer: Answer, kind: RequestKind | undefined) => Answer;
  /** Where what the peer sends off the contract is recorded (`malformed-input`, source `link:<name>`). */
  security?: SecurityLog;
  log?: (message: string) => void;
}

/**
 * One server-to-server link carrying requests both ways, each answered exactly once through its ack. It
 * validates what enters, answers each request id once, turns a silent peer into a quick 408 and a lost link
 * into a quick 504 (never a silent loss, never a retry), and applies the QA faults set on it.
 */
export class RequestLink {
  #socket: LinkSocket | undefined;
  #fault: LinkFault = {};
  /** Requests awaiting the peer's answer, by sender and id; each settles itself with its own request id. */
  readonly #pending = new Map<string, (answer?: Answer) => void>();
  readonly #once = new OnceCache<Answer>();
  readonly #detach: (() => void)[] = [];
  readonly #guard: Guard;

  constructor(readonly options: RequestLinkOptions) {
    const security = options.security && { log: options.security, source: `link:${options.name}` };
    this.#guard = new Guard(`${options.node} link ${options.name}`, options.log ?? (() => undefined), security);
  }

  get connected(): boolean {
    return !!this.#socket?.connected && !this.#fault.down;
  }

  get fault(): LinkFault {
    return { ...this.#fault };
  }

  setFault(fault: LinkFault): void {
    this.#fault = { ...fault };
    if (fault.down) this.#failPending();
  }

  /** Binds the link to a (new) socket: after a reconnect, the same link carries on. */
  attach(socket: LinkSocket): void {
    this.detach();
    this.#socket = socket;
    const form = this.options.answerForm ?? ((answer: Answer) => answer);
    const { hop, node } = this.options;
    const onRequest = this.#guard.handler({
      event: 'request',
      schema: FedRequestSchema,
      refuse: (refusal, raw) => {
        const reason: Reason = refusal.code === 'invalid-payload' ? 'malformed' : refusal.code === 'storage-failed' ? 'storage-failed' : 'internal-error';
        const inputs = refusal.code === 'invalid-payload' ? { error: refusal.message } : {};
        return form(answerFor(claimedId(raw), reason, hop, { trail: [decision(hop, node, 'contract', reason, inputs, refusal.message)] }), undefined);
      },
    }, async (request) => {
      const answer = await this.#receive(request as FedRequest);
      return answer && form(answer, request.kind);
    });
    // A request the fault holds or drops is never answered: the guard's ack is called only with an answer.
    const onRequestUnlessDropped = (raw: unknown, ack: unknown) => onRequest(raw, typeof ack === 'function' ? (answer: Answer | undefined) => answer && ack(answer) : ack);
    const onDialogsEnd = this.#guard.handler({
      event: 'dialogs:end',
      schema: DialogsEndSchema,
      refuse: (): DialogsEnded => ({ ended: [] }),
    }, (notice) => this.options.onDialogsEnd?.(notice as DialogsEnd) ?? { ended: [] });
    const onDisconnect = () => this.#failPending();
    socket.on('request', onRequestUnlessDropped);
    socket.on('dialogs:end', onDialogsEnd);
    socket.on('disconnect', onDisconnect);
    this.#detach.push(() => {
      socket.off('request', onRequestUnlessDropped as never);
      socket.off('dialogs:end', onDialogsEnd as never);
      socket.off('disconnect', onDisconnect as never);
    });
  }

  detach(): void {
    this.#detach.splice(0).forEach((undo) => undo());
    this.#socket = undefined;
    this.#failPending();
  }

  /** Sends a request to the peer and resolves to its one answer, or to the link's own 408 / 504. */
  async send(request: FedRequest): Promise<Answer> {
    const socket = this.#socket;
    if (!socket?.connected || this.#fault.down) return this.#linkAnswer(request, this.options.unreachable, 'the link is down');
    const key = `${request.from} ${request.id}`;
    return new Promise<Answer>((resolve) => {
      let settled = false;
      const settle = (answer: Answer) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.#pending.delete(key);
        resolve(answer);
      };
      const timer = setTimeout(() => settle(this.#linkAnswer(request, 'next-hop-timeout', `no answer within ${this.options.timeoutMs} ms`)), this.options.timeoutMs);
      this.#pending.set(key, (answer) => settle(answer ?? this.#linkAnswer(request, this.options.unreachable, 'the link dropped before the answer came')));
      void this.#delay(request).then(async () => {
        if (settled) return;
        if (this.#fault.unresponsive) return; // the peer swallows it; the timer answers 408
        try {
          const raw = await socket.timeout(this.options.timeoutMs + 1000).emitWithAck('request', request);
          const parsed = parseAnswer(raw);
          settle(parsed.ok ? parsed.value : this.#linkAnswer(request, 'malformed', `the peer answered outside the contract: ${parsed.error}`));
        } catch {
          settle(this.#linkAnswer(request, this.options.unreachable, 'the link dropped before the answer came'));
        }
      });
    });
  }

  /** Forgets which requests were answered (a test reset: ids may be used again). */
  forget(): void {
    this.#once.clear();
  }

  /**
   * Tells the peer that a change cut a path: it ends its side of the dialogs in the scope. Resolves to what it
   * ended, or to undefined when the link is down or the peer did not answer in time (nothing is retried).
   */
  async endDialogs(notice: DialogsEnd): Promise<DialogsEnded | undefined> {
    const socket = this.#socket;
    if (!socket?.connected || this.#fault.down) return undefined;
    try {
      const parsed = parse(DialogsEndedSchema, await socket.timeout(this.options.timeoutMs).emitWithAck('dialogs:end', notice));
      if (parsed.ok) return parsed.value as DialogsEnded;
      this.options.log?.(`${this.options.name} answered a teardown outside the contract: ${parsed.error}`);
    } catch {
      this.options.log?.(`${this.options.name} did not answer a teardown in time`);
    }
    return undefined;
  }

  /** A request from the peer, already validated: faults, then exactly one answer per sender and id. */
  async #receive(request: FedRequest): Promise<Answer | undefined> {
    const arrived = Date.now();
    await this.#delay(request);
    if (this.#fault.unresponsive || this.#fault.down) return undefined; // a peer that stops answering: the sender times out
    // Held past the sender's deadline (latency, bandwidth): the sender has answered 408 already, so acting on it
    // now would deliver what its sender was told failed. It is dropped, never delivered late.
    if (Date.now() - arrived >= this.options.timeoutMs) return undefined;
    // A request id is the sender's: the same id from someone else is another request.
    return this.#once.run(`${request.from} ${request.id}`, async () => {
      try {
        return await this.options.onRequest(request);
      } catch (error) {
        this.options.log?.(`request ${request.id} failed: ${(error as Error).stack}`);
        return answerFor(request.id, (error as Error)?.name === 'StorageError' ? 'storage-failed' : 'internal-error', this.options.hop);
      }
    });
  }

  /** Latency with jitter and a bandwidth limit, as QA set them. */
  async #delay(request: FedRequest): Promise<void> {
    const { latencyMs = 0, jitterMs = 0, bandwidthBps } = this.#fault;
    const transfer = bandwidthBps ? (Buffer.byteLength(JSON.stringify(request)) / bandwidthBps) * 1000 : 0;
    const wait = latencyMs + Math.random() * jitterMs + transfer;
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }

  #failPending(): void {
    for (const fail of [...this.#pending.values()]) fail(undefined);
  }

  #linkAnswer(request: Pick<FedRequest, 'id'>, reason: Reason, why: string): Answer {
    const { hop, node } = this.options;
    return answerFor(request.id, reason, hop, { trail: [decision(hop, node, 'link', reason, { link: this.options.name }, why)] });
  }
}

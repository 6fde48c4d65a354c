import type { Namespace, Socket } from 'socket.io';
import type { Address, Answer, ClientToServerEvents, FedRequest, ServerToClientEvents } from '@fedlab/protocol';
import { ClientAuthSchema, answerFor, normalizeAddress, parse, type Hop } from '@fedlab/protocol';
import { decision } from './decision.ts';
import { clientAnswer } from './client-answer.ts';
import { SignInRefused, type SignInGuard } from './sign-in.ts';

export type ClientSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

export interface ClientHubOptions {
  hop: Hop;
  node: string;
  /** How long a client may take to answer a request delivered to it. */
  timeoutMs: number;
  /** Whether the address is a user of this server. */
  exists: (address: Address) => boolean;
  /** Checks the password, limits failures, records them (docs/security.md). */
  signIn: SignInGuard;
  /** Called once a socket is signed in (the hub already replaced any older session of the same user). */
  onSignIn: (address: Address, socket: ClientSocket) => void;
  /** Called when a user's last socket is gone. */
  onSignOut: (address: Address) => void;
}

/**
 * The signed-in clients of one server (home or provider). One session per user: a new sign-in replaces the
 * older one, which is told why. Requests are delivered to a client with an ack and a deadline.
 */
export class ClientHub {
  readonly #sockets = new Map<Address, ClientSocket>();

  constructor(
    readonly namespace: Namespace<ClientToServerEvents, ServerToClientEvents>,
    readonly options: ClientHubOptions,
  ) {
    namespace.use((socket, next) => void this.#admit(socket).then(() => next(), (error: Error) => next(error)));
    namespace.on('connection', (socket) => this.#connected(socket));
  }

  /** The sign-in: a valid address of a user of this server, with that user's password. */
  async #admit(socket: ClientSocket): Promise<void> {
    const auth = parse(ClientAuthSchema, socket.handshake.auth);
    const address = auth.ok ? normalizeAddress(auth.value.address) : undefined;
    if (!address) throw new SignInRefused('invalid-address');
    await this.options.signIn.check({ address, exists: this.options.exists(address), password: auth.ok ? auth.value.password : undefined, source: socket.handshake.address });
    socket.data.address = address;
  }

  #connected(socket: ClientSocket): void {
    const address = socket.data.address as Address;
    const previous = this.#sockets.get(address);
    this.#sockets.set(address, socket);
    if (previous) {
      previous.emit('signed-out', { reason: 'replaced' });
      previous.disconnect(true);
    }
    socket.on('disconnect', () => {
      if (this.#sockets.get(address) !== socket) return;
      this.#sockets.delete(address);
      this.options.onSignOut(address);
    });
    this.options.onSignIn(address, socket);
  }

  isOnline(address: Address): boolean {
    return this.#sockets.has(address);
  }

  socketOf(address: Address): ClientSocket | undefined {
    return this.#sockets.get(address);
  }

  online(): Address[] {
    return [...this.#sockets.keys()];
  }

  /** Delivers a request to the user's client; resolves to the client's answer, 480 offline, or 408. */
  async deliver(address: Address, request: FedRequest): Promise<Answer> {
    const socket = this.#sockets.get(address);
    const { hop, node } = this.options;
    if (!socket) return answerFor(request.id, 'recipient-offline', hop, { trail: [decision(hop, node, 'deliver', 'recipient-offline', { online: false }, 'The recipient signed out.')] });
    try {
      return clientAnswer(await socket.timeout(this.options.timeoutMs).emitWithAck('request', request), request, address);
    } catch {
      return answerFor(request.id, 'next-hop-timeout', hop, { trail: [decision(hop, node, 'deliver', 'next-hop-timeout', { timeoutMs: this.options.timeoutMs }, "The recipient's client did not answer in time.")] });
    }
  }

  /** Tells the client something that needs no answer (a prompt, a change of its profile). */
  tell<E extends 'prompt' | 'profile:delta'>(address: Address, event: E, ...args: Parameters<ServerToClientEvents[E]>): void {
    const socket = this.#sockets.get(address);
    (socket?.emit as ((e: E, ...a: unknown[]) => void) | undefined)?.call(socket, event, ...args);
  }

  disconnectAll(): void {
    for (const socket of this.#sockets.values()) {
      socket.emit('signed-out', { reason: 'server-closing' });
      socket.disconnect(true);
    }
  }
}

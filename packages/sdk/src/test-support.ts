/**
 * Helpers for this package's tests (not exported by index.ts): a fake server that speaks just the client events of
 * the wire contract, and waiting for an event, never for time.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';
import { Server, type Socket } from 'socket.io';
import type { Address, Answer, ClientRequest, CommandResult, Profile, Welcome } from '@fedlab/protocol';
import { answerFor } from '@fedlab/protocol';
import type { ClientEvents, FedlabClientOptions } from './client-model.ts';
import { FedlabClient } from './client.ts';

/** Runs the registered closers after each test, newest first. Call at the top level of a test file. */
export function useCleanup(): (close: () => unknown) => void {
  const closers: (() => unknown)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });
  return (close) => void closers.push(close);
}

export function internalProfile(address: Address, overrides: Partial<Profile> = {}): Profile {
  return {
    address,
    displayName: address.split('@')[0]!,
    kind: 'internal',
    lists: { allow: [], block: [] },
    settings: { subscriptionSetting: 'prompt', blockImFromNonAllowList: false },
    enablement: { federation: true, publicIm: true },
    ...overrides,
  };
}

export function providerProfile(address: Address, overrides: Partial<Profile> = {}): Profile {
  return { address, displayName: address.split('@')[0]!, kind: 'provider', provider: 'Yahoo!', lists: { allow: [], block: [] }, ...overrides };
}

export type CommandEvent = 'presence:set' | 'list:change' | 'settings:set' | 'prompt:answer';

export interface FakeServerOptions {
  /** What `welcome` says to a client that signed in; `undefined` sends no welcome. Default: an internal user. */
  welcome?: (address: Address) => Welcome | undefined;
  /** A refusal message for the handshake (as `connect_error`), or undefined to let the client in. */
  refuse?: (address: unknown) => string | undefined;
}

/**
 * A home server or provider reduced to what a test needs: it signs clients in by `auth.address`, sends `welcome`,
 * keeps every request and command a client sent, answers them with `answer` and `command` (tests replace these),
 * and delivers requests to a client through `deliver`, resolving with the client's answer.
 */
export class FakeServer {
  readonly requests: ClientRequest[] = [];
  readonly commands: [CommandEvent, unknown][] = [];
  answer: (request: ClientRequest) => Answer | Promise<Answer> = (request) => answerFor(request.id, 'delivered', 'client');
  command: (event: CommandEvent, payload: unknown) => CommandResult = () => ({ ok: true });
  readonly #sockets = new Map<Address, Socket>();

  private constructor(readonly io: Server, readonly url: string, options: FakeServerOptions) {
    io.use((socket, next) => {
      const refusal = options.refuse?.(socket.handshake.auth.address);
      next(refusal ? new Error(refusal) : undefined);
    });
    io.on('connection', (socket) => {
      const address = socket.handshake.auth.address as Address;
      this.#sockets.set(address, socket);
      socket.on('request', async (request: ClientRequest, ack: (answer: Answer) => void) => {
        this.requests.push(request);
        ack(await this.answer(request));
      });
      for (const event of ['presence:set', 'list:change', 'settings:set', 'prompt:answer'] as const) {
        socket.on(event, (payload: unknown, ack: (result: CommandResult) => void) => {
          this.commands.push([event, payload]);
          ack(this.command(event, payload));
        });
      }
      const welcome = (options.welcome ?? ((a) => ({ profile: internalProfile(a), presence: { state: 'available', note: '' }, prompts: [] })))(address);
      if (welcome) socket.emit('welcome', welcome);
    });
  }

  /** Starts one on 127.0.0.1, on a port the system chose. */
  static async start(options: FakeServerOptions = {}): Promise<FakeServer> {
    const http = createServer();
    const io = new Server(http);
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    return new FakeServer(io, `http://127.0.0.1:${(http.address() as AddressInfo).port}`, options);
  }

  /** The server side of the user's connection (the latest one). */
  socketOf(address: Address): Socket {
    const socket = this.#sockets.get(address);
    if (!socket) throw new Error(`${address} never connected`);
    return socket;
  }

  /** Sends a request (well-formed or not) to the user's client and resolves with the client's answer. */
  deliver(address: Address, request: unknown): Promise<Answer> {
    return this.socketOf(address).timeout(2000).emitWithAck('request', request);
  }

  async close(): Promise<void> {
    this.io.disconnectSockets(true);
    await new Promise<void>((resolve) => this.io.close(() => resolve()));
  }
}

/** Resolves with the arguments of the client's next `event` for which `accept` holds. */
export function when<E extends keyof ClientEvents>(client: FedlabClient, event: E, accept: (...args: ClientEvents[E]) => boolean = () => true): Promise<ClientEvents[E]> {
  return new Promise((resolve) => {
    const stop = client.on(event, (...args) => {
      if (!accept(...args)) return;
      stop();
      resolve(args);
    });
  });
}

/** Registers test fixtures: `server()` starts a fake server, `client()` a FedlabClient on it; all closed after each test. */
export function useFakeServer() {
  const cleanup = useCleanup();
  return {
    cleanup,
    async server(options: FakeServerOptions = {}): Promise<FakeServer> {
      const server = await FakeServer.start(options);
      cleanup(() => server.close());
      return server;
    },
    client(server: FakeServer, address: Address, options: Partial<FedlabClientOptions> = {}): FedlabClient {
      const client = new FedlabClient({ url: server.url, address, ...options });
      cleanup(() => client.close());
      return client;
    },
    /** A client that has signed in. */
    async signedIn(server: FakeServer, address: Address, options: Partial<FedlabClientOptions> = {}): Promise<FedlabClient> {
      const client = this.client(server, address, options);
      await client.signedIn();
      return client;
    },
  };
}

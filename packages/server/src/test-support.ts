/**
 * Helpers for this package's tests (not exported by index.ts): a socket.io server on a free port, client sockets
 * that never reconnect by themselves, and promises that wait for an event, never for time.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';
import { Server } from 'socket.io';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import type { FedRequest } from '@fedlab/protocol';
import { Store } from './store.ts';

/** Runs the registered closers after each test, newest first. Call at the top level of a test file. */
export function useCleanup(): (close: () => unknown) => void {
  const closers: (() => unknown)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });
  return (close) => void closers.push(close);
}

/** A Store on `path` (a fresh one in memory by default), closed through `cleanup`. */
export function openStore(cleanup: (close: () => unknown) => void, path = ':memory:'): Store {
  const store = new Store(path);
  cleanup(() => store.close());
  return store;
}

/** A socket.io server on 127.0.0.1, on a port the system chose. */
export async function startIo(): Promise<{ io: Server; url: string; close(): Promise<void> }> {
  const http = createServer();
  const io = new Server(http);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return {
    io,
    url,
    close: async () => {
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}

/** A client socket over websocket that does not reconnect: the test decides when a connection goes. */
export function dial(url: string, auth: Record<string, unknown> = {}): ClientSocket {
  return connect(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
}

/** Resolves with the arguments of the next `event` on any emitter that has `once`. */
export function next<A extends unknown[] = unknown[]>(emitter: { once(event: string, listener: (...args: never[]) => void): unknown }, event: string): Promise<A> {
  return new Promise((resolve) => void emitter.once(event, ((...args: A) => resolve(args)) as never));
}

/** A promise and the function that resolves it: for handlers a test releases when it chooses. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Lets what is already queued run (resolved promises, I/O callbacks) without waiting for any time to pass. */
export function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A well-formed request between servers; `overrides` changes what a test needs. */
export function fedRequest(overrides: Partial<FedRequest> = {}): FedRequest {
  return {
    id: 'req-0001',
    kind: 'message',
    from: 'alice@contoso.test',
    to: 'yuki@yahoo.test',
    sentAt: 1_700_000_000_000,
    body: { sessionId: 'ses-0001', text: 'hello' },
    ...overrides,
  } as FedRequest;
}

/**
 * Helpers for the apps' own tests (`@fedlab/server/testing`): close what a test opened, wait for a condition
 * (never for a fixed time), see why a socket.io server refuses a connection, and call a JSON route.
 * Not part of the servers; nothing here runs outside tests.
 */
import { io } from 'socket.io-client';

const toClose: (() => unknown)[] = [];

/** Closes this after the test (in the test file's afterEach: `closeAll`). */
export function closeLater(close: () => unknown): void {
  toClose.push(close);
}

/** Everything a test opened, closed newest first. */
export async function closeAll(): Promise<void> {
  for (const close of toClose.splice(0).reverse()) await close();
}

/** Waits for a condition, never for a fixed time; fails with the description. */
export async function until<T>(check: () => T | undefined | null | false | Promise<T | undefined | null | false>, what: string, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** The message of the connect_error a server gives a socket it refuses. */
export async function refusal(url: string, auth: Record<string, unknown>): Promise<string> {
  const socket = io(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
  closeLater(() => socket.close());
  const error = await new Promise<Error>((resolve, reject) => {
    socket.once('connect_error', resolve);
    socket.once('connect', () => reject(new Error(`${url} accepted ${JSON.stringify(auth)}`)));
  });
  return error.message;
}

/** Calls a JSON route, with a bearer token when one is given; the body is parsed when there is one. */
export async function requestJson(url: string, method: string, path: string, options: { body?: unknown; token?: string | null } = {}): Promise<{ status: number; body: any }> {
  const { body, token } = options;
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

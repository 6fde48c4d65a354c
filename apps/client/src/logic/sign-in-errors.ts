import type { Address } from '@fedlab/protocol';

/**
 * A refused or failed sign-in in plain words. The servers refuse the socket.io handshake with
 * `code: sentence` (e.g. `user-not-found: nobody@contoso.test is not a user of home`); socket.io's own failures
 * (`websocket error`, `timeout`) mean the server could not be reached. Anything else is shown as the server said.
 */
export function signInErrorText(message: string, address: Address, server: { name: string; url: string }): string {
  const code = /^([a-z][a-z-]*):/.exec(message)?.[1] ?? '';
  if (code === 'user-not-found') return `There is no user ${address} here.`;
  if (code === 'invalid-address') return `${address} is not an address anyone can sign in with.`;
  if (code === 'wrong-password' && /none was given/.test(message)) return `${address} needs a password: type it, then sign in.`;
  if (/password|credential|unauthori[sz]ed/.test(code)) return `That is not the password of ${address}. Try again.`;
  if (code === 'too-many-attempts' || code === 'rate-limited') return 'Too many failed sign-ins. Wait a minute, then try again.';
  if (code === 'origin-not-allowed') return `${server.name} does not take sign-ins from this page's address (its FEDLAB_ALLOWED_ORIGINS).`;
  if (/websocket error|xhr poll error|timeout|transport/i.test(message)) return `${server.name} cannot be reached at ${server.url}. Is it running?`;
  return `${server.name} refused the sign-in: ${message}`;
}

import { describe, expect, it, vi } from 'vitest';
import type { Socket as ClientSocket } from 'socket.io-client';
import type { Answer, FedRequest } from '@fedlab/protocol';
import { answerFor } from '@fedlab/protocol';
import { ClientHub, type ClientHubOptions } from './client-hub.ts';
import { PasswordBook } from './passwords.ts';
import { SecurityLog } from './security-log.ts';
import { SignInGuard } from './sign-in.ts';
import { dial, fedRequest, next, startIo, useCleanup } from './test-support.ts';

const cleanup = useCleanup();
const ALICE = 'alice@contoso.test';
const BOB = 'bob@contoso.test';
const USERS = new Set([ALICE, BOB]);
const PASSWORD = 'the-deployment-password';

async function hub(overrides: Partial<ClientHubOptions> = {}, limits?: { perAddress?: number; perSource?: number }) {
  const server = await startIo();
  cleanup(server.close);
  const onSignIn = vi.fn();
  const onSignOut = vi.fn();
  const security = new SecurityLog('home');
  const passwords = await PasswordBook.create(PASSWORD, [{ address: BOB, password: 'bobs-own' }]);
  const guard = new SignInGuard({ passwords, security, ...(limits ? { limits } : {}) });
  const clients = new ClientHub(server.io.of('/'), { hop: 'home', node: 'home', timeoutMs: 2000, exists: (a) => USERS.has(a), signIn: guard, onSignIn, onSignOut, ...overrides });
  /** Signs in with the handshake auth given (and the right password unless it says one), once connected. */
  const signIn = async (auth: Record<string, unknown>) => {
    const client = dial(server.url, { password: auth.address === BOB ? 'bobs-own' : PASSWORD, ...auth });
    cleanup(() => client.disconnect());
    await next(client, 'connect');
    return client;
  };
  /** Tries to sign in and resolves with the message the server refused it with. */
  const refused = async (auth: Record<string, unknown>) => {
    const client = dial(server.url, auth);
    cleanup(() => client.disconnect());
    const [error] = await next<[Error]>(client, 'connect_error');
    return error.message;
  };
  return { clients, onSignIn, onSignOut, signIn, refused, security };
}

/** Answers each request the client receives with `answer(request)`. */
function answering(client: ClientSocket, answer: (request: FedRequest) => unknown) {
  client.on('request', (request: FedRequest, ack: (a: unknown) => void) => ack(answer(request)));
}

describe('ClientHub: sign-in', () => {
  it('signs in by handshake auth { address }; other auth properties are ignored', async () => {
    const { clients, onSignIn, signIn } = await hub();
    await signIn({ address: ALICE, other: 'ignored' });
    expect(onSignIn).toHaveBeenCalledWith(ALICE, expect.objectContaining({ id: expect.any(String) }));
    expect(clients.isOnline(ALICE)).toBe(true);
    expect(clients.online()).toEqual([ALICE]);
    expect(clients.socketOf(ALICE)).toBe(onSignIn.mock.calls[0]![1]);
    expect(clients.socketOf(BOB)).toBeUndefined();
  });

  it('trims and lower-cases the address a person typed before it checks it', async () => {
    const { clients, signIn } = await hub();
    await signIn({ address: ' Alice@Contoso.TEST ' });
    expect(clients.isOnline(ALICE)).toBe(true);
  });

  it('refuses a sign-in without a valid address, or for someone who is not a user here', async () => {
    const { clients, onSignIn, refused } = await hub();
    const invalid = 'invalid-address: Sign in with auth { address: "user@domain", password }.';
    expect(await refused({})).toBe(invalid);
    expect(await refused({ address: 'not an address' })).toBe(invalid);
    expect(await refused({ address: 42 })).toBe(invalid);
    expect(await refused({ address: 'nobody@contoso.test', password: PASSWORD })).toBe('user-not-found: nobody@contoso.test is not a user of home');
    expect(onSignIn).not.toHaveBeenCalled();
    expect(clients.online()).toEqual([]);
  });

  it("proves who signs in: the deployment password, or the user's own; a wrong or missing one is refused and recorded", async () => {
    const { clients, onSignIn, refused, signIn, security } = await hub();
    expect(await refused({ address: ALICE, password: 'guess' })).toBe(`wrong-password: The password for ${ALICE} is wrong.`);
    expect(await refused({ address: ALICE })).toBe(`wrong-password: The password for ${ALICE} is wrong (none was given).`);
    // Bob has his own: the deployment's does not open his account.
    expect(await refused({ address: BOB, password: PASSWORD })).toMatch(/^wrong-password: /);
    expect(onSignIn).not.toHaveBeenCalled();
    await signIn({ address: ALICE });
    await signIn({ address: BOB });
    expect(clients.online().sort()).toEqual([ALICE, BOB]);
    const failed = security.list({ kind: 'failed-sign-in' });
    expect(failed.map((e) => [e.subject, e.count, e.where, e.node])).toEqual([[ALICE, 2, 'sign-in', 'home'], [BOB, 1, 'sign-in', 'home']]);
    expect(failed[0]!.source).toMatch(/127\.0\.0\.1/);
    // The password itself is never recorded.
    expect(JSON.stringify(security.list())).not.toContain('guess');
  });

  it('refuses further sign-ins after too many failures for one address, even with the right password', async () => {
    const { refused, security } = await hub({}, { perAddress: 3 });
    for (let i = 0; i < 3; i++) expect(await refused({ address: ALICE, password: `guess-${i}` })).toMatch(/^wrong-password: /);
    expect(await refused({ address: ALICE, password: PASSWORD })).toMatch(/^too-many-attempts: Too many failed sign-ins; try again in \d+ s\.$/);
    expect(security.list({ kind: 'sign-in-rate-limited' })).toMatchObject([{ subject: ALICE, count: 1 }]);
  });

  it('limits failures per source too: guessing across many addresses from one place is stopped', async () => {
    const { refused } = await hub({}, { perSource: 2 });
    expect(await refused({ address: ALICE, password: 'x' })).toMatch(/^wrong-password: /);
    expect(await refused({ address: 'nobody@contoso.test', password: 'x' })).toMatch(/^user-not-found: /);
    expect(await refused({ address: BOB, password: 'bobs-own' })).toMatch(/^too-many-attempts: /);
  });

  it('keeps one session per user: a new sign-in replaces the older, which is told why and disconnected', async () => {
    const { clients, onSignIn, onSignOut, signIn } = await hub();
    const older = await signIn({ address: ALICE });
    const told = next(older, 'signed-out');
    const gone = next(older, 'disconnect');
    await signIn({ address: ALICE });
    expect(await told).toEqual([{ reason: 'replaced' }]);
    expect(await gone).toEqual(['io server disconnect', undefined]);
    expect(onSignIn).toHaveBeenCalledTimes(2);
    expect(clients.socketOf(ALICE)).toBe(onSignIn.mock.calls[1]![1]);
    expect(clients.online()).toEqual([ALICE]);
    // The replaced socket going is not a sign-out: the user is still signed in on the newer one.
    expect(onSignOut).not.toHaveBeenCalled();
  });

  it('signs the user out when the last socket goes', async () => {
    const { clients, onSignOut, signIn } = await hub();
    const alice = await signIn({ address: ALICE });
    const signedOut = new Promise((resolve) => onSignOut.mockImplementation(resolve));
    alice.disconnect();
    expect(await signedOut).toBe(ALICE);
    expect(clients.isOnline(ALICE)).toBe(false);
    expect(clients.online()).toEqual([]);
  });

  it('disconnectAll tells everyone the server is closing', async () => {
    const { clients, signIn } = await hub();
    const sockets = [await signIn({ address: ALICE }), await signIn({ address: BOB })];
    const told = sockets.map((s) => next(s, 'signed-out'));
    const gone = sockets.map((s) => next(s, 'disconnect'));
    clients.disconnectAll();
    expect(await Promise.all(told)).toEqual([[{ reason: 'server-closing' }], [{ reason: 'server-closing' }]]);
    await Promise.all(gone);
  });
});

describe('ClientHub: delivering to a client', () => {
  it("resolves to the client's own answer, given through the ack", async () => {
    const { clients, signIn } = await hub();
    const alice = await signIn({ address: ALICE });
    const seen: FedRequest[] = [];
    answering(alice, (request) => {
      seen.push(request);
      return answerFor(request.id, 'accepted-verified', 'client', { trail: [] });
    });
    const request = fedRequest({ id: 'inv-00001', kind: 'invite', to: ALICE, from: 'yuki@yahoo.test', body: { sessionId: 'ses-0001' } });
    expect(await clients.deliver(ALICE, request)).toEqual(answerFor('inv-00001', 'accepted-verified', 'client'));
    expect(seen).toEqual([request]);
  });

  it('answers 480 recipient-offline for a user who is not signed in', async () => {
    const { clients } = await hub();
    expect(await clients.deliver(ALICE, fedRequest({ id: 'off-00001', to: ALICE }))).toEqual(
      answerFor('off-00001', 'recipient-offline', 'home', {
        trail: [{ hop: 'home', node: 'home', rule: 'deliver', inputs: { online: false }, code: 480, reason: 'recipient-offline', explanation: 'The recipient signed out.', at: expect.any(Number) }],
      }),
    );
  });

  it('answers 408 next-hop-timeout when the client does not answer in time', async () => {
    const { clients, signIn } = await hub({ hop: 'provider', node: 'yahoo', timeoutMs: 30 });
    const alice = await signIn({ address: ALICE });
    const arrived = next(alice, 'request');
    const answer = await clients.deliver(ALICE, fedRequest({ id: 'mute-0001', to: ALICE }));
    await arrived;
    expect(answer).toEqual(
      answerFor('mute-0001', 'next-hop-timeout', 'provider', {
        trail: [{ hop: 'provider', node: 'yahoo', rule: 'deliver', inputs: { timeoutMs: 30 }, code: 408, reason: 'next-hop-timeout', explanation: "The recipient's client did not answer in time.", at: expect.any(Number) }],
      }),
    );
  });

  it('answers 400 malformed, hop client, when the client answers outside the contract', async () => {
    const { clients, signIn } = await hub();
    const alice = await signIn({ address: ALICE });
    answering(alice, (request) => ({ requestId: request.id, code: 299 }));
    const answer: Answer = await clients.deliver(ALICE, fedRequest({ id: 'odd-00001', to: ALICE }));
    expect(answer).toMatchObject({ requestId: 'odd-00001', code: 400, diagnostic: { reason: 'malformed', hop: 'client' } });
    expect(answer.trail).toEqual([
      { hop: 'client', node: `client:${ALICE}`, rule: 'contract', inputs: { error: expect.any(String) }, code: 400, reason: 'malformed', explanation: answer.trail![0]!.inputs.error, at: expect.any(Number) },
    ]);
  });

  it('tells a signed-in client about a prompt or a change of its profile, and tells nobody when the user is offline', async () => {
    const { clients, signIn } = await hub();
    const alice = await signIn({ address: ALICE });
    const prompt = { id: 'prompt-01', from: 'yuki@yahoo.test', provider: 'yahoo', verification: 'verified' as const, requestId: 'sub-00001', at: 1 };
    const received = next(alice, 'prompt');
    clients.tell(ALICE, 'prompt', prompt);
    expect(await received).toEqual([prompt]);
    const delta = { lists: [{ list: 'block' as const, op: 'add' as const, address: 'yuki@yahoo.test' }] };
    const changed = next(alice, 'profile:delta');
    clients.tell(ALICE, 'profile:delta', delta);
    expect(await changed).toEqual([delta]);
    expect(() => clients.tell(BOB, 'profile:delta', delta)).not.toThrow();
  });
});

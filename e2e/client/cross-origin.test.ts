import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { waitUntil } from '@fedlab/testkit';
import { newPage } from '../support/browser.ts';
import { startClientRig, type ClientRig } from './support.ts';

/**
 * Issue 8: a page from another origin, open in the same browser, read /directory, signed in as Alice (the real
 * Alice was signed out), and read and changed her Block list. Now the servers refuse any browser origin but the
 * web apps' own, even to a page that knows the password and the admin token.
 */
const SOCKET_IO = fileURLToPath(new URL('../../node_modules/socket.io-client/dist/socket.io.min.js', import.meta.url));
const ALICE = 'alice@contoso.test';

let rig: ClientRig;
let elsewhere: Server;
let elsewhereUrl: string;

beforeAll(async () => {
  rig = await startClientRig();
  // Another site: any page at all, on another port of the same machine.
  elsewhere = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>elsewhere</title><p>a page from another origin</p>'));
  await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
  elsewhereUrl = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => elsewhere?.close(resolve));
  await rig?.close();
});

interface Attack {
  directory: string;
  signIn: string;
  blockList: string[] | null;
  admin: string;
}

/** What a page can do with the servers' URLs, a person's password and the admin token, from its own origin. */
async function attack(page: Page, as: string): Promise<Attack> {
  await page.addScriptTag({ path: SOCKET_IO });
  const { home, edge } = rig.d.endpoints;
  return page.evaluate(async ({ home, edge, address, password, adminToken }) => {
    const outcome = (promise: Promise<string>) => promise.catch((error: Error) => `refused: ${error.message}`);
    const directory = await outcome(fetch(`${home}/directory`).then(async (r) => `${r.status} ${((await r.json()) as { users: unknown[] }).users.length} users`));
    const admin = await outcome(fetch(`${edge}/api/security`, { headers: { authorization: `Bearer ${adminToken}` } }).then((r) => `${r.status}`));
    const io = (globalThis as unknown as { io: (url: string, options: object) => { on: (e: string, f: (x: never) => void) => void; close: () => void } }).io;
    let blockList: string[] | null = null;
    const signIn = await new Promise<string>((resolve) => {
      const socket = io(home, { auth: { address, password }, transports: ['websocket'], reconnection: false, forceNew: true });
      socket.on('welcome', (welcome: { profile: { lists: { block: string[] } } }) => {
        blockList = welcome.profile.lists.block;
        socket.close();
        resolve('signed in');
      });
      socket.on('connect_error', (error: Error) => resolve(`refused: ${error.message}`));
    });
    return { directory, signIn, blockList, admin };
  }, { home, edge, address: as, password: rig.d.password, adminToken: rig.d.adminToken });
}

describe('a page from another origin', () => {
  it('can neither read /directory, nor sign in as Alice, nor read her Block list, nor call the admin REST', async () => {
    const alice = await rig.d.bot(ALICE);
    await alice.changeList('block', 'add', 'troll@yahoo.test');
    const page = await newPage(rig.browser);
    await page.goto(elsewhereUrl);
    const result = await attack(page, ALICE);
    expect(result).toEqual({ directory: expect.stringMatching(/^refused: /), signIn: expect.stringMatching(/^refused: /), blockList: null, admin: expect.stringMatching(/^refused: /) });
    // The real Alice is still signed in, and her Block list is hers.
    expect(alice.state).toBe('connected');
    expect(alice.history.some((h) => h.event === 'state' && h.args[0] === 'signed-out')).toBe(false);
    expect(alice.profile?.lists.block).toEqual(['troll@yahoo.test']);
    // Each attempt is a security event with the origin, at the server it reached (the admin call is stopped at its
    // preflight). The home server's reach the edge over the internal link, a moment later.
    const expected = [['home', 'GET /directory', elsewhereUrl], ['home', 'socket.io', elsewhereUrl], ['edge', 'OPTIONS /api/security', elsewhereUrl]];
    const seen = await waitUntil(async () => {
      const events = (await rig.d.admin.securityEvents({ kind: 'origin-refused' })).map((e) => [e.node, e.where, e.subject]);
      return events.length >= expected.length && events;
    }, 'the edge has the refusals of both servers');
    expect(seen).toEqual(expect.arrayContaining(expected));
    await page.context().close();
  });

  it('the same script from the chat client\'s own origin does all of it (the test can fail)', async () => {
    const page = await newPage(rig.browser);
    await page.goto(rig.url);
    const result = await attack(page, 'carol@contoso.test');
    expect(result).toEqual({ directory: '200 6 users', signIn: 'signed in', blockList: [], admin: '200' });
    await page.context().close();
  });
});

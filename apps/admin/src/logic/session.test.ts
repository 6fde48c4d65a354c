import { afterEach, describe, expect, it, vi } from 'vitest';
import { AdminError } from '@fedlab/sdk';
import { explainFailure, signIn, tabTokenStore } from './session.ts';

const endpoints = { edge: 'http://127.0.0.1:1', home: 'http://127.0.0.1:2' };

afterEach(() => vi.unstubAllGlobals());

describe('signing in', () => {
  it('checks the token with GET /api/state, sending it as a bearer token and never in the URL', async () => {
    const calls: { url: string; auth: string | undefined }[] = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      calls.push({ url, auth: (init.headers as Record<string, string>).authorization });
      return new Response(JSON.stringify({ federationEnabled: true, providers: [], links: [] }), { status: 200 });
    });
    const { client, state } = await signIn(endpoints, '  s3cret \n');
    expect(state.federationEnabled).toBe(true);
    expect(client.token).toBe('s3cret');
    expect(calls).toEqual([{ url: 'http://127.0.0.1:1/api/state', auth: 'Bearer s3cret' }]);
  });

  it('says clearly that a wrong token was refused', async () => {
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ error: 'unauthorized', message: 'nope' }), { status: 401 }));
    await expect(signIn(endpoints, 'wrong')).rejects.toThrow(/not the admin token: the Access Edge refused it/);
  });

  it('says when the edge cannot be reached, and refuses an empty token without a call', async () => {
    const fetch = vi.fn(async () => {
      throw new TypeError('fetch failed');
    });
    vi.stubGlobal('fetch', fetch);
    await expect(signIn(endpoints, 'x')).rejects.toThrow('Cannot reach the Access Edge at http://127.0.0.1:1. Is the topology running (npm start)?');
    fetch.mockClear();
    await expect(signIn(endpoints, '   ')).rejects.toThrow('Enter the admin token.');
    expect(fetch).not.toHaveBeenCalled();
  });

  it('explains a server error with its message and code', () => {
    expect(explainFailure(new AdminError(409, 'conflict', 'Domain yahoo.test belongs to yahoo.'), endpoints)).toBe('Domain yahoo.test belongs to yahoo. (409 conflict)');
    expect(explainFailure(new AdminError(401, 'unauthorized', 'x'), endpoints)).toMatch(/token was refused/);
  });
});

describe('the token store', () => {
  it('keeps the token in the tab storage and forgets it on sign-out', () => {
    const map = new Map<string, string>();
    const storage = { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), removeItem: (k: string) => void map.delete(k) };
    const store = tabTokenStore(storage);
    expect(store.get()).toBeNull();
    store.set('t0ken');
    expect(tabTokenStore(storage).get()).toBe('t0ken');
    store.clear();
    expect(store.get()).toBeNull();
    expect(map.size).toBe(0);
  });

  it('falls back to memory when storage throws', () => {
    const storage = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('denied'); }, removeItem: () => { throw new Error('denied'); } };
    const store = tabTokenStore(storage);
    store.set('t');
    expect(store.get()).toBe('t');
    store.clear();
    expect(store.get()).toBeNull();
  });
});

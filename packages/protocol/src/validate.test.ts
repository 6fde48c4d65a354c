import { describe, expect, it } from 'vitest';
import {
  BODY_SCHEMAS,
  CLIENT_REQUEST_KINDS,
  ClientRequestSchema,
  FedRequestSchema,
  ListChangeSchema,
  MAX_TEXT_LENGTH,
  MessageBodySchema,
  NotifyBodySchema,
  ProviderEntrySchema,
  REQUEST_KINDS,
  parse,
  type FedRequest,
  type RequestKind,
} from './index.ts';

const GOOD_BODIES: { [K in RequestKind]: Extract<FedRequest, { kind: K }>['body'] } = {
  subscribe: {},
  unsubscribe: {},
  notify: { presence: { state: 'busy', note: 'in a meeting' }, subscription: 'active' },
  invite: { sessionId: 'V1StGXR8_Z5jdHi6B-myT' },
  message: { sessionId: 'V1StGXR8_Z5jdHi6B-myT', text: 'hello' },
  typing: { sessionId: 'V1StGXR8_Z5jdHi6B-myT' },
  bye: { sessionId: 'V1StGXR8_Z5jdHi6B-myT' },
};

function request(kind: RequestKind, over: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: 'req-0001', kind, from: 'sam@hotmail.test', to: 'alice@contoso.test', body: structuredClone(GOOD_BODIES[kind]), sentAt: 1_700_000_000_000, ...over };
}

function failure(result: ReturnType<typeof parse>): string {
  expect(result.ok).toBe(false);
  if (result.ok) throw new Error('unreachable');
  expect(typeof result.error).toBe('string');
  expect(result.error.length).toBeGreaterThan(0);
  return result.error;
}

describe('parse with FedRequestSchema', () => {
  it('accepts a good request of every kind, and returns it as it is', () => {
    for (const kind of REQUEST_KINDS) {
      const value = request(kind);
      expect(parse(FedRequestSchema, value)).toEqual({ ok: true, value });
    }
  });

  it('accepts the optional trust fields', () => {
    for (const kind of REQUEST_KINDS) {
      const value = request(kind, {
        asserted: 'verified',
        stamp: { network: 'publiccloud', provider: 'msn', fqdn: 'sip.msn.test', verification: 'unverified' },
        senderEnablement: { federation: true, publicIm: false },
      });
      expect(parse(FedRequestSchema, value).ok).toBe(true);
    }
  });

  it('rejects a request with a required field missing', () => {
    for (const kind of REQUEST_KINDS)
      for (const field of ['id', 'kind', 'from', 'to', 'body', 'sentAt']) {
        const value = request(kind);
        delete value[field];
        failure(parse(FedRequestSchema, value));
      }
  });

  it('rejects an extra field, at the top and in the body', () => {
    for (const kind of REQUEST_KINDS) {
      failure(parse(FedRequestSchema, request(kind, { extra: true })));
      failure(parse(FedRequestSchema, request(kind, { body: { ...GOOD_BODIES[kind], extra: true } })));
    }
  });

  it('rejects a body that belongs to another kind', () => {
    let pairs = 0;
    for (const kind of REQUEST_KINDS)
      for (const other of REQUEST_KINDS) {
        if (BODY_SCHEMAS[kind] === BODY_SCHEMAS[other]) continue; // e.g. invite, typing and bye share a body
        pairs++;
        failure(parse(FedRequestSchema, request(kind, { body: structuredClone(GOOD_BODIES[other]) })));
      }
    expect(pairs).toBeGreaterThan(20);
  });

  it('rejects an unknown kind and a bad stamp', () => {
    failure(parse(FedRequestSchema, request('subscribe', { kind: 'publish' })));
    failure(parse(FedRequestSchema, request('subscribe', { stamp: { network: 'internet', provider: 'msn', fqdn: 'sip.msn.test', verification: 'verified' } })));
    failure(parse(FedRequestSchema, request('subscribe', { asserted: 'trusted' })));
  });

  it('takes a text of up to MAX_TEXT_LENGTH characters, and no empty text', () => {
    const body = (text: string) => ({ sessionId: 'V1StGXR8_Z5jdHi6B-myT', text });
    expect(parse(FedRequestSchema, request('message', { body: body('x'.repeat(MAX_TEXT_LENGTH)) })).ok).toBe(true);
    failure(parse(FedRequestSchema, request('message', { body: body('x'.repeat(MAX_TEXT_LENGTH + 1)) })));
    failure(parse(FedRequestSchema, request('message', { body: body('') })));
  });

  it('rejects a bad address as sender or recipient', () => {
    const bad = ['Sam@hotmail.test', 'sam@hotmail', 'sam hotmail.test', '@hotmail.test', 'sam@', 'sam@@hotmail.test', 's am@hotmail.test', `${'x'.repeat(65)}@hotmail.test`];
    for (const address of bad) {
      failure(parse(FedRequestSchema, request('subscribe', { from: address })));
      failure(parse(FedRequestSchema, request('invite', { to: address })));
    }
  });

  it('rejects a bad request id', () => {
    for (const id of ['abc', 'has space', 'x'.repeat(65), 42]) failure(parse(FedRequestSchema, request('subscribe', { id })));
  });

  it('never throws on garbage', () => {
    for (const value of [null, undefined, 0, 'subscribe', [], {}, [request('subscribe')], Number.NaN]) failure(parse(FedRequestSchema, value));
  });
});

describe('parse with ClientRequestSchema', () => {
  it('refuses a presence update from a client: only servers make them', () => {
    const { id, to, body } = request('notify');
    failure(parse(ClientRequestSchema, { id, kind: 'notify', to, body }));
  });

  it('accepts what a client sends, and nothing that only servers fill in', () => {
    for (const kind of CLIENT_REQUEST_KINDS) {
      const { id, to, body } = request(kind);
      expect(parse(ClientRequestSchema, { id, kind, to, body }).ok).toBe(true);
      failure(parse(ClientRequestSchema, { id, kind, to, body, from: 'mallory@contoso.test' }));
      failure(parse(ClientRequestSchema, { id, kind, to, body, stamp: { network: 'federation', provider: 'x', fqdn: 'x', verification: 'verified' } }));
    }
  });
});

describe('parse names the path of the first problem', () => {
  it('in a body', () => {
    expect(failure(parse(MessageBodySchema, { sessionId: 'V1StGXR8_Z5jdHi6B-myT', text: 'x'.repeat(MAX_TEXT_LENGTH + 1) }))).toMatch(/^\/text: /);
    expect(failure(parse(MessageBodySchema, { sessionId: 'V1StGXR8_Z5jdHi6B-myT' }))).toMatch(/^\/text: .*required/);
    expect(failure(parse(MessageBodySchema, { sessionId: 'V1StGXR8_Z5jdHi6B-myT', text: 'hi', html: '<b>' }))).toMatch(/^\/html: .*Unexpected property/);
    expect(failure(parse(BODY_SCHEMAS.subscribe, GOOD_BODIES.invite))).toMatch(/^\/sessionId: /);
    expect(failure(parse(NotifyBodySchema, { presence: { state: 'available', note: 'x'.repeat(257) }, subscription: 'active' }))).toMatch(/^\/presence\/note: /);
  });

  it('in the admin and client payloads', () => {
    expect(failure(parse(ListChangeSchema, { list: 'allow', op: 'add', address: 'Sam@hotmail' }))).toMatch(/^\/address: /);
    const entry = { id: 'msn', name: 'MSN', address: { fqdn: 'sip.msn.test', port: 7301 }, public: true, allowed: false, filtering: 'verified-only', domains: ['hotmail.test'] };
    expect(parse(ProviderEntrySchema, entry).ok).toBe(true);
    const { name: _name, ...nameless } = entry;
    expect(failure(parse(ProviderEntrySchema, nameless))).toMatch(/^\/name: /);
    expect(failure(parse(ProviderEntrySchema, { ...entry, address: { fqdn: 'sip.msn.test', port: 0 } }))).toMatch(/^\/address\/port: /);
    expect(failure(parse(ProviderEntrySchema, { ...entry, filtering: 'everything' }))).toMatch(/^\/filtering: /);
  });

  it('and says "(payload)" when the payload itself is wrong', () => {
    expect(failure(parse(ListChangeSchema, null))).toMatch(/^\(payload\): /);
  });
});

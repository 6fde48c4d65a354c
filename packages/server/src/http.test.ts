import { describe, expect, it, vi } from 'vitest';
import { io as connect } from 'socket.io-client';
import { createHttp, requireAdminToken, tokenMatches, type HttpOptions } from './http.ts';
import { OriginPolicy } from './origins.ts';
import { dial, next, useCleanup } from './test-support.ts';

const cleanup = useCleanup();

/** createHttp with `routes` added, listening on a free port; closed after the test. */
async function serve(options: Partial<HttpOptions> = {}, routes: (http: Awaited<ReturnType<typeof createHttp>>) => void = () => undefined) {
  const http = await createHttp({ name: 'test', ...options });
  routes(http);
  cleanup(() => http.close());
  const port = await http.listen(0, '127.0.0.1');
  return { http, base: `http://127.0.0.1:${port}` };
}

async function call(url: string, init: RequestInit = {}) {
  const response = await fetch(url, init);
  return { status: response.status, body: (await response.json().catch(() => undefined)) as Record<string, unknown>, headers: response.headers };
}

describe('createHttp', () => {
  it('answers GET /health with its name and the extra fields computed at each call', async () => {
    let online = 0;
    const { base } = await serve({ name: 'home', health: () => ({ online: online++ }) });
    expect(await call(`${base}/health`)).toMatchObject({ status: 200, body: { ok: true, app: 'home', online: 0 } });
    expect((await call(`${base}/health`)).body).toEqual({ ok: true, app: 'home', online: 1 });
  });

  it('answers a body that fails its schema 400 invalid-payload, naming the field; no type coercion', async () => {
    const { base } = await serve({}, ({ app }) => {
      app.post('/things', { schema: { body: { type: 'object', required: ['count'], properties: { count: { type: 'integer' } }, additionalProperties: false } } }, async () => ({ ok: true }));
    });
    const post = (body: unknown) => call(`${base}/things`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(await post({ count: 1 })).toMatchObject({ status: 200 });
    expect(await post({ count: '1' })).toEqual(expect.objectContaining({ status: 400, body: { error: 'invalid-payload', message: 'body/count must be integer' } }));
    expect((await post({})).body).toEqual({ error: 'invalid-payload', message: "body must have required property 'count'" });
  });

  it("gives other errors as { error, message }: a client error's own code, lower case; anything else 500", async () => {
    const { base } = await serve({}, ({ app }) => {
      app.get('/gone', async () => {
        throw Object.assign(new Error('No such provider nope.'), { statusCode: 404, code: 'NOT-FOUND' });
      });
      app.get('/bug', async () => {
        throw new Error('a bug');
      });
      app.post('/json', async () => ({ ok: true }));
    });
    expect(await call(`${base}/gone`)).toMatchObject({ status: 404, body: { error: 'not-found', message: 'No such provider nope.' } });
    expect(await call(`${base}/bug`)).toMatchObject({ status: 500, body: { error: 'error', message: 'a bug' } });
    const badJson = await call(`${base}/json`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{nope' });
    expect(badJson).toMatchObject({ status: 400, body: { error: 'fst_err_ctp_invalid_json_body', message: "Body is not valid JSON but content-type is set to 'application/json'" } });
    const wrongType = await call(`${base}/json`, { method: 'POST', headers: { 'content-type': 'application/x-nope' }, body: 'x' });
    expect(wrongType).toMatchObject({ status: 415, body: { error: 'fst_err_ctp_invalid_media_type' } });
  });

  it('allows the browser apps\' origins (CORS), and requests without an Origin', async () => {
    const { base } = await serve({ origins: new OriginPolicy(['http://client.test:7400']) });
    const { headers } = await call(`${base}/health`, { headers: { origin: 'http://client.test:7400' } });
    expect(headers.get('access-control-allow-origin')).toBe('http://client.test:7400');
    expect((await call(`${base}/health`)).status).toBe(200);
  });

  it('issue 8: refuses REST from any other origin with 403 before the route runs, and records it', async () => {
    const route = vi.fn(async () => ({ ok: true }));
    const { base, http } = await serve({ origins: new OriginPolicy(['http://client.test:7400']) }, ({ app }) => app.get('/directory', route));
    for (const origin of ['http://evil.test', 'null']) {
      const answer = await call(`${base}/directory`, { headers: { origin } });
      expect(answer.status).toBe(403);
      expect(answer.body).toEqual({ error: 'origin-not-allowed', message: `Requests from ${origin} are not allowed (FEDLAB_ALLOWED_ORIGINS adds origins).` });
      expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    }
    // A preflight too.
    expect((await call(`${base}/directory`, { method: 'OPTIONS', headers: { origin: 'http://evil.test', 'access-control-request-method': 'GET' } })).status).toBe(403);
    expect(route).not.toHaveBeenCalled();
    expect(http.security.list().map((e) => [e.kind, e.where, e.subject, e.count])).toEqual([
      ['origin-refused', 'GET /directory', 'http://evil.test', 1], ['origin-refused', 'GET /directory', 'null', 1], ['origin-refused', 'OPTIONS /directory', 'http://evil.test', 1],
    ]);
  });

  it('issue 8: refuses a socket.io connection from another origin, over every transport, and records it', async () => {
    const { base, http } = await serve({ origins: new OriginPolicy(['http://client.test:7400']) });
    http.io.on('connection', () => undefined);
    for (const transports of [['websocket'], ['polling']]) {
      const socket = connect(base, { transports, reconnection: false, forceNew: true, extraHeaders: { origin: 'http://evil.test' } });
      cleanup(() => socket.close());
      await next(socket, 'connect_error');
      expect(socket.connected).toBe(false);
    }
    const allowed = connect(base, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { origin: 'http://client.test:7400' } });
    cleanup(() => allowed.close());
    await next(allowed, 'connect');
    expect(http.security.list()).toMatchObject([{ kind: 'origin-refused', where: 'socket.io', subject: 'http://evil.test', count: 2 }]);
  });

  it('records a socket.io message over the limit (the connection closes) as oversize input', async () => {
    const { base, http } = await serve();
    http.io.on('connection', (socket) => socket.on('big', () => undefined));
    const socket = connect(base, { transports: ['websocket'], reconnection: false, forceNew: true });
    cleanup(() => socket.close());
    await next(socket, 'connect');
    const gone = next(socket, 'disconnect');
    socket.emit('big', 'x'.repeat(300 * 1024));
    await gone;
    await vi.waitFor(() => expect(http.security.list()).toMatchObject([{ kind: 'malformed-input', where: 'socket.io', detail: 'A message over 256 KiB: the connection was closed.' }]));
  });

  it('records bodies off their schema as malformed input, grouped per source and route', async () => {
    const { base, http } = await serve({}, ({ app }) => {
      app.post('/things', { schema: { body: { type: 'object', required: ['count'], properties: { count: { type: 'integer' } } } } }, async () => ({ ok: true }));
    });
    for (let i = 0; i < 3; i++) await call(`${base}/things`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"count":"x"}' });
    expect(http.security.list()).toMatchObject([{ kind: 'malformed-input', where: 'POST /things', count: 3 }]);
  });

  it('serves an OpenAPI document only when asked to', async () => {
    const { base } = await serve({ openapi: { title: 'fedlab edge', description: 'admin API' } }, ({ app }) => {
      app.get('/api/state', { schema: { security: [{ admin: [] }] } }, async () => ({}));
    });
    const doc = await call(`${base}/openapi.json`);
    expect(doc.body).toMatchObject({ openapi: expect.any(String), info: { title: 'fedlab edge', description: 'admin API' }, components: { securitySchemes: { admin: { type: 'http', scheme: 'bearer' } } } });
    expect(Object.keys(doc.body.paths as object)).toEqual(['/api/state']);
    const plain = await serve();
    expect((await call(`${plain.base}/openapi.json`)).status).toBe(404);
  });

  it('carries socket.io on the same port, and close() disconnects its sockets', async () => {
    const { http, base } = await serve();
    const client = dial(base);
    cleanup(() => client.disconnect());
    await next(client, 'connect');
    const gone = next(client, 'disconnect');
    await http.close();
    expect(await gone).toEqual(['io server disconnect', undefined]);
  });

  it('closes cleanly without ever listening', async () => {
    const http = await createHttp({ name: 'never' });
    await expect(http.close()).resolves.toBeUndefined();
  });
});

describe('requireAdminToken', () => {
  it('lets through Authorization: Bearer <token> only; anything else gets 401 and the route never runs', async () => {
    const handler = vi.fn(async () => ({ changed: true }));
    const { base } = await serve({}, ({ app }) => {
      app.put('/api/global', { preHandler: requireAdminToken('s3cret') }, handler);
    });
    const put = (headers: Record<string, string>) => call(`${base}/api/global`, { method: 'PUT', headers });
    const unauthorized = { status: 401, body: { error: 'unauthorized', message: 'A valid admin token is required (Authorization: Bearer <token>).' } };
    for (const headers of [{} as Record<string, string>, { authorization: 'Bearer wrong!' }, { authorization: 'Bearer s3cret2' }, { authorization: 's3cret' }, { authorization: 'Basic s3cret' }, { authorization: 'bearer s3cret' }]) {
      expect(await put(headers)).toMatchObject(unauthorized);
    }
    expect((await call(`${base}/api/global?token=s3cret`, { method: 'PUT' })).status).toBe(401);
    expect(handler).not.toHaveBeenCalled();
    expect(await put({ authorization: 'Bearer s3cret' })).toMatchObject({ status: 200, body: { changed: true } });
    expect(handler).toHaveBeenCalledTimes(1);
  });
});

describe('tokenMatches', () => {
  it('is true for the same string only', () => {
    expect(tokenMatches('s3cret', 's3cret')).toBe(true);
    expect(tokenMatches('s3creT', 's3cret')).toBe(false);
    expect(tokenMatches('s3cre', 's3cret')).toBe(false);
    expect(tokenMatches('', 's3cret')).toBe(false);
    for (const given of [undefined, null, 42, ['s3cret'], { token: 's3cret' }]) expect(tokenMatches(given, 's3cret')).toBe(false);
  });
});

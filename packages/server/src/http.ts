import Fastify, { type FastifyInstance, type FastifyRequest, type FastifyReply } from 'fastify';
import cors from '@fastify/cors';
import swagger from '@fastify/swagger';
import { timingSafeEqual } from 'node:crypto';
import { Server as SocketServer, type Namespace } from 'socket.io';
import { ORIGIN_NOT_ALLOWED } from '@fedlab/protocol';
import { OriginPolicy } from './origins.ts';
import { SecurityLog } from './security-log.ts';

/** The largest socket.io message a server takes. */
export const MAX_MESSAGE_BYTES = 256 * 1024;

export interface HttpOptions {
  /** The app's name, shown by GET /health and in the OpenAPI document. */
  name: string;
  /** The server's name in security events (`edge`, `home`, a provider id); default `name`. */
  node?: string;
  /**
   * The browser origins allowed to use this server (socket.io and REST). None given: no browser page may; requests
   * without an Origin header (tools, bots, servers) always may.
   */
  origins?: OriginPolicy;
  /** Extra health fields, computed at each call. */
  health?: () => Record<string, unknown>;
  /** Whether to serve an OpenAPI document at /openapi.json. */
  openapi?: { title: string; description: string };
  logger?: boolean;
}

export interface HttpServer {
  app: FastifyInstance;
  io: SocketServer;
  /** This server's security events (docs/security.md). */
  security: SecurityLog;
  origins: OriginPolicy;
  /** Starts listening; returns the port (tests pass 0 and read it here). */
  listen(port: number, host: string): Promise<number>;
  close(): Promise<void>;
}

/**
 * The one way every fedlab server is built: fastify for REST (JSON schemas, clear 400s), socket.io on the same
 * port, GET /health, CORS for the browser apps. Nothing listens until `listen` is called.
 */
export async function createHttp(options: HttpOptions): Promise<HttpServer> {
  const app = Fastify({ logger: options.logger ?? false, ajv: { customOptions: { removeAdditional: false, coerceTypes: false } } });
  const security = new SecurityLog(options.node ?? options.name);
  const origins = options.origins ?? new OriginPolicy();
  // A page from another origin is refused before anything else runs, preflight included.
  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (origins.allows(origin)) return;
    security.record({ kind: 'origin-refused', source: request.ip, where: placeOf(request), subject: String(origin).slice(0, 200), detail: `A page from ${String(origin).slice(0, 200)} called the REST API.` });
    return reply.status(403).send({ error: ORIGIN_NOT_ALLOWED, message: `Requests from ${String(origin).slice(0, 200)} are not allowed (FEDLAB_ALLOWED_ORIGINS adds origins).` });
  });
  await app.register(cors, { origin: (origin, callback) => callback(null, origins.allows(origin)), methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] });
  if (options.openapi) {
    await app.register(swagger, {
      openapi: {
        info: { title: options.openapi.title, description: options.openapi.description, version: '0.1.0' },
        components: { securitySchemes: { admin: { type: 'http', scheme: 'bearer' } } },
      },
    });
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  }
  app.setErrorHandler((error: { statusCode?: number; validation?: unknown; message: string; code?: string }, _request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) app.log.error(error);
    if (status === 400 || status === 413 || status === 415) security.malformed(_request.ip, placeOf(_request), `${status}: ${error.message.slice(0, 300)}`);
    void reply.status(status).send({ error: error.validation ? 'invalid-payload' : (error.code ?? 'error').toLowerCase(), message: error.message });
  });
  app.get('/health', { schema: { hide: true } }, async () => ({ ok: true, app: options.name, ...(options.health?.() ?? {}) }));
  const io = new SocketServer(app.server, {
    cors: { origin: (origin, callback) => callback(null, origins.allows(origin)) },
    serveClient: false,
    maxHttpBufferSize: MAX_MESSAGE_BYTES,
    // WebSockets are not subject to CORS: the Origin is checked here, for every transport, before any namespace.
    allowRequest: (request, callback) => {
      const origin = request.headers.origin;
      if (origins.allows(origin)) return callback(null, true);
      security.record({ kind: 'origin-refused', source: request.socket.remoteAddress ?? 'unknown', where: 'socket.io', subject: String(origin).slice(0, 200), detail: `A page from ${String(origin).slice(0, 200)} opened a socket.io connection.` });
      callback(ORIGIN_NOT_ALLOWED, false);
    },
  });

  // A message over the limit closes its connection (engine.io): that is recorded as oversize input.
  io.engine.on('connection', (conn: { remoteAddress: string; on(event: 'close', listener: (reason: string, description?: { message?: string }) => void): void }) => {
    conn.on('close', (reason, description) => {
      if (reason === 'transport error' && /max payload/i.test(description?.message ?? '')) {
        security.malformed(conn.remoteAddress, 'socket.io', `A message over ${MAX_MESSAGE_BYTES / 1024} KiB: the connection was closed.`);
      }
    });
  });

  let listening = false;
  return {
    app,
    io,
    security,
    origins,
    async listen(port, host) {
      await app.listen({ port, host, backlog: 1024 });
      listening = true;
      const address = app.server.address();
      return typeof address === 'object' && address ? address.port : port;
    },
    async close() {
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => io.close(() => resolve()));
      if (listening || app.server.listening) await app.close();
      else await app.close().catch(() => undefined);
    },
  };
}

/** Where a REST request arrived, for security events: its route (`DELETE /api/users/:address`), else its path. */
function placeOf(request: FastifyRequest): string {
  const route = request.routeOptions.url;
  return `${request.method} ${route && route !== '*' ? route : request.url.split('?')[0]}`;
}

/**
 * An onRequest hook that requires `Authorization: Bearer <token>`; a wrong or missing token gets 401, changes
 * nothing, and is recorded as a security event (when a log is given).
 */
export function requireAdminToken(token: string, security?: SecurityLog) {
  const expected = Buffer.from(token);
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers.authorization ?? '';
    const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      security?.record({
        kind: 'wrong-token', source: request.ip, where: placeOf(request),
        detail: header ? 'A wrong admin token.' : 'No admin token.',
      });
      return reply.status(401).send({ error: 'unauthorized', message: 'A valid admin token is required (Authorization: Bearer <token>).' });
    }
  };
}

/**
 * Requires `auth: { token }` on a socket.io namespace (`/internal`, `/admin`): a wrong or missing token is
 * refused with `unauthorized: <what>` and recorded as a security event.
 */
export function requireNamespaceToken(namespace: Namespace, token: string, security: SecurityLog, what: string): void {
  namespace.use((socket, next) => {
    const given: unknown = socket.handshake.auth?.token;
    if (tokenMatches(given, token)) return next();
    security.record({ kind: 'wrong-token', source: socket.handshake.address, where: namespace.name, detail: given === undefined ? `No ${what}.` : `A wrong ${what}.` });
    next(new Error(`unauthorized: wrong ${what}`));
  });
}

export function tokenMatches(given: unknown, token: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

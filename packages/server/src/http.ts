import Fastify, { type FastifyInstance, type FastifyRequest, type FastifyReply } from 'fastify';
import cors from '@fastify/cors';
import swagger from '@fastify/swagger';
import { timingSafeEqual } from 'node:crypto';
import { Server as SocketServer } from 'socket.io';

export interface HttpOptions {
  /** The app's name, shown by GET /health and in the OpenAPI document. */
  name: string;
  /** Extra health fields, computed at each call. */
  health?: () => Record<string, unknown>;
  /** Whether to serve an OpenAPI document at /openapi.json. */
  openapi?: { title: string; description: string };
  logger?: boolean;
}

export interface HttpServer {
  app: FastifyInstance;
  io: SocketServer;
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
  await app.register(cors, { origin: true, methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] });
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
    void reply.status(status).send({ error: error.validation ? 'invalid-payload' : (error.code ?? 'error').toLowerCase(), message: error.message });
  });
  app.get('/health', { schema: { hide: true } }, async () => ({ ok: true, app: options.name, ...(options.health?.() ?? {}) }));
  const io = new SocketServer(app.server, { cors: { origin: true }, serveClient: false, maxHttpBufferSize: 256 * 1024 });

  let listening = false;
  return {
    app,
    io,
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

/** An onRequest hook that requires `Authorization: Bearer <token>`; a wrong or missing token gets 401 and changes nothing. */
export function requireAdminToken(token: string) {
  const expected = Buffer.from(token);
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers.authorization ?? '';
    const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return reply.status(401).send({ error: 'unauthorized', message: 'A valid admin token is required (Authorization: Bearer <token>).' });
    }
  };
}

export function tokenMatches(given: unknown, token: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

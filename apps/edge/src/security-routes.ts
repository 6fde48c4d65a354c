import { Type } from '@sinclair/typebox';
import type { Namespace } from 'socket.io';
import type { SecurityEvent, SecurityEventKind } from '@fedlab/protocol';
import { SECURITY_EVENT_KINDS, SecurityEventSchema } from '@fedlab/protocol';
import type { HttpServer, SecurityLog, requireAdminToken } from '@fedlab/server';

/** What the home server reports in `security:events` (validated by the internal link's guard). */
export const HomeSecurityEventsSchema = Type.Array(SecurityEventSchema, { maxItems: 2000 });

/**
 * The organization's security events for admins: the edge's own and the home server's (which reports them over
 * the internal link), at `GET /api/security` and live as `security` on the `/admin` namespace.
 */
export function registerSecurityRoutes(http: HttpServer, ctx: { onRequest: ReturnType<typeof requireAdminToken>; security: SecurityLog; live: Namespace }) {
  http.app.get('/api/security', {
    onRequest: ctx.onRequest,
    schema: {
      tags: ['security'],
      security: [{ admin: [] }],
      description: 'Security events (wrong tokens, failed sign-ins, refused origins, spoofing, relay attempts, link authentication failures, '
        + 'malformed input) of the edge and the home server, oldest first. Repeats of one kind from one source at one place within a minute are one event with a count.',
      querystring: Type.Object({
        kind: Type.Optional(Type.Union(SECURITY_EVENT_KINDS.map((k) => Type.Literal(k)))),
        node: Type.Optional(Type.String({ maxLength: 64, description: '`edge` or `home`' })),
        since: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$', description: 'only events seen at or after this time (ms since the epoch)' })),
        limit: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,3}$', description: 'at most this many, newest (1–9999; default 500)' })),
      }),
      response: { 200: Type.Array(SecurityEventSchema) },
    },
  }, async (request) => {
    const query = request.query as { kind?: SecurityEventKind; node?: string; since?: string; limit?: string };
    return ctx.security.list({
      ...(query.kind ? { kind: query.kind } : {}), ...(query.node ? { node: query.node } : {}),
      ...(query.since ? { since: Number(query.since) } : {}), ...(query.limit ? { limit: Number(query.limit) } : {}),
    });
  });
  ctx.security.subscribe((event) => ctx.live.emit('security', event));

  return {
    /** The home server's events (new, or with a grown count): kept beside the edge's own. */
    fromHome(events: SecurityEvent[]): { ok: boolean } {
      ctx.security.merge(events.filter((e) => e.node === 'home'));
      return { ok: true };
    },
  };
}

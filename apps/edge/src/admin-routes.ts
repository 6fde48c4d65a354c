import { Type } from '@sinclair/typebox';
import type { CuttingChange, DialogScope, HopDecision, LinkFault, ProviderEntry, ProviderPatch, TrafficQuery } from '@fedlab/protocol';
import {
  ADMIN_ACTOR_HEADER, GlobalSettingsSchema, LinkFaultSchema, PROVIDER_ID_PATTERN, ProviderEntrySchema, ProviderPatchSchema, REQUEST_KINDS, STATUS_CODES,
  actorOf, parse, UserOnlineSchema, UsersChangedSchema, type UsersChanged,
} from '@fedlab/protocol';
import { requireAdminToken, tokenMatches, type HttpServer, type RequestLink } from '@fedlab/server';
import type { FederationLinks } from './federation-links.ts';
import { ProviderListError, type ProviderList } from './provider-list.ts';
import type { AuditLog, SecurityLog, TrafficLog } from './traffic.ts';
import { enablementCut, everythingScope, providerScope } from './teardown.ts';

/** GET /api/traffic's query string, as it arrives: numbers as text. */
type TrafficQueryString = Omit<TrafficQuery, 'limit' | 'code'> & { limit?: string; code?: string };

export interface AdminContext {
  adminToken: string;
  orgDomains: string[];
  providers: ProviderList;
  links: FederationLinks;
  audit: AuditLog;
  traffic: TrafficLog;
  security: SecurityLog;
  homeLink: RequestLink;
  traceOf: (requestId: string) => Promise<HopDecision[]>;
  changed: () => void;
  stateListeners: Set<() => void>;
  federationEnabled: () => boolean;
  setFederationEnabled: (value: boolean) => void;
  syncLinks: () => void;
  /** When the home server's link last went up or down. */
  homeLinkSince: () => number;
  /** Cuts the home server's link (a `down` fault); it stays refused until the fault is cleared. */
  dropHomeLink: () => void;
  resetState: () => void;
  /** A change cut a path: every dialog in the scope ends on both sides; resolves to how many ended. */
  cut: (change: CuttingChange, scope: DialogScope) => Promise<number>;
  /** The providers the topology describes, as a first start lists them (the Add dialog fills them in). */
  knownProviders: () => ProviderEntry[];
}

/** What the home server's link tells the admin pages through the edge. */
export interface AdminNotices {
  usersChanged(notice: unknown): void;
  userOnline(notice: unknown): void;
  homeConnected(): void;
}

const IdParams = Type.Object({ id: Type.String({ pattern: PROVIDER_ID_PATTERN }) });
const LinkParams = Type.Object({ name: Type.String({ pattern: PROVIDER_ID_PATTERN }) });
/**
 * An admin page tells the others that it changed users' enablement on the home server (which has no live channel
 * of its own): the edge records each change in the audit log and tells every open admin page to reload its users.
 */
const secured = (tag: string) => ({ tags: [tag], security: [{ admin: [] }] });
/** Who made the call, for the audit log (the `X-Fedlab-Actor` header; `rest` without it). */
const actor = (request: { headers: Record<string, string | string[] | undefined> }) => actorOf(request.headers[ADMIN_ACTOR_HEADER]);

/**
 * The edge's admin REST API (bearer token) and the live `/admin` socket.io namespace that keeps every open
 * admin page current: a change made in one page shows at once in all of them.
 */
export function registerAdminRoutes(http: HttpServer, ctx: AdminContext): AdminNotices {
  const { app } = http;
  // The token is checked first, on request: a caller without it learns nothing, not even what a valid body is.
  const onRequest = requireAdminToken(ctx.adminToken);

  const snapshot = () => ({
    federationEnabled: ctx.federationEnabled(),
    providers: ctx.providers.all(),
    links: [
      ...ctx.links.status(),
      { provider: 'home', state: ctx.homeLink.connected ? 'connected' : 'unreachable', since: ctx.homeLinkSince(), ...(Object.keys(ctx.homeLink.fault).length ? { fault: ctx.homeLink.fault } : {}) },
    ],
  });
  const fail = (reply: { status(code: number): { send(body: unknown): unknown } }, error: unknown) => {
    if (error instanceof ProviderListError) return reply.status(error.code === 'conflict' ? 409 : 404).send({ error: error.code, message: error.message });
    throw error;
  };
  const afterProviderChange = () => {
    ctx.syncLinks();
    ctx.changed();
  };

  app.get('/api/state', { onRequest, schema: secured('state') }, async () => snapshot());

  app.get('/api/providers', { onRequest, schema: secured('providers') }, async () => {
    const status = new Map(ctx.links.status().map((s) => [s.provider, s]));
    return ctx.providers.all().map((p) => ({ ...p, link: status.get(p.id) ?? null }));
  });

  app.get('/api/providers/known', { onRequest, schema: secured('providers') }, async () => ctx.knownProviders());

  app.post('/api/providers', { onRequest, schema: { ...secured('providers'), body: ProviderEntrySchema } }, async (request, reply) => {
    try {
      const entry = ctx.providers.add(request.body as ProviderEntry);
      ctx.audit.add('provider.add', entry.id, null, entry, actor(request));
      afterProviderChange();
      return reply.status(201).send(entry);
    } catch (error) {
      return fail(reply, error);
    }
  });

  app.patch('/api/providers/:id', { onRequest, schema: { ...secured('providers'), params: IdParams, body: ProviderPatchSchema } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    try {
      const { before, after } = ctx.providers.update(id, request.body as ProviderPatch);
      afterProviderChange();
      // A temporary block cuts the path: what crosses it ends now (rule 8), and the audit entry says how much.
      const blocked = before.allowed && !after.allowed;
      const ended = blocked ? await ctx.cut({ kind: 'provider-blocked', target: id }, providerScope(ctx.orgDomains, before)) : undefined;
      ctx.audit.add('provider.update', id, before, after, actor(request), ended);
      return after;
    } catch (error) {
      return fail(reply, error);
    }
  });

  app.delete('/api/providers/:id', { onRequest, schema: { ...secured('providers'), params: IdParams } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    try {
      const before = ctx.providers.remove(id);
      afterProviderChange();
      const ended = await ctx.cut({ kind: 'provider-removed', target: id }, providerScope(ctx.orgDomains, before));
      ctx.audit.add('provider.remove', id, before, null, actor(request), ended);
      return reply.status(204).send();
    } catch (error) {
      return fail(reply, error);
    }
  });

  app.get('/api/global', { onRequest, schema: secured('global') }, async () => ({ federationEnabled: ctx.federationEnabled() }));
  app.put('/api/global', { onRequest, schema: { ...secured('global'), body: GlobalSettingsSchema } }, async (request) => {
    const before = ctx.federationEnabled();
    const after = (request.body as { federationEnabled: boolean }).federationEnabled;
    ctx.setFederationEnabled(after);
    ctx.changed();
    const ended = before && !after ? await ctx.cut({ kind: 'federation-disabled', target: 'organization' }, everythingScope(ctx.orgDomains)) : undefined;
    ctx.audit.add('global.federation', 'organization', { federationEnabled: before }, { federationEnabled: after }, actor(request), ended);
    return { federationEnabled: after };
  });

  app.get('/api/links', { onRequest, schema: secured('links') }, async () => snapshot().links);
  const setFault = (name: string, fault: LinkFault): boolean => {
    if (name === 'home') {
      ctx.homeLink.setFault(fault);
      if (fault.down) ctx.dropHomeLink();
    }
    else if (ctx.links.has(name)) ctx.links.setFault(name, fault);
    else return false;
    ctx.changed();
    return true;
  };
  app.put('/api/links/:name/fault', { onRequest, schema: { ...secured('links'), params: LinkParams, body: LinkFaultSchema } }, async (request, reply) => {
    const { name } = request.params as { name: string };
    const fault = request.body as LinkFault;
    if (!setFault(name, fault)) return reply.status(404).send({ error: 'not-found', message: `There is no link ${name}.` });
    ctx.audit.add('link.fault', name, null, fault, actor(request));
    return { name, fault };
  });
  app.delete('/api/links/:name/fault', { onRequest, schema: { ...secured('links'), params: LinkParams } }, async (request, reply) => {
    const { name } = request.params as { name: string };
    if (!setFault(name, {})) return reply.status(404).send({ error: 'not-found', message: `There is no link ${name}.` });
    ctx.audit.add('link.fault', name, null, {}, actor(request));
    return { name, fault: {} };
  });
  app.post('/api/links/:name/reset', { onRequest, schema: { ...secured('links'), params: LinkParams } }, async (request, reply) => {
    const { name } = request.params as { name: string };
    if (!ctx.links.has(name)) return reply.status(404).send({ error: 'not-found', message: `There is no provider link ${name}.` });
    ctx.links.reset(name);
    ctx.audit.add('link.reset', name, null, null, actor(request));
    return { name, reset: true };
  });

  app.get('/api/traces/:id', { onRequest, schema: { ...secured('traces'), params: Type.Object({ id: Type.String({ maxLength: 64 }) }) } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const decisions = await ctx.traceOf(id);
    if (!decisions.length) return reply.status(404).send({ error: 'not-found', message: `No hop recorded request ${id}.` });
    return { requestId: id, summary: ctx.traffic.get(id) ?? null, decisions };
  });

  app.get('/api/traffic', {
    onRequest,
    schema: {
      ...secured('traffic'),
      querystring: Type.Object({
        provider: Type.Optional(Type.String({ maxLength: 32 })),
        user: Type.Optional(Type.String({ maxLength: 254 })),
        outcome: Type.Optional(Type.Union([Type.Literal('accepted'), Type.Literal('rejected')])),
        kind: Type.Optional(Type.Union(REQUEST_KINDS.map((k) => Type.Literal(k)))),
        code: Type.Optional(Type.Union(Object.keys(STATUS_CODES).map((c) => Type.Literal(c)), { description: 'a status code, e.g. 403' })),
        before: Type.Optional(Type.String({ maxLength: 64, description: 'a request id: only older requests (paging back)' })),
        limit: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,3}$', description: 'at most this many, newest (1–9999)' })),
      }),
    },
  }, async (request) => {
    const { limit, code, ...query } = request.query as TrafficQueryString;
    return ctx.traffic.find({ ...query, ...(limit ? { limit: Number(limit) } : {}), ...(code ? { code: Number(code) } : {}) });
  });

  app.get('/api/audit', { onRequest, schema: secured('audit') }, async () => ctx.audit.list());
  app.get('/api/security-events', { onRequest, schema: secured('security') }, async () => ctx.security.list());

  app.post('/api/reset', { onRequest, schema: secured('state') }, async (request) => {
    ctx.resetState();
    ctx.audit.add('state.reset', 'edge', null, null, actor(request));
    ctx.changed();
    return { reset: true };
  });

  // Live updates for admin pages.
  const live = http.io.of('/admin');
  live.use((socket, next) => (tokenMatches(socket.handshake.auth?.token, ctx.adminToken) ? next() : next(new Error('unauthorized: wrong admin token'))));
  live.on('connection', (socket) => socket.emit('state', snapshot()));
  ctx.stateListeners.add(() => live.emit('state', snapshot()));
  ctx.traffic.subscribe((entry) => live.emit('traffic', entry));
  ctx.audit.subscribe((entry) => live.emit('audit', entry));

  /** An enablement change that cuts a path ends what crosses it first; the audit entry says how much. */
  async function auditEnablement(change: UsersChanged['changes'][number], by: string): Promise<void> {
    const cutting = enablementCut(ctx.orgDomains, ctx.providers.all(), change.address, change.before, change.after);
    const ended = cutting ? await ctx.cut(cutting.change, cutting.scope) : undefined;
    ctx.audit.add('user.enablement', change.address, change.before, change.after, by, ended);
  }

  return {
    /**
     * The home server says an admin changed users' enablement: tell every admin page, end what a disabled user's
     * dialogs crossed (rule 8), and audit each change with how many dialogs it ended.
     */
    usersChanged(notice) {
      const parsed = parse(UsersChangedSchema, notice);
      if (!parsed.ok) return;
      live.emit('users', { addresses: parsed.value.changes.map((c) => c.address) });
      for (const change of parsed.value.changes) void auditEnablement(change, actorOf(parsed.value.actor));
    },
    /** The home server says a user signed in or out: every admin page's Users tab shows it. */
    userOnline(notice) {
      const parsed = parse(UserOnlineSchema, notice);
      if (parsed.ok) live.emit('online', parsed.value);
    },
    /** The home server's link is up (again): what the pages show of its users may be stale, so they reload. */
    homeConnected() {
      live.emit('users', { addresses: [] });
    },
  };
}

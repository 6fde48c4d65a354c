import { Type } from '@sinclair/typebox';
import type { CuttingChange, DialogScope, HopDecision, LinkFault, NewProviderEntry, ProviderEntry, ProviderPatch, SecurityEvent, TrafficQuery, UserDeleted, UserOnline, UsersChanged } from '@fedlab/protocol';
import {
  ADMIN_ACTOR_HEADER, GlobalSettingsSchema, LinkFaultSchema, NewProviderEntrySchema, PROVIDER_ID_PATTERN, ProviderPatchSchema, REQUEST_KINDS, STATUS_CODES,
  actorOf,
} from '@fedlab/protocol';
import { requireAdminToken, requireNamespaceToken, type HttpServer, type RequestLink, type SecurityLog } from '@fedlab/server';
import type { EntrySecrets } from './entry-secrets.ts';
import { registerSecurityRoutes } from './security-routes.ts';
import type { FederationLinks } from './federation-links.ts';
import { ProviderListError, type ProviderList } from './provider-list.ts';
import type { AuditLog, TrafficLog } from './traffic.ts';
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
  secrets: EntrySecrets;
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
  /** The notices of the home server's outbox (validated by the link's guard): the answer is its acknowledgement. */
  usersChanged(notice: UsersChanged): { ok: boolean };
  userDeleted(notice: UserDeleted): { ok: boolean };
  securityFromHome(events: SecurityEvent[]): { ok: boolean };
  userOnline(notice: UserOnline): void;
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
  const onRequest = requireAdminToken(ctx.adminToken, ctx.security);

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

  app.post('/api/providers', { onRequest, schema: { ...secured('providers'), body: NewProviderEntrySchema } }, async (request, reply) => {
    try {
      const { linkSecret, ...body } = request.body as NewProviderEntry;
      const entry = ctx.providers.add(body);
      if (linkSecret) ctx.secrets.set(entry.id, linkSecret);
      // The secret itself is never audited: only whether the admin gave one.
      const secret = linkSecret ? 'given' : ctx.secrets.of(entry.id) ? 'from the topology' : 'none';
      ctx.audit.add('provider.add', entry.id, null, { ...entry, linkSecret: secret }, actor(request));
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
      ctx.audit.add('provider.update', id, before, after, actor(request), { dialogsEnded: ended });
      return after;
    } catch (error) {
      return fail(reply, error);
    }
  });

  app.delete('/api/providers/:id', { onRequest, schema: { ...secured('providers'), params: IdParams } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    try {
      const before = ctx.providers.remove(id);
      ctx.secrets.forget(id);
      afterProviderChange();
      const ended = await ctx.cut({ kind: 'provider-removed', target: id }, providerScope(ctx.orgDomains, before));
      ctx.audit.add('provider.remove', id, before, null, actor(request), { dialogsEnded: ended });
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
    ctx.audit.add('global.federation', 'organization', { federationEnabled: before }, { federationEnabled: after }, actor(request), { dialogsEnded: ended });
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

  app.post('/api/reset', { onRequest, schema: secured('state') }, async (request) => {
    ctx.resetState();
    ctx.audit.add('state.reset', 'edge', null, null, actor(request));
    ctx.changed();
    return { reset: true };
  });

  // Live updates for admin pages.
  const live = http.io.of('/admin');
  requireNamespaceToken(live, ctx.adminToken, ctx.security, 'admin token');
  live.on('connection', (socket) => socket.emit('state', snapshot()));
  ctx.stateListeners.add(() => live.emit('state', snapshot()));
  ctx.traffic.subscribe((entry) => live.emit('traffic', entry));
  ctx.audit.subscribe((entry) => live.emit('audit', entry));
  const security = registerSecurityRoutes(http, { onRequest, security: ctx.security, live });

  /** Outbox ids already audited: a notice the home server sends again (its ack was lost) is audited once. */
  const audited = new Set<string>();
  /** Whether a notice is new (one without an outbox id always is). */
  const firstTime = (id: string | undefined): boolean => {
    if (!id) return true;
    if (audited.has(id)) return false;
    audited.add(id);
    if (audited.size > 10_000) audited.delete(audited.values().next().value!);
    return true;
  };
  /** A notice from the outbox keeps its id and time in the audit log: stored once however often it comes. */
  const stamped = (notice: { id?: string | undefined; at?: number | undefined }, suffix = '') => (notice.id && notice.at ? { id: `${notice.id}${suffix}`, at: notice.at } : undefined);

  /** An enablement change that cuts a path ends what crosses it first; the audit entry says how much. */
  async function auditEnablement(change: UsersChanged['changes'][number], by: string, as: { id: string; at: number } | undefined): Promise<void> {
    const cutting = enablementCut(ctx.orgDomains, ctx.providers.all(), change.address, change.before, change.after);
    const ended = cutting ? await ctx.cut(cutting.change, cutting.scope) : undefined;
    ctx.audit.add('user.enablement', change.address, change.before, change.after, by, { dialogsEnded: ended, as });
  }

  return {
    /**
     * The home server says an admin changed users' enablement (now, or while the link was down): tell every admin
     * page, end what a disabled user's dialogs crossed (rule 8), and audit each change once, with how many dialogs it ended.
     */
    usersChanged(notice) {
      if (firstTime(notice.id)) {
        live.emit('users', { addresses: notice.changes.map((c) => c.address) });
        const who = actorOf(notice.actor);
        notice.changes.forEach((change, i) => void auditEnablement(change, who, stamped(notice, `-${i}`)));
      }
      return { ok: true };
    },
    /** The home server says an admin deleted a user: audited once, with how many dialogs the deletion ended. */
    userDeleted(notice) {
      if (firstTime(notice.id)) ctx.audit.add('user.delete', notice.address, null, null, actorOf(notice.actor), { dialogsEnded: notice.dialogsEnded, as: stamped(notice) });
      return { ok: true };
    },
    securityFromHome: security.fromHome,
    /** The home server says a user signed in or out: every admin page's Users tab shows it. */
    userOnline(notice) {
      live.emit('online', notice);
    },
    /** The home server's link is up (again): what the pages show of its users may be stale, so they reload. */
    homeConnected() {
      live.emit('users', { addresses: [] });
    },
  };
}

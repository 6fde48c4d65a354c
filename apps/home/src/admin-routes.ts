import { Type } from '@sinclair/typebox';
import type { Address, Enablement, UserDeleted, UsersChanged } from '@fedlab/protocol';
import { ADMIN_ACTOR_HEADER, AddressSchema, BulkEnablementSchema, UserEnablementPatchSchema, actorOf } from '@fedlab/protocol';
import { InternalUserSchema, type Topology, type TopologyInternalUser } from '@fedlab/topology';
import { requireAdminToken, type HttpServer, type PeopleServer, type Store } from '@fedlab/server';
import type { Prompts } from './prompts.ts';
import { seedOf, type HomeData, type InternalUser } from './users.ts';

export interface HomeRoutesContext {
  adminToken: string;
  organization: Topology['organization'];
  people: PeopleServer<HomeData>;
  prompts: Prompts;
  store: Store;
  isInternal: (address: Address) => boolean;
  /**
   * Tells the edge (audit log, admin pages, and the teardown of what a disabled user's dialogs crossed), through
   * the outbox: a change made while the link is down reaches the edge when it returns.
   */
  usersChanged: (notice: Omit<UsersChanged, 'id' | 'at'>) => void;
  /** Tells the edge an admin deleted a user, and how many dialogs that ended (audit log), through the same outbox. */
  userDeleted: (notice: Omit<UserDeleted, 'id' | 'at'>) => void;
  /** Forgets which requests the edge link answered (a test reset). */
  forgetAnswered: () => void;
}

/** The home server's REST routes: the directory, and the admin API (users, enablement, reset, traces). */
export function registerHomeRoutes(http: HttpServer, ctx: HomeRoutesContext): void {
  const { app } = http;
  const { people } = ctx;
  const domains = ctx.organization.domains;
  // The token is checked first, on request: a caller without it learns nothing, not even what a valid body is.
  const admin = { onRequest: requireAdminToken(ctx.adminToken, http.security) };
  const secured = (tag: string) => ({ tags: [tag], security: [{ admin: [] }] });
  const summary = (u: InternalUser) => ({ address: u.address, displayName: u.displayName, enablement: u.data.enablement, online: people.isOnline(u.address) });
  const AddressParams = Type.Object({ address: AddressSchema });

  app.get('/directory', async () => ({
    organization: ctx.organization.name, domains,
    users: people.people.all().map((u) => ({ address: u.address, displayName: u.displayName, online: people.isOnline(u.address) })),
  }));

  /**
   * Sets enablement for existing users in one transaction, tells their clients (the change only), and tells the
   * edge, which keeps the audit log, refreshes every admin page, and ends what a disabled user's dialogs crossed.
   */
  function changeEnablement(addresses: string[], enablement: Partial<Enablement>, actor: string) {
    const changes: UsersChanged['changes'] = [];
    const changed = ctx.store.transaction(() => addresses.filter((a) => people.people.get(a)).map((a) => {
      const before = { ...people.people.get(a)!.data.enablement };
      const user = people.people.update(a, (u) => Object.assign(u.data.enablement, enablement))!;
      changes.push({ address: a, before, after: { ...user.data.enablement } });
      return user;
    }));
    for (const user of changed) people.tellDelta(user.address, { enablement: { ...user.data.enablement } });
    if (changes.length) ctx.usersChanged({ changes, actor });
    return changed.map(summary);
  }

  app.get('/api/users', { ...admin, schema: { ...secured('users'), querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 100 })) }) } }, async (request) => {
    const q = ((request.query as { q?: string }).q ?? '').toLowerCase();
    return people.people.all().filter((u) => !q || u.address.includes(q) || u.displayName.toLowerCase().includes(q)).map(summary);
  });
  app.patch('/api/users/:address/enablement', { ...admin, schema: { ...secured('users'), params: AddressParams, body: UserEnablementPatchSchema } }, async (request, reply) => {
    const { address } = request.params as { address: string };
    const [changed] = changeEnablement([address], request.body as Partial<Enablement>, actorOf(request.headers[ADMIN_ACTOR_HEADER]));
    if (!changed) return reply.status(404).send({ error: 'not-found', message: `There is no user ${address}.` });
    return changed;
  });
  app.post('/api/users/enablement', { ...admin, schema: { ...secured('users'), body: BulkEnablementSchema } }, async (request, reply) => {
    const { addresses, enablement } = request.body as { addresses: string[]; enablement: Partial<Enablement> };
    const unknown = addresses.filter((a) => !people.people.get(a));
    if (unknown.length) return reply.status(404).send({ error: 'not-found', message: `No such users: ${unknown.join(', ')}. Nothing was changed.` });
    return changeEnablement(addresses, enablement, actorOf(request.headers[ADMIN_ACTOR_HEADER]));
  });
  app.post('/api/users', { ...admin, schema: { ...secured('users'), body: InternalUserSchema } }, async (request, reply) => {
    const body = request.body as TopologyInternalUser;
    if (!ctx.isInternal(body.address)) return reply.status(400).send({ error: 'invalid-payload', message: `${body.address} is not in a domain of the organization (${domains.join(', ')}).` });
    const user = people.people.create(seedOf(body));
    if (!user) return reply.status(409).send({ error: 'conflict', message: `${body.address} already exists.` });
    if (body.password !== undefined) await people.setPassword(user.address, body.password);
    return reply.status(201).send(summary(user));
  });
  app.delete('/api/users/:address', { ...admin, schema: { ...secured('users'), params: AddressParams } }, async (request, reply) => {
    const { address } = request.params as { address: string };
    if (ctx.organization.users.some((u) => u.address === address)) {
      return reply.status(409).send({ error: 'conflict', message: `${address} is a user of the topology; only users created at run time can be deleted.` });
    }
    // Every dialog of the user ends on both sides first; nothing of the user stays behind.
    const dialogsEnded = people.deleteUser(address);
    if (dialogsEnded === undefined) return reply.status(404).send({ error: 'not-found', message: `There is no user ${address}.` });
    ctx.prompts.forget(address);
    ctx.userDeleted({ address, dialogsEnded, actor: actorOf(request.headers[ADMIN_ACTOR_HEADER]) });
    return reply.status(204).send();
  });
  app.post('/api/reset', { ...admin, schema: secured('state') }, async () => {
    people.reset();
    ctx.prompts.clear();
    ctx.forgetAnswered();
    return { reset: true };
  });
  app.get('/api/traces/:id', { ...admin, schema: { ...secured('traces'), params: Type.Object({ id: Type.String({ maxLength: 64 }) }) } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const decisions = people.traces.get(id);
    if (!decisions.length) return reply.status(404).send({ error: 'not-found', message: `The home server recorded nothing for request ${id}.` });
    return decisions;
  });
}

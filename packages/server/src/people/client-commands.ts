import type { Address, Answer, CommandResult, FedRequest, Presence, Reason } from '@fedlab/protocol';
import {
  ClientRequestSchema, ListChangeSchema, PresenceSchema, PromptAnswerSchema, SettingsChangeSchema, answerFor, toSenderForm,
} from '@fedlab/protocol';
import type { ClientSocket } from '../client-hub.ts';
import { claimedId, type Guard, type Refusal } from '../guard.ts';
import type { RateLimiter } from '../rate-limit.ts';
import type { PeopleContext } from './context.ts';
import { cutBlocked, unblocked } from './endings.ts';
import { notify } from './notices.ts';

export interface CommandLimits {
  requests: RateLimiter;
  commands: RateLimiter;
}

const REFUSED_REQUEST: Record<Refusal['code'], Reason> = {
  'invalid-payload': 'malformed',
  'rate-limited': 'rate-limited',
  'storage-failed': 'storage-failed',
  'internal-error': 'internal-error',
};

const refusedCommand = (refusal: Refusal): CommandResult => ({ ok: false, error: { code: refusal.code, message: refusal.message } });

/**
 * What a signed-in client may send its server, each event through the guard: `request` (to another person) and
 * the commands on the person's own presence, lists, settings and prompts. Every one is rate limited per person.
 */
export function registerClientEvents<D>(ctx: PeopleContext<D>, guard: Guard, limits: CommandLimits, address: Address, socket: ClientSocket): void {
  // What the guard refuses as malformed is recorded against the client's IP address, as a failed sign-in is.
  const source = socket.handshake.address;
  const command = (event: string) => ({ event, source, refuse: refusedCommand, limit: () => limits.commands.take(address) });

  socket.on('request', guard.handler({
    event: 'request',
    source,
    schema: ClientRequestSchema,
    refuse: (refusal, raw): Answer => answerFor(claimedId(raw), REFUSED_REQUEST[refusal.code], ctx.hop),
    limit: () => limits.requests.take(address),
  }, async (request) => toSenderForm(await ctx.send({ ...request, from: address, sentAt: Date.now() } as FedRequest), request.kind)) as never);

  socket.on('presence:set', guard.handler({ ...command('presence:set'), schema: PresenceSchema }, (presence) => {
    if (ctx.people.get(address)?.note !== presence.note) ctx.people.update(address, (p) => (p.note = presence.note));
    setPresence(ctx, address, presence as Presence);
    return { ok: true } as CommandResult;
  }) as never);

  socket.on('list:change', guard.handler({ ...command('list:change'), schema: ListChangeSchema }, (change): CommandResult => {
    const result = ctx.people.changeList(address, change.list, change.op, change.address);
    if (result === 'full') {
      return { ok: false, error: { code: 'list-full', message: `The ${change.list === 'allow' ? 'Allow' : 'Block'} list already holds ${ctx.limits.maxListEntries} entries, as many as a list may; remove one first.` } };
    }
    if (result === 'changed') {
      ctx.hub.tell(address, 'profile:delta', { lists: [change] });
      if (change.list === 'block' && change.op === 'add') cutBlocked(ctx, address, change.address);
      if (change.list === 'block' && change.op === 'remove') unblocked(ctx, address, change.address);
    }
    return { ok: true };
  }) as never);

  socket.on('settings:set', guard.handler({ ...command('settings:set'), schema: SettingsChangeSchema }, (change) => ctx.realm.settings(address, change)) as never);
  socket.on('prompt:answer', guard.handler({ ...command('prompt:answer'), schema: PromptAnswerSchema }, (answer) => ctx.realm.answerPrompt(address, answer)) as never);
}

/** Sets a person's presence and tells her watchers, except those on her Block list (rule 9: they see her offline). */
export function setPresence<D>(ctx: PeopleContext<D>, address: Address, presence: Presence): void {
  ctx.presence.set(address, presence);
  for (const watcher of ctx.watchers.of(address)) {
    if (!ctx.people.onList(address, 'block', watcher)) void ctx.send(notify(address, watcher, presence, 'active'));
  }
}

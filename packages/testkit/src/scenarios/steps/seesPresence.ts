import { Type } from '@sinclair/typebox';
import { PRESENCE_STATES } from '@fedlab/protocol';
import type { SubscriptionState } from '@fedlab/sdk';
import { Alias, Target, strings } from '../parts.ts';
import { defineStep } from './step.ts';

const SUBSCRIPTION_STATES = ['none', 'pending', 'active', 'rejected', 'terminated'] as const satisfies readonly SubscriptionState[];

export const seesPresence = defineStep({
  action: 'seesPresence',
  body: Type.Object({
    user: Alias,
    of: Target,
    state: strings(PRESENCE_STATES, 'the state user sees'),
    note: Type.Optional(Type.String()),
    subscription: Type.Optional(strings(SUBSCRIPTION_STATES, "user's subscription to of, as the contact list shows it: active shows the presence; pending (Waiting for approval), rejected, terminated (No longer shares presence) and none show that instead")),
  }, { additionalProperties: false }),
  description: 'Waits until `user` sees `of` in that presence state (offline also when user sees nothing of `of`); `subscription` also checks what the contact list says of the subscription.',
  waits: true,
  async run(run, { user, of, state, note, subscription }) {
    const bot = run.bot(user);
    const address = run.address(of);
    const sees = () => bot.presenceOf(address) ?? { state: 'offline' as const, note: '' };
    const subscribed = () => bot.contacts.get(address)?.subscription ?? 'none';
    await run.wait(() => {
      const p = sees();
      return p.state === state && (note === undefined || p.note === note) && (subscription === undefined || subscribed() === subscription);
    }, [`${user} sees ${of} as ${state}${note !== undefined ? ` "${note}"` : ''}${subscription ? ` (subscription ${subscription})` : ''}`], () => {
      const contact = bot.contacts.get(address);
      const p = sees();
      return [`${user} sees ${of} as ${p.state}${p.note ? ` "${p.note}"` : ''}${contact ? ` (subscription ${contact.subscription}${contact.answer ? `, last answer ${contact.answer.code} ${contact.answer.diagnostic.reason}` : ''})` : ` (${of} is not among ${user}'s contacts)`}`];
    });
  },
});

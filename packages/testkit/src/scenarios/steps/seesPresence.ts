import { Type } from '@sinclair/typebox';
import { PRESENCE_STATES } from '@fedlab/protocol';
import { Alias, Target, strings } from '../parts.ts';
import { defineStep } from './step.ts';

export const seesPresence = defineStep({
  action: 'seesPresence',
  body: Type.Object({ user: Alias, of: Target, state: strings(PRESENCE_STATES, 'the state user sees'), note: Type.Optional(Type.String()) }, { additionalProperties: false }),
  description: 'Waits until `user` sees `of` in that presence state (offline also when user sees nothing of `of`).',
  waits: true,
  async run(run, { user, of, state, note }) {
    const bot = run.bot(user);
    const address = run.address(of);
    const sees = () => bot.presenceOf(address) ?? { state: 'offline' as const, note: '' };
    await run.wait(() => {
      const p = sees();
      return p.state === state && (note === undefined || p.note === note);
    }, [`${user} sees ${of} as ${state}${note !== undefined ? ` "${note}"` : ''}`], () => {
      const contact = bot.contacts.get(address);
      const p = sees();
      return [`${user} sees ${of} as ${p.state}${p.note ? ` "${p.note}"` : ''}${contact ? ` (subscription ${contact.subscription}${contact.answer ? `, last answer ${contact.answer.code} ${contact.answer.diagnostic.reason}` : ''})` : ` (${of} is not among ${user}'s contacts)`}`];
    });
  },
});

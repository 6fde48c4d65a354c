import { Type } from '@sinclair/typebox';
import { Alias, Target } from '../parts.ts';
import { defineStep } from './step.ts';

export const receives = defineStep({
  action: 'receives',
  body: Type.Object({ user: Alias, from: Target, text: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
  description: 'Waits until `user` has received that message from `from`.',
  waits: true,
  async run(run, { user, from, text }) {
    const bot = run.bot(user);
    const address = run.address(from);
    await run.wait(() => bot.received().some((m) => m.from === address && m.text === text), [`${user} gets "${text}" from ${from}`], () => {
      const got = bot.received().filter((m) => m.from === address).map((m) => `"${m.text}"`);
      return [got.length ? `${user} got from ${from}: ${got.join(', ')}` : `${user} got nothing from ${from}`];
    });
  },
});

import { Type } from '@sinclair/typebox';
import { Alias, Target } from '../parts.ts';
import { defineStep } from './step.ts';

export const sessionEnded = defineStep({
  action: 'sessionEnded',
  body: Type.Object({ user: Alias, with: Target }, { additionalProperties: false }),
  description: "Waits until `user`'s IM session with `with` is ended on `user`'s side.",
  waits: true,
  async run(run, { user, with: peer }) {
    const bot = run.bot(user);
    const address = run.address(peer);
    await run.wait(() => bot.conversation(address).state === 'ended', [`${user}'s IM session with ${peer} is ended`], () => {
      const { sessions } = bot.conversation(address);
      return [sessions.length ? `${user}'s sessions with ${peer}: ${sessions.map((s) => s.state).join(', ')}` : `${user} has no IM session with ${peer}`];
    });
  },
});

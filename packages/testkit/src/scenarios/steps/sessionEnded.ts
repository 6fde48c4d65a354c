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
    const sessions = () => [...bot.sessions.values()].filter((s) => s.peer === address);
    await run.wait(() => sessions().length > 0 && sessions().every((s) => s.state === 'ended'), [`${user}'s IM session with ${peer} is ended`], () => [
      sessions().length ? `${user}'s sessions with ${peer}: ${sessions().map((s) => s.state).join(', ')}` : `${user} has no IM session with ${peer}`,
    ]);
  },
});

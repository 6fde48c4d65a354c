import { Type } from '@sinclair/typebox';
import { Alias, Target } from '../parts.ts';
import { StepError } from '../step-error.ts';
import { defineStep } from './step.ts';

export const promptShown = defineStep({
  action: 'promptShown',
  body: Type.Object({ user: Alias, from: Target, shown: Type.Optional(Type.Boolean({ description: 'false: proves with a sentinel that no prompt came', default: true })) }, { additionalProperties: false }),
  description: "Waits until `user` is shown a prompt for `from`'s subscription (shown: false proves it never is).",
  waits: true,
  async run(run, { user, from, shown }) {
    const bot = run.bot(user);
    const address = run.address(from);
    const has = () => bot.prompts.some((p) => p.from === address) || bot.history.some((h) => h.event === 'prompt' && (h.args[0] as { from: string }).from === address);
    if (shown === false) {
      await run.sentinel(user);
      if (has()) throw new StepError('a prompt came', { expected: [`${user} is never shown a prompt for ${from} (proved with a sentinel)`], actual: [`${user} was shown a prompt for ${from}`] });
    } else {
      await run.wait(has, [`${user} is shown a prompt for ${from}'s subscription`], () => [`${user} has ${bot.prompts.length ? `prompts from ${bot.prompts.map((p) => run.name(p.from)).join(', ')}` : 'no prompt'}`]);
    }
  },
});

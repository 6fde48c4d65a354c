import { Type } from '@sinclair/typebox';
import { Alias, Target, strings } from '../parts.ts';
import { defineStep } from './step.ts';

export const answerPrompt = defineStep({
  action: 'answerPrompt',
  body: Type.Object({ user: Alias, from: Target, decision: strings(['allow', 'block'] as const, 'Allow or Block, as the prompt offers') }, { additionalProperties: false }),
  description: "Waits until `user` is shown a prompt for `from`'s subscription, then answers it.",
  waits: true,
  internalOnly: true,
  async run(run, { user, from, decision }) {
    const bot = run.bot(user);
    const prompt = await run.wait(() => bot.prompts.find((p) => p.from === run.address(from)), [`${user} is shown a prompt for ${from}'s subscription`], () => [
      bot.prompts.length ? `${user}'s prompts are from ${bot.prompts.map((p) => run.name(p.from)).join(', ')}` : `${user} has no prompt`,
    ]);
    await run.command(bot.answerPrompt(prompt.id, decision), 'answerPrompt');
  },
});

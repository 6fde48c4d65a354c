import { Aliases } from '../parts.ts';
import { checkSignIn } from './sign-in-out.ts';
import { defineStep, list } from './step.ts';

export const signOut = defineStep({
  action: 'signOut',
  body: Aliases,
  description: 'Signs users out: they are offline until signed in again.',
  check: checkSignIn,
  describe: (body) => `signOut ${list(body).join(', ')}`,
  /** Signs out and waits until the user's server has noticed, so that the next step finds the user offline. */
  async run(run, body) {
    for (const alias of list(body)) {
      const bot = run.bot(alias);
      bot.close();
      run.bots.delete(alias);
      await run.wait(async () => !(await run.online(bot.address)), [`${alias}'s server sees ${alias} offline`], () => [`${alias} is still online`]);
    }
  },
});

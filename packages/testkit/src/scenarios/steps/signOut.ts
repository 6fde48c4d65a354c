import { usersStep } from './step.ts';

/** Signs out and waits until the user's server has noticed, so that the next step finds the user offline. */
export const signOut = usersStep('signOut', 'Signs users out: they are offline until signed in again.', async (run, alias) => {
  const bot = run.bot(alias);
  bot.close();
  run.bots.delete(alias);
  await run.wait(async () => !(await run.online(bot.address)), [`${alias}'s server sees ${alias} offline`], () => [`${alias} is still online`]);
});

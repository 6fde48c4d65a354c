import { StepError, describeError } from '../step-error.ts';
import { usersStep } from './step.ts';

export const signIn = usersStep('signIn', 'Signs users in (a bot each), on the home server or their provider.', async (run, alias) => {
  run.bots.get(alias)?.close();
  const address = run.address(alias);
  const bot = run.newBot(address);
  run.bots.set(alias, bot);
  try {
    await run.settle(bot.signedIn(), `${alias}'s sign-in`);
  } catch (error) {
    run.bots.delete(alias);
    bot.close();
    throw new StepError(`${alias} (${address}) could not sign in: ${describeError(error)}`, { error: true });
  }
});

import type { ScenarioRun } from '../scenario-run.ts';
import { Aliases } from '../parts.ts';
import { StepError, describeError } from '../step-error.ts';
import { checkSignIn } from './sign-in-out.ts';
import { defineStep, list } from './step.ts';

export const signIn = defineStep({
  action: 'signIn',
  body: Aliases,
  description: 'Signs users in (a bot each), on the home server or their provider.',
  check: checkSignIn,
  describe: (body) => `signIn ${list(body).join(', ')}`,
  async run(run, body) {
    for (const alias of list(body)) await signInAs(run, alias);
  },
});

async function signInAs(run: ScenarioRun, alias: string): Promise<void> {
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
}

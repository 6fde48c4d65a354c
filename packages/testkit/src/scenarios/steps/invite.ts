import type { Session } from '@fedlab/sdk';
import { FromTo } from '../parts.ts';
import { between, defineStep } from './step.ts';

export const invite = defineStep({
  action: 'invite',
  body: FromTo,
  description: 'Opens an IM session from `from` to `to`.',
  request: true,
  delivery: true,
  check: ({ from, to }, scope) => scope.openSession(from, to),
  describe: (body) => between('invite', body),
  run(run, { from, to }, step) {
    let session: Session | undefined;
    const bot = run.bot(from);
    return run.request(step, from, to, async () => {
      const result = await bot.invite(run.address(to));
      session = result.session;
      return result.answer;
    }, async () => {
      const id = session!.id;
      await run.delivery(step, to, `${to}'s client opens the IM session ${from} invited to`, (r) => [...r.sessions.values()].some((s) => s.id === id && !s.outgoing));
    });
  },
});

import { FromTo } from '../parts.ts';
import { between, defineStep, needsSession } from './step.ts';

export const end = defineStep({
  action: 'end',
  body: FromTo,
  request: true,
  description: 'Ends the IM session between `from` and `to`.',
  check: (body, scope) => needsSession('end', body, scope),
  describe: (body) => between('end', body),
  run(run, { from, to }, step) {
    const session = run.session(from, to);
    return run.request(step, from, to, () => run.bot(from).end(session.id));
  },
});

import { FromToText } from '../parts.ts';
import { between, defineStep, needsSession } from './step.ts';

export const send = defineStep({
  action: 'send',
  body: FromToText,
  request: true,
  delivery: true,
  description: 'Sends a message in the IM session between `from` and `to` (opened by an earlier invite, by either of them). Without text, a unique one is made up.',
  check: (body, scope) => needsSession('send', body, scope),
  describe: (body) => `${between('send', body)}${body.text ? ` "${body.text}"` : ''}`,
  run(run, body, step) {
    const text = body.text ?? `message of step ${step.number} from ${body.from}`;
    const session = run.session(body.from, body.to);
    const from = run.address(body.from);
    return run.request(step, body.from, body.to, () => run.bot(body.from).send(session.id, text), async () => {
      await run.delivery(step, body.to, `${body.to} gets "${text}" from ${body.from}`, (r) => r.received().some((m) => m.text === text && m.from === from));
    });
  },
});

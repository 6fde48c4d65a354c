import { FromToText } from '../parts.ts';
import { between, defineStep } from './step.ts';

/**
 * What a person does in the chat page (apps/client's chat store, `sendTo`): the text goes into the open
 * conversation; when there is none (never was, or it has ended), the client invites first and sends the text
 * once the invitation is accepted, and what the page shows is the invitation's answer when it is refused.
 */
export const write = defineStep({
  action: 'write',
  body: FromToText,
  request: true,
  delivery: true,
  description: "`from` writes to `to` in the chat page: the message goes into the open IM session; when there is none (or it has ended), `from`'s client invites `to` first, as the chat client does. expect checks the message's answer, or the invitation's when it is refused. Without text, a unique one is made up.",
  check: ({ from, to }, scope) => scope.openSession(from, to),
  describe: (body) => `${between('write', body)}${body.text ? ` "${body.text}"` : ''}`,
  run(run, body, step) {
    const text = body.text ?? `message of step ${step.number} from ${body.from}`;
    const bot = run.bot(body.from);
    const from = bot.address;
    const peer = run.address(body.to);
    return run.request(step, body.from, body.to, async () => {
      const open = [...bot.sessions.values()].reverse().find((s) => s.peer === peer && s.state === 'open');
      if (open) return bot.send(open.id, text);
      const { answer, session } = await bot.invite(peer);
      return answer.code === 200 && session.state === 'open' ? bot.send(session.id, text) : answer;
    }, async () => {
      await run.delivery(step, body.to, `${body.to} gets "${text}" from ${body.from}`, (r) => r.received().some((m) => m.text === text && m.from === from));
    });
  },
});

import { FromTo } from '../parts.ts';
import { StepError } from '../step-error.ts';
import { between, defineStep, needsSession } from './step.ts';

/**
 * A typing notice, as the chat client sends one while its person types: in the open IM session with the peer
 * only (apps/client's chat store), through the sdk's `typing()`.
 */
export const typing = defineStep({
  action: 'typing',
  body: FromTo,
  request: true,
  delivery: true,
  description: "`from` types in the IM session with `to`: `from`'s client sends a typing notice in the open session, as the chat client does while its person types. delivered: `to`'s client shows that `from` is typing.",
  check: (body, scope) => needsSession('typing', body, scope),
  describe: (body) => between('typing', body),
  run(run, { from, to }, step) {
    const bot = run.bot(from);
    const peer = run.address(to);
    const open = [...bot.sessions.values()].reverse().find((s) => s.peer === peer && s.state === 'open');
    if (!open) {
      const { state } = bot.conversation(peer);
      throw new StepError(`${from} has no open IM session with ${to} (the conversation is ${state}): a chat client sends typing notices only in an open one`, { error: true });
    }
    const before = run.bots.get(to)?.typingNotices(bot.address) ?? 0;
    const sent = async () => (await bot.typing(open.id)) ?? Promise.reject(new StepError(`${from}'s IM session with ${to} ended before the typing notice left`, { error: true }));
    return run.request(step, from, to, sent, async () => {
      await run.delivery(step, to, `${to}'s client shows that ${from} is typing`, (r) => r.typingNotices(bot.address) > before);
    });
  },
});

import { Type } from '@sinclair/typebox';
import { ALL_REASONS, Alias, Target, strings } from '../parts.ts';
import { defineStep } from './step.ts';

const STATES = ['none', 'inviting', 'open', 'ended'] as const;
const ENDINGS = ['ended-by-us', 'ended-by-peer', 'signed-out', ...ALL_REASONS];

export const conversation = defineStep({
  action: 'conversation',
  body: Type.Object(
    {
      user: Alias,
      with: Target,
      state: strings(STATES, 'open: a session is open (the next message goes in it); inviting: an invitation travels; ended: every session has ended; none: there never was one'),
      because: Type.Optional(strings(ENDINGS, "why it ended, as user's client has it: ended-by-us, ended-by-peer, signed-out (the client signed in again), or the reason of the answer that ended it (the public form for an outside user)")),
    },
    { additionalProperties: false },
  ),
  description: "Waits until `user`'s conversation with `with` is in that state, as `user`'s chat client shows it (all IM sessions with `with` are one conversation); `because` also checks why it ended.",
  waits: true,
  check(body, scope) {
    if (body.because !== undefined && body.state !== 'ended') scope.problem(scope.at('because'), `because says why a conversation ended; this step expects state ${body.state}`);
  },
  async run(run, { user, with: peer, state, because }) {
    const bot = run.bot(user);
    const address = run.address(peer);
    await run.wait(() => {
      const seen = bot.conversation(address);
      return seen.state === state && (because === undefined || seen.because === because);
    }, [`${user}'s conversation with ${peer} is ${state}${because ? ` (${because})` : ''}`], () => {
      const seen = bot.conversation(address);
      const sessions = seen.sessions.map((s) => `${s.outgoing ? 'outgoing' : 'incoming'} ${s.state}${s.endedBecause ? ` (${s.endedBecause})` : ''}`);
      return [`${user}'s conversation with ${peer} is ${seen.state}${seen.because ? ` (${seen.because})` : ''}${sessions.length ? `; sessions: ${sessions.join(', ')}` : ''}`];
    });
  },
});

import { Type } from '@sinclair/typebox';
import { PRESENCE_STATES } from '@fedlab/protocol';
import { Alias, strings } from '../parts.ts';
import { defineStep } from './step.ts';

export const setPresence = defineStep({
  action: 'setPresence',
  body: Type.Object({ user: Alias, state: strings(PRESENCE_STATES, 'the presence state'), note: Type.Optional(Type.String({ maxLength: 256 })) }, { additionalProperties: false }),
  description: "Sets a user's own presence.",
  async run(run, { user, state, note }) {
    await run.command(run.bot(user).setPresence({ state, note: note ?? '' }), 'setPresence');
  },
});

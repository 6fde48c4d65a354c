import { Type } from '@sinclair/typebox';
import { Alias, SubscriptionSetting } from '../parts.ts';
import { defineStep } from './step.ts';

export const setSettings = defineStep({
  action: 'setSettings',
  body: Type.Object(
    { user: Alias, subscriptionSetting: Type.Optional(SubscriptionSetting), blockImFromNonAllowList: Type.Optional(Type.Boolean()) },
    { additionalProperties: false, minProperties: 2 },
  ),
  description: "Changes an internal user's own settings, as the user would in the client.",
  internalOnly: true,
  async run(run, { user, ...change }) {
    await run.command(run.bot(user).setSettings(change), 'setSettings');
  },
});

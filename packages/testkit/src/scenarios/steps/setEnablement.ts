import { Type } from '@sinclair/typebox';
import { Alias } from '../parts.ts';
import { defineStep } from './step.ts';

export const setEnablement = defineStep({
  action: 'setEnablement',
  body: Type.Object({ user: Alias, federation: Type.Optional(Type.Boolean()), publicIm: Type.Optional(Type.Boolean()) }, { additionalProperties: false, minProperties: 2 }),
  description: "An admin changes an internal user's enablement for federation and for public IM connectivity.",
  internalOnly: true,
  async run(run, { user, ...enablement }) {
    await run.admin.setEnablement(run.address(user), enablement);
  },
});

import { Type } from '@sinclair/typebox';
import { LinkName } from '../parts.ts';
import { defineStep } from './step.ts';

export const fault = defineStep({
  action: 'fault',
  body: Type.Object(
    {
      link: LinkName,
      latencyMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 60_000 })),
      jitterMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 60_000 })),
      bandwidthBps: Type.Optional(Type.Integer({ minimum: 1, description: 'bytes per second' })),
      down: Type.Optional(Type.Boolean({ description: 'nothing passes and the link reports down' })),
      unresponsive: Type.Optional(Type.Boolean({ description: 'the peer receives but never answers' })),
    },
    { additionalProperties: false, minProperties: 2 },
  ),
  global: true,
  description: 'Injects a fault on a link of the edge (it replaces any fault already there).',
  names: ({ link }) => ({ link }),
  describe: ({ link, ...rest }) => `fault on link ${link}: ${Object.entries(rest).map(([k, v]) => `${k} ${String(v)}`).join(', ')}`,
  async run(run, { link, ...linkFault }) {
    await run.admin.setFault(link, linkFault);
  },
});

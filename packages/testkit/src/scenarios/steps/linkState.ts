import { Type } from '@sinclair/typebox';
import { LinkName, strings } from '../parts.ts';
import { defineStep } from './step.ts';

export const linkState = defineStep({
  action: 'linkState',
  body: Type.Object({ link: LinkName, state: strings(['connected', 'connecting', 'unreachable', 'fqdn-mismatch'], 'the state the edge reports') }, { additionalProperties: false }),
  description: "Waits until the edge reports the link in that state (e.g. connected again after a fault is cleared).",
  names: ({ link }) => ({ link }),
  async run(run, { link, state }) {
    let seen = 'unknown';
    await run.wait(async () => {
      const found = (await run.admin.links()).find((l) => l.provider === link);
      seen = found ? `${found.state}${found.detail ? ` (${found.detail})` : ''}` : 'no such link';
      return found?.state === state;
    }, [`the edge reports link ${link} ${state}`], () => [`link ${link} is ${seen}`]);
  },
});

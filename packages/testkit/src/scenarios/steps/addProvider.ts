import { Type } from '@sinclair/typebox';
import { NewProviderFields, ProviderId } from '../parts.ts';
import { newEntry } from '../world.ts';
import { defineStep } from './step.ts';

export const addProvider = defineStep({
  action: 'addProvider',
  body: Type.Object({ id: ProviderId, ...NewProviderFields }, { additionalProperties: false }),
  global: true,
  description: "An admin adds a provider to the list. Every setting left out is entered as the topology file has it (its address, name, domains and kind; allowed and filtering of the topology's edge entry, else allowed and verified-only).",
  names: ({ id }) => ({ provider: id, field: 'id' }),
  async run(run, body) {
    await run.admin.addProvider(newEntry(run.target.topology, body));
  },
});

import { Type } from '@sinclair/typebox';
import { NewProviderFields, ProviderId } from '../parts.ts';
import { StepError } from '../step-error.ts';
import { defineStep } from './step.ts';

export const setProvider = defineStep({
  action: 'setProvider',
  body: Type.Object({ id: ProviderId, ...NewProviderFields }, { additionalProperties: false, minProperties: 2 }),
  global: true,
  description: "An admin changes settings of a provider's entry in the edge's IM provider list.",
  names: ({ id }) => ({ provider: id, field: 'id' }),
  async run(run, { id, address, ...patch }) {
    const current = (await run.admin.providers()).find((p) => p.id === id);
    if (!current) throw new StepError(`${id} is not in the IM provider list (removed?): addProvider puts it back`, { error: true });
    await run.admin.updateProvider(id, { ...patch, ...(address ? { address: { ...current.address, ...address } } : {}) });
  },
});

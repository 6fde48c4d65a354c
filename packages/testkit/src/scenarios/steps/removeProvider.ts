import { ProviderId } from '../parts.ts';
import { adminStep } from './step.ts';

export const removeProvider = adminStep({
  action: 'removeProvider',
  body: ProviderId,
  global: true,
  description: "An admin removes the provider's entry, with all its settings.",
  names: (id) => ({ provider: id }),
}, (admin, id) => admin.removeProvider(id));

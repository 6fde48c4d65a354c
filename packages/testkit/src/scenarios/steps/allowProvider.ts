import { ProviderId } from '../parts.ts';
import { adminStep } from './step.ts';

export const allowProvider = adminStep({
  action: 'allowProvider',
  body: ProviderId,
  global: true,
  description: 'An admin sets "Allow this IM service provider" again.',
  names: (id) => ({ provider: id }),
}, (admin, id) => admin.allowProvider(id));

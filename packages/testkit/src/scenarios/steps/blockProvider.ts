import { ProviderId } from '../parts.ts';
import { adminStep } from './step.ts';

export const blockProvider = adminStep({
  action: 'blockProvider',
  body: ProviderId,
  global: true,
  description: 'An admin clears "Allow this IM service provider": a temporary block that keeps every setting.',
  names: (id) => ({ provider: id }),
}, (admin, id) => admin.blockProvider(id));

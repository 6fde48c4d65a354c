import { providerStep } from './step.ts';

export const blockProvider = providerStep(
  'blockProvider',
  'An admin clears "Allow this IM service provider": a temporary block that keeps every setting.',
  (admin, id) => admin.blockProvider(id),
);

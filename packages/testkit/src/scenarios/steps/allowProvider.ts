import { providerStep } from './step.ts';

export const allowProvider = providerStep('allowProvider', 'An admin sets "Allow this IM service provider" again.', (admin, id) => admin.allowProvider(id));

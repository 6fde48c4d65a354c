import { providerStep } from './step.ts';

export const removeProvider = providerStep('removeProvider', "An admin removes the provider's entry, with all its settings.", (admin, id) => admin.removeProvider(id));

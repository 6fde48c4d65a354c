import { linkStep } from './step.ts';

export const clearFault = linkStep('clearFault', 'Clears the fault on a link.', (admin, link) => admin.clearFault(link));

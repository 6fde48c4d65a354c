import { LinkName } from '../parts.ts';
import { adminStep } from './step.ts';

export const clearFault = adminStep({
  action: 'clearFault',
  body: LinkName,
  global: true,
  description: 'Clears the fault on a link.',
  names: (link) => ({ link }),
}, (admin, link) => admin.clearFault(link));

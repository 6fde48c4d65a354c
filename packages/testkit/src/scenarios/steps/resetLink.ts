import { LinkName } from '../parts.ts';
import { adminStep } from './step.ts';

export const resetLink = adminStep({
  action: 'resetLink',
  body: LinkName,
  global: true,
  description: 'Resets the connection of a provider link; it reconnects by itself.',
  names: (link) => ({ link }),
  check(link, scope) {
    if (link === 'home') scope.problem(scope.at(), 'resetLink works on provider links; for the home link use fault: { link: home, down: true } and clearFault');
  },
}, (admin, link) => admin.resetLink(link));

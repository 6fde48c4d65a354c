import { linkStep } from './step.ts';

export const resetLink = linkStep('resetLink', 'Resets the connection of a provider link; it reconnects by itself.', (admin, link) => admin.resetLink(link), {
  check(link, scope) {
    if (link === 'home') scope.problem(scope.at(), 'resetLink works on provider links; for the home link use fault: { link: home, down: true } and clearFault');
  },
});

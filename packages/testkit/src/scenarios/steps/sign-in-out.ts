import type { CheckScope } from './step.ts';
import { list } from './step.ts';

/** signIn and signOut name users, one or a list: each must be declared and exist. */
export function checkSignIn(body: string | string[], scope: CheckScope): void {
  list(body).forEach((ref, i) => {
    const path = Array.isArray(body) ? scope.at(i) : scope.at();
    scope.checkRef(ref, path, 'user');
    if (scope.declared(ref) && !scope.exists(ref)) scope.problem(path, `${ref} is declared with exists: false: nobody can sign in as ${ref}`);
  });
}

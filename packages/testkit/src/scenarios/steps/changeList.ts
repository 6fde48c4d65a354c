import { Type } from '@sinclair/typebox';
import { Alias, Targets, strings } from '../parts.ts';
import { defineStep, list } from './step.ts';

export const changeList = defineStep({
  action: 'changeList',
  body: Type.Object(
    { user: Alias, list: strings(['allow', 'block'] as const, 'the Allow (contact) list or the Block list'), add: Type.Optional(Targets), remove: Type.Optional(Targets) },
    { additionalProperties: false },
  ),
  description: "Adds people to, or removes them from, a user's Allow or Block list (a provider user's own contacts or Block list for a provider user).",
  check(body, scope) {
    if (body.add === undefined && body.remove === undefined) scope.problem(scope.at(), 'say what to add or remove');
  },
  async run(run, { user, list: which, add, remove }) {
    const bot = run.bot(user);
    for (const ref of list(add)) await run.command(bot.changeList(which, 'add', run.address(ref)), 'changeList');
    for (const ref of list(remove)) await run.command(bot.changeList(which, 'remove', run.address(ref)), 'changeList');
  },
});

import { requestStep } from './step.ts';

export const addContact = requestStep(
  'addContact',
  "Puts `to` on `from`'s contact (Allow) list, then subscribes to `to`'s presence; expect checks the subscription's answer.",
  (bot, to) => bot.addContact(to),
);

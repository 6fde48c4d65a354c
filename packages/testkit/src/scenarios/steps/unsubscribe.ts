import { requestStep } from './step.ts';

export const unsubscribe = requestStep('unsubscribe', 'Ends the presence subscription of `from` to `to`.', (bot, to) => bot.unsubscribe(to));

import { requestStep } from './step.ts';

export const subscribe = requestStep('subscribe', "Subscribes `from` to the presence of `to` (without touching `from`'s lists).", (bot, to) => bot.subscribe(to));

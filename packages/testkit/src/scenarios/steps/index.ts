import type { LoadedStep } from '../load.ts';
import { addContact } from './addContact.ts';
import { addProvider } from './addProvider.ts';
import { allowProvider } from './allowProvider.ts';
import { answerPrompt } from './answerPrompt.ts';
import { blockProvider } from './blockProvider.ts';
import { changeList } from './changeList.ts';
import { clearFault } from './clearFault.ts';
import { conversation } from './conversation.ts';
import { end } from './end.ts';
import { fault } from './fault.ts';
import { invite } from './invite.ts';
import { linkState } from './linkState.ts';
import { promptShown } from './promptShown.ts';
import { receives } from './receives.ts';
import { removeProvider } from './removeProvider.ts';
import { resetLink } from './resetLink.ts';
import { seesPresence } from './seesPresence.ts';
import { send } from './send.ts';
import { sessionEnded } from './sessionEnded.ts';
import { setEnablement } from './setEnablement.ts';
import { setFederation } from './setFederation.ts';
import { setPresence } from './setPresence.ts';
import { setProvider } from './setProvider.ts';
import { setSettings } from './setSettings.ts';
import { signIn } from './signIn.ts';
import { signOut } from './signOut.ts';
import { subscribe } from './subscribe.ts';
import { typing } from './typing.ts';
import { write } from './write.ts';
import { unsubscribe } from './unsubscribe.ts';
import type { StepDefinition } from './step.ts';

export type { StepDefinition, CheckScope } from './step.ts';

/**
 * Every step a scenario file may use, in the order the schema and the docs list them: what people do, what an
 * admin does, then what a person sees. A new step: its own file,
 * listed here, and a row in docs/scenarios.md.
 */
export const STEPS: readonly StepDefinition[] = [
  signIn, signOut, setPresence, subscribe, addContact, unsubscribe, answerPrompt, invite, send, write, typing, end, changeList, setSettings,
  setEnablement, setProvider, blockProvider, allowProvider, removeProvider, addProvider, setFederation, fault, clearFault, resetLink, linkState,
  seesPresence, promptShown, receives, sessionEnded, conversation,
] as StepDefinition[];

export const STEP_BY_ACTION: ReadonlyMap<string, StepDefinition> = new Map(STEPS.map((s) => [s.action, s]));

/** The step in words, for progress and failures; a step's `name` is added after a dash. */
export function describeStep(step: LoadedStep): string {
  const suffix = step.name ? ` — ${step.name}` : '';
  const own = STEP_BY_ACTION.get(step.action)?.describe;
  if (own) return own(step.body) + suffix;
  const body = step.body;
  const text = typeof body === 'object' && body !== null
    ? `${step.action} ${Object.entries(body).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`).join(', ')}`
    : `${step.action} ${String(body)}`;
  return text + suffix;
}

import type {
  Address, Answer, CommandResult, FedRequest, Hop, Presence, Profile, Prompt, PromptAnswer, Reason, SettingsChange, UserLists,
} from '@fedlab/protocol';
import type { ListsView, Verdict } from '@fedlab/policy';
import type { ClientHub } from '../client-hub.ts';
import type { Sessions } from '../dialogs.ts';
import type { TraceLog } from '../trace-log.ts';
import type { Watchers } from '../watchers.ts';
import type { PeopleLimits } from './limits.ts';
import type { PeopleStore, Person } from './people-store.ts';

/** A recipient as the rules see it. */
export interface Recipient<D> {
  person: Person<D>;
  lists: ListsView;
  online: boolean;
}

/** Where a request for one of our people came from: one of our own people, or the link to the edge. */
export type Origin = 'local' | 'link';

/**
 * What each app brings to the server people sign in to: its own rules (who decides what) and the way out. The
 * home server's rules are POLICY.md's inbound rules 5–8 and the rules between colleagues, with prompts; a
 * provider's are its own simpler rules for its users.
 */
export interface Realm<D> {
  /** Whether this server serves the address. */
  isLocal(address: Address): boolean;
  /** The rules for a request to one of our people (recipient undefined: no such person). */
  decide(request: FedRequest, recipient: Recipient<D> | undefined, origin: Origin): Verdict;
  /** Sends a request of one of our people to someone outside, over the link to the edge. */
  sendOut(request: FedRequest): Promise<Answer>;
  /** The profile a person's client gets in `welcome`. */
  profileOf(person: Person<D>, lists: UserLists): Profile;
  /** A subscription the rules left waiting (home: a prompt). Returns a limit's reason when it cannot wait. */
  pending?(request: FedRequest, recipient: Person<D>): Reason | undefined;
  /** The prompts waiting for a person, for `welcome`. */
  promptsOf?(address: Address): Prompt[];
  settings(address: Address, change: SettingsChange): CommandResult;
  answerPrompt(address: Address, answer: PromptAnswer): CommandResult;
}

/** The state and the parts every piece of the server shares. */
export interface PeopleContext<D> {
  hop: Extract<Hop, 'home' | 'provider'>;
  node: string;
  realm: Realm<D>;
  people: PeopleStore<D>;
  hub: ClientHub;
  sessions: Sessions;
  /** Accepted subscriptions to our people: (target, watcher). */
  watchers: Watchers;
  /** Subscriptions our people asked for: (target, watcher). */
  following: Watchers;
  traces: TraceLog;
  presence: Map<Address, Presence>;
  limits: PeopleLimits;
  log: (line: string) => void;
  /** A request of one of our people, to a neighbour here or out through the edge; records and settles it. */
  send(request: FedRequest): Promise<Answer>;
}

export function presenceOf(ctx: PeopleContext<unknown>, address: Address): Presence {
  return ctx.presence.get(address) ?? { state: 'offline', note: '' };
}

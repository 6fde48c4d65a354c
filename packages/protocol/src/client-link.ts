import { PASSWORD_MAX_LENGTH } from './security.ts';
import { Type, type Static } from '@sinclair/typebox';
import type { Address } from './address.ts';
import type { Answer } from './answer.ts';
import type { ClientRequest, FedRequest } from './envelope.ts';
import { AddressSchema, IdSchema, PresenceSchema } from './envelope.ts';
import type { Presence } from './presence.ts';
import type { Enablement, UserLists, UserSettings, Verification } from './settings.ts';
import { SUBSCRIPTION_SETTINGS } from './settings.ts';

/** The result of a command that is not a request to another person (own presence, lists, settings). */
export type CommandResult = { ok: true } | { ok: false; error: { code: CommandErrorCode; message: string } };
export const COMMAND_ERROR_CODES = [
  /** The payload does not match its schema (the message names the path), or the ack is missing. */
  'invalid-payload',
  'not-found',
  'not-allowed',
  /** The user sent commands faster than the limit (a burst, then so many a second). */
  'rate-limited',
  /** The list already holds as many entries as a list may (FEDLAB_MAX_LIST_ENTRIES). */
  'list-full',
  /** The server could not write its data file; nothing was changed. */
  'storage-failed',
  /** A bug in fedlab: the server's log has the stack. */
  'internal-error',
] as const;
export type CommandErrorCode = (typeof COMMAND_ERROR_CODES)[number];

/** A verified subscription waiting for the recipient's Allow or Block. Kept until answered. */
export interface Prompt {
  id: string;
  from: Address;
  /** The provider the request came from, as the edge stamped it; absent for internal senders. */
  provider?: string;
  verification: Verification;
  requestId: string;
  at: number;
}

/** What a server tells its client right after sign-in, and again whenever it changes. */
export interface Profile {
  address: Address;
  displayName: string;
  /** `internal`: a user of the organization (home server); `provider`: a user of a mock provider. */
  kind: 'internal' | 'provider';
  /** For provider users: the provider's name (MSN, Yahoo!, ...). */
  provider?: string;
  /** The contact list: an internal user's Allow list, a provider user's contacts. */
  lists: UserLists;
  /** Internal users only. */
  settings?: UserSettings;
  /** Internal users only: set by an admin. */
  enablement?: Enablement;
}

export interface Welcome {
  profile: Profile;
  presence: Presence;
  prompts: Prompt[];
}

/**
 * What changed in a person's profile, sent instead of the whole profile (which may hold two lists of a thousand
 * entries each). The client applies it to the profile it got in `welcome`.
 */
export interface ProfileDelta {
  /** List changes, in order: each adds an address to, or removes it from, the Allow or the Block list. */
  lists?: ListChange[];
  /** The settings as they are now (internal users). */
  settings?: UserSettings;
  /** The enablement as it is now (internal users; set by an admin). */
  enablement?: Enablement;
}

/** Applies a delta to a profile, as the client does; returns a new profile. */
export function applyProfileDelta(profile: Profile, delta: ProfileDelta): Profile {
  const lists = { allow: [...profile.lists.allow], block: [...profile.lists.block] };
  for (const change of delta.lists ?? []) {
    const list = lists[change.list].filter((a) => a !== change.address);
    lists[change.list] = change.op === 'add' ? [...list, change.address] : list;
  }
  return {
    ...profile,
    lists,
    ...(delta.settings ? { settings: { ...delta.settings } } : {}),
    ...(delta.enablement ? { enablement: { ...delta.enablement } } : {}),
  };
}

export const ListChangeSchema = Type.Object(
  { list: Type.Union([Type.Literal('allow'), Type.Literal('block')]), op: Type.Union([Type.Literal('add'), Type.Literal('remove')]), address: AddressSchema },
  { additionalProperties: false },
);
export type ListChange = Static<typeof ListChangeSchema>;

export const SettingsChangeSchema = Type.Object(
  {
    subscriptionSetting: Type.Optional(Type.Union(SUBSCRIPTION_SETTINGS.map((s) => Type.Literal(s)))),
    blockImFromNonAllowList: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type SettingsChange = Static<typeof SettingsChangeSchema>;

export const PromptAnswerSchema = Type.Object(
  { promptId: IdSchema, decision: Type.Union([Type.Literal('allow'), Type.Literal('block')]) },
  { additionalProperties: false },
);
export type PromptAnswer = Static<typeof PromptAnswerSchema>;

export { PresenceSchema };

/**
 * Sign-in: the socket.io handshake `auth` of a client connecting to its home server or provider. The address
 * is trimmed and lower-cased (`normalizeAddress`) before it is checked, as a person types it; the password is
 * the user's own (topology, admin) or the deployment's (`FEDLAB_PASSWORD`).
 */
export const ClientAuthSchema = Type.Object(
  { address: Type.String({ maxLength: 300 }), password: Type.Optional(Type.String({ maxLength: PASSWORD_MAX_LENGTH })) },
  { additionalProperties: true },
);

/** client → its own server (home or provider), on the default namespace. */
export interface ClientToServerEvents {
  request: (request: ClientRequest, ack: (answer: Answer) => void) => void;
  'presence:set': (presence: Presence, ack: (result: CommandResult) => void) => void;
  'list:change': (change: ListChange, ack: (result: CommandResult) => void) => void;
  'settings:set': (change: SettingsChange, ack: (result: CommandResult) => void) => void;
  'prompt:answer': (answer: PromptAnswer, ack: (result: CommandResult) => void) => void;
}

/** its own server → client. */
export interface ServerToClientEvents {
  welcome: (welcome: Welcome) => void;
  /** An incoming request (invite, message, typing, bye, notify). The client answers through the ack. */
  request: (request: FedRequest, ack: (answer: Answer) => void) => void;
  prompt: (prompt: Prompt) => void;
  /** The user's lists, settings or enablement changed: only the change travels. */
  'profile:delta': (delta: ProfileDelta) => void;
  'signed-out': (info: { reason: 'replaced' | 'server-closing' }) => void;
}

/** The presence states a person can show, as in the Office Communicator status menu. */
export const PRESENCE_STATES = ['available', 'busy', 'do-not-disturb', 'be-right-back', 'away', 'offline'] as const;
export type PresenceState = (typeof PRESENCE_STATES)[number];

export interface Presence {
  state: PresenceState;
  /** A short personal note, shown beside the state. Untrusted text. */
  note: string;
}

export const OFFLINE: Presence = Object.freeze({ state: 'offline', note: '' }) as Presence;
export const MAX_NOTE_LENGTH = 256;

import { PRESENCE_STATES, type PresenceState } from '@fedlab/protocol';

export const PRESENCE_LABELS: Record<PresenceState, string> = {
  available: 'Available',
  busy: 'Busy',
  'do-not-disturb': 'Do not disturb',
  'be-right-back': 'Be right back',
  away: 'Away',
  offline: 'Offline',
};

/** What a person can choose for herself: every state, offline shown as "Appear offline". */
export const OWN_PRESENCE_CHOICES: { state: PresenceState; label: string }[] = PRESENCE_STATES.map((state) => ({
  state,
  label: state === 'offline' ? 'Appear offline' : PRESENCE_LABELS[state],
}));

/** Sort rank: who can talk now comes first. */
export function presenceRank(state: PresenceState): number {
  return ({ available: 0, busy: 1, 'do-not-disturb': 2, 'be-right-back': 3, away: 4, offline: 5 } as const)[state];
}

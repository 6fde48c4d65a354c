import type { ConnectionState } from '@fedlab/sdk';

export const CONNECTION_LABELS: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  disconnected: 'Disconnected',
  'signed-out': 'Signed out',
  refused: 'Refused',
};

/** Says, in a sentence, what is wrong with the connection and what can be done; nothing while connected. */
export function bannerFor(state: ConnectionState, detail: string | undefined, server: string): { text: string; action?: 'reconnect' | 'sign-out'; tone: 'warn' | 'danger' } | undefined {
  switch (state) {
    case 'connected':
      return undefined;
    case 'connecting':
      return { tone: 'warn', text: `Connecting to ${server}…` };
    case 'reconnecting':
      return { tone: 'warn', text: `Connection to ${server} lost. Reconnecting by itself…${detail ? ` (${detail})` : ''}` };
    case 'disconnected':
      return { tone: 'danger', text: `Disconnected from ${server}${detail ? ` (${detail})` : ''}.`, action: 'reconnect' };
    case 'signed-out':
      return detail === 'replaced'
        ? { tone: 'danger', text: 'You signed in as this person somewhere else (another tab or window), so this one was signed out.', action: 'reconnect' }
        : { tone: 'danger', text: `${server} signed you out${detail ? ` (${detail})` : ''}.`, action: 'reconnect' };
    case 'refused':
      return { tone: 'danger', text: `${server} refused the sign-in${detail ? `: ${detail}` : ''}.`, action: 'sign-out' };
  }
}

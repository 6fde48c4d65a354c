import type { Address, Presence, SettingsChange } from '@fedlab/protocol';

/** Every event the elements send up, with its detail. They bubble and cross shadow roots. */
export interface UiEvents {
  'sign-in': { address: Address; password?: string };
  'cancel-sign-in': Record<string, never>;
  'refresh-directory': Record<string, never>;
  'sign-out': Record<string, never>;
  reconnect: Record<string, never>;
  'presence-change': Presence;
  'add-contact': { address: Address };
  'remove-contact': { address: Address };
  'subscribe-contact': { address: Address };
  'open-chat': { peer: Address };
  'answer-prompt': { id: string; decision: 'allow' | 'block' };
  'list-change': { list: 'allow' | 'block'; op: 'add' | 'remove'; address: Address };
  'settings-change': SettingsChange;
  'send-message': { text: string };
  typing: Record<string, never>;
  'end-session': Record<string, never>;
  back: Record<string, never>;
  'dismiss-toast': { id: number };
  'dismiss-result': Record<string, never>;
}

export type UiEvent<K extends keyof UiEvents> = CustomEvent<UiEvents[K]>;

export function emit<K extends keyof UiEvents>(from: EventTarget, name: K, detail: UiEvents[K]): void {
  from.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
}

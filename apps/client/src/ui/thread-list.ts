import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Address, PresenceState } from '@fedlab/protocol';
import { formatTime } from '../logic/format.ts';
import { emit } from './events.ts';
import { base } from './styles.ts';
import './avatar.ts';

/** One conversation in the list of chats. */
export interface ThreadView {
  peer: Address;
  name: string;
  presence: PresenceState | undefined;
  /** The last message, or what happened last. */
  preview: string;
  state: 'open' | 'inviting' | 'ended';
  unread: number;
  lastActivity: number;
}

/** Every conversation of this sign-in, most recent first: open ones can be continued, ended ones restarted. */
@customElement('fl-thread-list')
export class ThreadList extends LitElement {
  static override styles = [
    base,
    css`
      button {
        width: 100%;
        display: flex;
        gap: 0.65rem;
        align-items: center;
        padding: 0.55rem 0.5rem;
        border: 0;
        border-radius: var(--fl-radius-sm);
        background: none;
        text-align: left;
        cursor: pointer;
      }
      button:hover {
        background: var(--fl-surface-2);
      }
      .selected button {
        background: var(--fl-accent-soft);
      }
      .body {
        display: grid;
        min-width: 0;
        flex: 1;
        gap: 0.1rem;
      }
      .top {
        display: flex;
        gap: 0.5rem;
        align-items: baseline;
      }
      .name {
        font-weight: 600;
        font-size: 0.9rem;
        flex: 1;
      }
      .time {
        font-size: 0.72rem;
      }
      .preview {
        font-size: 0.8rem;
      }
      .unread .preview {
        color: var(--fl-text);
        font-weight: 600;
      }
    `,
  ];

  @property({ attribute: false }) threads: ThreadView[] = [];
  @property() selected: Address | undefined;

  override render() {
    if (!this.threads.length) return html`<p class="empty muted" data-testid="threads-empty">No conversations yet. Open a contact to start one.</p>`;
    return html`<ul class="plain-list" aria-label="Conversations">
      ${this.threads.map(
        (t) => html`<li class="${t.peer === this.selected ? 'selected' : ''} ${t.unread ? 'unread' : ''}" data-testid="thread" data-peer=${t.peer} data-state=${t.state}>
          <button @click=${() => emit(this, 'open-chat', { peer: t.peer })}>
            <fl-avatar .name=${t.name} .address=${t.peer} .presence=${t.presence}></fl-avatar>
            <span class="body">
              <span class="top">
                <span class="name truncate">${t.name}</span>
                ${t.lastActivity ? html`<span class="time muted">${formatTime(t.lastActivity)}</span>` : nothing}
              </span>
              <span class="preview muted truncate">${t.state === 'ended' ? html`<span class="badge">ended</span> ` : nothing}${t.preview}</span>
            </span>
            ${t.unread ? html`<span class="counter" data-testid="thread-unread">${t.unread}<span class="visually-hidden"> unread</span></span>` : nothing}
          </button>
        </li>`,
      )}
    </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fl-thread-list': ThreadList;
  }
}

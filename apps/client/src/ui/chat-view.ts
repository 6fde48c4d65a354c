import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { Address, Presence } from '@fedlab/protocol';
import type { MessageState } from '@fedlab/sdk';
import { formatTime } from '../logic/format.ts';
import { PRESENCE_LABELS } from '../logic/presence.ts';
import type { TimelineItem } from '../logic/threads.ts';
import { emit } from './events.ts';
import { base } from './styles.ts';
import type { MessageComposer } from './message-composer.ts';
import './answer-note.ts';
import './avatar.ts';
import './message-composer.ts';

const STATE_LABELS: Record<MessageState, string> = { sending: 'Sending…', delivered: 'Delivered', failed: 'Not delivered' };

/**
 * One conversation: the person, every session with her (started, messages, ended and why), the state of each
 * message I sent (sending, delivered, failed with the reason I may see), her typing, and the composer.
 */
@customElement('fl-chat-view')
export class ChatView extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: flex;
        flex-direction: column;
        min-height: 0;
        height: 100%;
        background: var(--fl-surface);
      }
      header {
        display: flex;
        align-items: center;
        gap: 0.75rem;
        padding: 0.75rem 1rem;
        border-bottom: 1px solid var(--fl-border);
      }
      .back {
        display: none;
      }
      .who {
        display: grid;
        min-width: 0;
        flex: 1;
      }
      h2 {
        font-size: 1rem;
        font-weight: 650;
        display: flex;
        gap: 0.45rem;
        align-items: center;
        min-width: 0;
      }
      .sub {
        font-size: 0.8rem;
      }
      .log {
        flex: 1;
        overflow-y: auto;
        padding: 1rem clamp(0.75rem, 3vw, 2rem);
        display: flex;
        flex-direction: column;
        gap: 0.35rem;
        background: var(--fl-chat-bg);
      }
      .notice {
        align-self: center;
        max-width: min(34rem, 92%);
        text-align: center;
        font-size: 0.78rem;
        color: var(--fl-muted);
        padding: 0.3rem 0.75rem;
        margin: 0.4rem 0;
        border-radius: 999px;
        background: var(--fl-surface-3);
      }
      .notice.error {
        border-radius: var(--fl-radius-sm);
        color: var(--fl-danger);
        background: var(--fl-danger-soft);
      }
      .notice fl-answer {
        margin-top: 0.25rem;
        text-align: left;
      }
      .message {
        display: grid;
        max-width: min(36rem, 85%);
        gap: 0.15rem;
        justify-items: start;
      }
      .message.own {
        align-self: flex-end;
        justify-items: end;
      }
      .bubble {
        padding: 0.5rem 0.8rem;
        border-radius: 1rem 1rem 1rem 0.3rem;
        background: var(--fl-surface);
        border: 1px solid var(--fl-border);
        white-space: pre-wrap;
        overflow-wrap: anywhere;
        line-height: 1.4;
        font-size: 0.92rem;
      }
      .own .bubble {
        border-radius: 1rem 1rem 0.3rem 1rem;
        background: var(--fl-accent);
        border-color: var(--fl-accent);
        color: var(--fl-on-accent);
      }
      .own.sending .bubble {
        opacity: 0.7;
      }
      .own.failed .bubble {
        background: var(--fl-danger-soft);
        border-color: var(--fl-danger);
        color: var(--fl-text);
      }
      .meta {
        font-size: 0.7rem;
        color: var(--fl-muted);
        display: flex;
        gap: 0.35rem;
      }
      .failed .meta .state {
        color: var(--fl-danger);
        font-weight: 650;
      }
      .failure {
        max-width: 100%;
        padding: 0.35rem 0.55rem;
        border-radius: var(--fl-radius-sm);
        background: var(--fl-surface);
        border: 1px solid var(--fl-danger-border);
      }
      .typing {
        padding: 0 0.25rem 0.35rem;
        font-size: 0.78rem;
        font-style: italic;
        color: var(--fl-muted);
      }
      footer {
        padding: 0.6rem 1rem 0.75rem;
        border-top: 1px solid var(--fl-border);
      }
      .empty {
        margin: auto;
        text-align: center;
        max-width: 22rem;
        display: grid;
        gap: 0.5rem;
        justify-items: center;
      }
      .short {
        display: none;
      }
      @media (max-width: 47.99rem) {
        .back {
          display: inline-flex;
          font-size: 1.1rem;
        }
        .long,
        h2 .badge {
          display: none;
        }
        .short {
          display: inline;
        }
        header {
          padding: 0.6rem 0.6rem;
          gap: 0.5rem;
        }
        footer {
          padding: 0.5rem 0.6rem 0.6rem;
        }
      }
    `,
  ];

  @property() peer: Address = '';
  @property() name = '';
  @property() side: string | undefined;
  /** Her presence, when she shares it with me. */
  @property({ attribute: false }) presence: Presence | undefined;
  @property({ attribute: false }) items: TimelineItem[] = [];
  /** A session is open: the next message goes in it, and it can be ended. */
  @property({ type: Boolean }) open = false;
  @property({ type: Boolean }) typing = false;
  @property({ type: Boolean }) connected = true;
  @query('.log') private log!: HTMLElement;
  @query('fl-composer') private composer!: MessageComposer;
  #stickToBottom = true;

  /** Puts the caret in the composer once this view (new or not) has rendered. */
  async focusComposer(): Promise<void> {
    await this.updateComplete;
    await this.composer?.updateComplete;
    this.composer?.focus();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('peer')) this.#stickToBottom = true;
    else if (this.log) this.#stickToBottom = this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < 80;
  }

  protected override updated(changed: PropertyValues<this>): void {
    const newOwn = changed.has('items') && this.items.at(-1)?.kind === 'message' && (this.items.at(-1) as { own: boolean }).own;
    if (this.#stickToBottom || newOwn) this.log.scrollTop = this.log.scrollHeight;
  }

  override render() {
    const presence = this.presence ? PRESENCE_LABELS[this.presence.state] : 'not sharing presence with you';
    return html`<header>
        <button class="btn ghost small back" data-testid="chat-back" aria-label="Back to contacts" title="Back to contacts" @click=${() => emit(this, 'back', {})}>←</button>
        <fl-avatar .name=${this.name} .address=${this.peer} .presence=${this.presence?.state}></fl-avatar>
        <div class="who">
          <h2><span class="truncate" data-testid="chat-name">${this.name}</span>${this.side ? html`<span class="badge">${this.side}</span>` : nothing}</h2>
          <span class="sub muted truncate">${this.peer} · ${presence}${this.presence?.note ? html` — <em data-testid="chat-note">${this.presence.note}</em>` : nothing}</span>
        </div>
        ${this.open
          ? html`<button class="btn small" data-testid="end-session" aria-label="End conversation" @click=${() => emit(this, 'end-session', {})}>
              <span class="long">End conversation</span><span class="short">End</span>
            </button>`
          : nothing}
      </header>
      <div class="log" role="log" aria-live="polite" aria-label=${`Conversation with ${this.name}`} data-testid="chat-log" tabindex="0">
        ${this.items.length
          ? repeat(this.items, (item) => item.key, (item) => this.#renderItem(item))
          : html`<div class="empty muted" data-testid="chat-empty">
              <fl-avatar size="lg" .name=${this.name} .address=${this.peer}></fl-avatar>
              <p>Say hello to ${this.name}. Your first message invites ${this.name} to a conversation.</p>
            </div>`}
      </div>
      <footer>
        <div class="typing" aria-live="polite" data-testid="typing-indicator" ?hidden=${!this.typing}>${this.typing ? `${this.name} is typing…` : ''}</div>
        <fl-composer
          label=${`Message to ${this.name}`}
          ?disabled=${!this.connected}
          disabledReason="Not connected: messages can be sent again once the connection is back."
        ></fl-composer>
      </footer>`;
  }

  #renderItem(item: TimelineItem) {
    if (item.kind === 'notice') {
      return html`<div class="notice ${item.tone}" data-testid="session-notice" data-tone=${item.tone}>
        ${item.text}${item.answer ? html`<fl-answer .answer=${item.answer}></fl-answer>` : nothing}
      </div>`;
    }
    const state = item.state;
    return html`<div class="message ${item.own ? 'own' : 'peer'} ${state ?? ''}" data-testid="message" data-direction=${item.own ? 'out' : 'in'} data-state=${state ?? 'received'}>
      <div class="bubble" data-testid="message-text">${item.text}</div>
      <div class="meta">
        <span>${formatTime(item.at)}</span>
        ${state ? html`<span class="state" data-testid="message-state">${STATE_LABELS[state]}</span>` : nothing}
      </div>
      ${state === 'failed' && item.answer ? html`<div class="failure" data-testid="message-failure"><fl-answer .answer=${item.answer}></fl-answer></div>` : nothing}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fl-chat-view': ChatView;
  }
}

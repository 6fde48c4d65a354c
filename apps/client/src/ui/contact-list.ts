import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Address } from '@fedlab/protocol';
import { subscriptionText, type ContactRow } from '../logic/contacts.ts';
import { PRESENCE_LABELS } from '../logic/presence.ts';
import { emit } from './events.ts';
import { base } from './styles.ts';
import './answer-note.ts';
import './avatar.ts';

/** My contacts with their live presence and note, the provider each belongs to, and my subscription's answer. */
@customElement('fl-contact-list')
export class ContactList extends LitElement {
  static override styles = [
    base,
    css`
      li {
        display: flex;
        align-items: center;
        gap: 0.25rem;
        border-radius: var(--fl-radius-sm);
        padding-right: 0.35rem;
      }
      li:hover,
      li:focus-within {
        background: var(--fl-surface-2);
      }
      li.selected {
        background: var(--fl-accent-soft);
      }
      .open {
        flex: 1;
        min-width: 0;
        display: flex;
        align-items: center;
        gap: 0.65rem;
        padding: 0.5rem;
        border: 0;
        background: none;
        text-align: left;
        border-radius: var(--fl-radius-sm);
        cursor: pointer;
      }
      .who {
        display: grid;
        gap: 0.05rem;
        min-width: 0;
        flex: 1;
      }
      .line {
        display: flex;
        gap: 0.4rem;
        align-items: center;
        min-width: 0;
      }
      .name {
        font-weight: 600;
        font-size: 0.9rem;
      }
      .status {
        font-size: 0.78rem;
      }
      .note {
        font-size: 0.78rem;
        font-style: italic;
        color: var(--fl-text-2);
      }
      .counter {
        margin-left: auto;
      }
      .actions {
        display: flex;
        gap: 0.15rem;
        opacity: 0.85;
      }
      fl-answer {
        margin-top: 0.15rem;
      }
    `,
  ];

  @property({ attribute: false }) rows: ContactRow[] = [];
  @property({ attribute: false }) unread: ReadonlyMap<Address, number> = new Map();
  @property() selected: Address | undefined;

  override render() {
    if (!this.rows.length) {
      return html`<p class="empty muted" data-testid="contacts-empty">No contacts yet. Add someone by address above.</p>`;
    }
    return html`<ul class="plain-list" aria-label="Contacts" data-testid="contact-list">
      ${this.rows.map((row) => this.#renderRow(row))}
    </ul>`;
  }

  #renderRow(row: ContactRow) {
    const unread = this.unread.get(row.address) ?? 0;
    const waiting = subscriptionText(row);
    const label = PRESENCE_LABELS[row.presence.state];
    return html`<li
      class=${row.address === this.selected ? 'selected' : ''}
      data-testid="contact"
      data-address=${row.address}
      data-presence=${row.presence.state}
      data-subscription=${row.subscription}
    >
      <button
        class="open"
        data-testid="contact-open"
        title=${`Chat with ${row.name}`}
        @click=${() => emit(this, 'open-chat', { peer: row.address })}
      >
        <fl-avatar .name=${row.name} .address=${row.address} .presence=${row.presence.state}></fl-avatar>
        <span class="who">
          <span class="line">
            <span class="name truncate" data-testid="contact-name">${row.name}</span>
            ${row.side ? html`<span class="badge" data-testid="contact-provider">${row.side}</span>` : html`<span class="badge warn" data-testid="contact-provider">unknown domain</span>`}
            ${row.blocked ? html`<span class="badge danger" data-testid="contact-blocked">blocked</span>` : nothing}
          </span>
          <span class="line status muted">
            <span data-testid="contact-presence">${row.subscription === 'active' ? label : (waiting ?? label)}</span>
          </span>
          ${row.presence.note ? html`<span class="note truncate" data-testid="contact-note">${row.presence.note}</span>` : nothing}
          ${row.answer && row.subscription !== 'active' ? html`<fl-answer data-testid="contact-answer" .answer=${row.answer}></fl-answer>` : nothing}
        </span>
        ${unread ? html`<span class="counter" data-testid="contact-unread">${unread}<span class="visually-hidden"> unread</span></span>` : nothing}
      </button>
      <span class="actions">
        ${row.subscription === 'none' || row.subscription === 'rejected' || row.subscription === 'terminated'
          ? html`<button class="btn ghost small" data-testid="contact-subscribe" title="Ask to see presence" aria-label=${`Ask ${row.name} to share presence`}
              @click=${() => emit(this, 'subscribe-contact', { address: row.address })}>Subscribe</button>`
          : nothing}
        <button class="btn ghost small danger" data-testid="contact-remove" aria-label=${`Remove ${row.name} from contacts`}
          @click=${() => emit(this, 'remove-contact', { address: row.address })}>Remove</button>
      </span>
    </li>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fl-contact-list': ContactList;
  }
}

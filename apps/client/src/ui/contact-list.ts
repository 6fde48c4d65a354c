import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Address } from '@fedlab/protocol';
import { describeAnswer } from '../logic/answers.ts';
import { subscriptionText, type ContactRow } from '../logic/contacts.ts';
import { PRESENCE_LABELS } from '../logic/presence.ts';
import { emit } from './events.ts';
import { base } from './styles.ts';
import './answer-note.ts';
import './avatar.ts';

/**
 * My contacts with their live presence and note, the provider each belongs to, and the answer to my subscription
 * while it still applies: a short badge, its reason and sentence on demand, so that the name stays readable.
 */
@customElement('fl-contact-list')
export class ContactList extends LitElement {
  static override styles = [
    base,
    css`
      li {
        display: grid;
        grid-template-columns: minmax(0, 1fr) auto;
        align-items: center;
        gap: 0 0.25rem;
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
        flex: 0 1 auto;
      }
      .line .badge {
        flex: none;
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
        align-items: center;
        gap: 0.15rem;
      }
      .answer-badge {
        border: 1px solid transparent;
        cursor: pointer;
        font-family: inherit;
      }
      .answer-badge[aria-expanded='true'] {
        border-color: currentColor;
      }
      .remove {
        min-width: 1.9rem;
        padding: 0.2rem 0.45rem;
      }
      .details {
        grid-column: 1 / -1;
        margin: 0 0.5rem 0.5rem 3.1rem;
        padding: 0.4rem 0.55rem;
        border-radius: var(--fl-radius-sm);
        background: var(--fl-surface);
        border: 1px solid var(--fl-border);
      }
    `,
  ];

  @property({ attribute: false }) rows: ContactRow[] = [];
  @property({ attribute: false }) unread: ReadonlyMap<Address, number> = new Map();
  @property() selected: Address | undefined;
  /** The rows whose answer is unfolded. */
  @state() private expanded: ReadonlySet<Address> = new Set();

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
    const expanded = !!row.answer && this.expanded.has(row.address);
    const detailsId = `answer-${row.address}`;
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
            <span class="truncate" data-testid="contact-presence">${waiting ?? label}</span>
          </span>
          ${row.presence.note ? html`<span class="note truncate" data-testid="contact-note">${row.presence.note}</span>` : nothing}
        </span>
        ${unread ? html`<span class="counter" data-testid="contact-unread">${unread}<span class="visually-hidden"> unread</span></span>` : nothing}
      </button>
      <span class="actions">
        ${row.answer ? this.#renderBadge(row, expanded, detailsId) : nothing}
        ${row.subscription === 'none' || row.subscription === 'rejected'
          ? html`<button class="btn ghost small" data-testid="contact-subscribe" title="Ask to see presence" aria-label=${`Ask ${row.name} to share presence`}
              @click=${() => emit(this, 'subscribe-contact', { address: row.address })}>Ask</button>`
          : nothing}
        <button class="btn ghost small danger remove" data-testid="contact-remove" aria-label=${`Remove ${row.name} from contacts`} title="Remove from contacts"
          @click=${() => emit(this, 'remove-contact', { address: row.address })}>✕</button>
      </span>
      ${expanded ? html`<div class="details" id=${detailsId} data-testid="contact-answer-details"><fl-answer .answer=${row.answer}></fl-answer></div>` : nothing}
    </li>`;
  }

  /** The answer as a short badge (its code and title); its reason and sentence unfold on demand. */
  #renderBadge(row: ContactRow, expanded: boolean, detailsId: string) {
    const view = describeAnswer(row.answer!);
    const tone = view.tone === 'ok' ? 'ok' : view.tone === 'pending' ? 'warn' : 'danger';
    return html`<button class="badge answer-badge ${tone}" data-testid="contact-answer" data-code=${view.code}
      aria-expanded=${expanded ? 'true' : 'false'} aria-controls=${detailsId}
      aria-label=${`${view.title} (${view.code}): ${expanded ? 'hide' : 'show'} why`} title=${`${view.code} ${view.reason}: ${view.sentence}`}
      @click=${() => this.#toggle(row.address)}>${view.code}</button>`;
  }

  #toggle(address: Address): void {
    const next = new Set(this.expanded);
    if (!next.delete(address)) next.add(address);
    this.expanded = next;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fl-contact-list': ContactList;
  }
}

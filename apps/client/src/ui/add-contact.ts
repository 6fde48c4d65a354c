import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { AddResult } from '../state/chat-store.ts';
import { emit } from './events.ts';
import { base } from './styles.ts';
import './answer-note.ts';

/**
 * Add a contact: puts the address on my contact (Allow) list and asks to see her presence. The answer shows as
 * the sender may see it: accepted, pending (she is being asked) or rejected with its public reason and code.
 */
@customElement('fl-add-contact')
export class AddContact extends LitElement {
  static override styles = [
    base,
    css`
      form {
        display: flex;
        gap: 0.5rem;
      }
      .input {
        flex: 1;
        min-width: 0;
      }
      .result {
        position: relative;
        margin-top: 0.5rem;
        padding: 0.55rem 2.2rem 0.55rem 0.7rem;
        border-radius: var(--fl-radius-sm);
        background: var(--fl-surface-2);
        border: 1px solid var(--fl-border);
        font-size: 0.8rem;
        display: grid;
        gap: 0.2rem;
      }
      .result .close {
        position: absolute;
        top: 0.25rem;
        right: 0.25rem;
      }
    `,
  ];

  @property({ attribute: false }) result: AddResult | undefined;
  @property({ type: Boolean }) disabled = false;
  @state() private typed = '';
  @query('input') private input!: HTMLInputElement;

  /** Puts the caret in the address field, once it is rendered. */
  override focus(): void {
    void this.updateComplete.then(() => this.input?.focus());
  }

  override render() {
    const r = this.result;
    return html`<form @submit=${this.#submit} novalidate>
        <label class="visually-hidden" for="add">Address of the person to add</label>
        <input
          id="add"
          class="input"
          data-testid="add-contact-address"
          type="email"
          spellcheck="false"
          placeholder="Add a contact: name@domain"
          .value=${this.typed}
          @input=${(e: Event) => (this.typed = (e.target as HTMLInputElement).value)}
        />
        <button class="btn primary" type="submit" data-testid="add-contact-submit" ?disabled=${this.disabled || !!r?.busy}>Add</button>
      </form>
      ${r
        ? html`<div class="result" data-testid="add-contact-result" data-address=${r.address} role="status">
            <span class="truncate muted">Adding <strong>${r.address}</strong></span>
            ${r.busy ? nothing : html`<button class="btn ghost small close" data-testid="add-contact-dismiss" aria-label="Dismiss" @click=${() => emit(this, 'dismiss-result', {})}>✕</button>`}
            ${r.busy
              ? html`<span class="muted">Asking…</span>`
              : r.error
                ? html`<span class="error-text" data-testid="add-contact-error">${r.error}</span>`
                : html`<fl-answer .answer=${r.answer}></fl-answer>`}
          </div>`
        : nothing}`;
  }

  #submit(event: Event): void {
    event.preventDefault();
    const address = this.typed.trim();
    if (!address) return this.input.focus();
    emit(this, 'add-contact', { address });
    this.typed = '';
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fl-add-contact': AddContact;
  }
}

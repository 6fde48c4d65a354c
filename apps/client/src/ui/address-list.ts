import { LitElement, css, html } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { normalizeAddress, type Address } from '@fedlab/protocol';
import { emit } from './events.ts';
import { base } from './styles.ts';

/** One of my lists (Allow or Block): who is on it, add by address, remove. */
@customElement('fl-address-list')
export class AddressList extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: grid;
        gap: 0.5rem;
      }
      h3 {
        font-size: 0.9rem;
        font-weight: 650;
      }
      .description {
        font-size: 0.8rem;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
        border: 1px solid var(--fl-border);
        border-radius: var(--fl-radius-sm);
      }
      li {
        display: flex;
        align-items: center;
        gap: 0.5rem;
        padding: 0.35rem 0.35rem 0.35rem 0.65rem;
        font-size: 0.85rem;
      }
      li + li {
        border-top: 1px solid var(--fl-border);
      }
      .who {
        display: grid;
        flex: 1;
        min-width: 0;
      }
      .who .address {
        font-size: 0.75rem;
      }
      .empty {
        padding: 0.65rem;
        font-size: 0.8rem;
      }
      form {
        display: flex;
        gap: 0.5rem;
      }
      form .input {
        flex: 1;
        min-width: 0;
      }
    `,
  ];

  @property() list: 'allow' | 'block' = 'allow';
  @property() heading = '';
  @property() description = '';
  @property({ attribute: false }) entries: { address: Address; name: string }[] = [];
  @property({ type: Boolean }) disabled = false;
  @state() private typed = '';
  @state() private error = '';
  @query('input') private input!: HTMLInputElement;

  override render() {
    const id = `${this.list}-add`;
    return html`<h3 id="${this.list}-heading">${this.heading}</h3>
      <p class="description muted">${this.description}</p>
      <ul aria-labelledby="${this.list}-heading" data-testid="${this.list}-list">
        ${this.entries.length
          ? this.entries.map(
              (e) => html`<li data-testid="list-entry" data-address=${e.address}>
                <span class="who"><span class="truncate">${e.name}</span><span class="address muted truncate">${e.address}</span></span>
                <button class="btn ghost small danger" data-testid="list-remove" ?disabled=${this.disabled} aria-label=${`Remove ${e.address} from the ${this.heading}`}
                  @click=${() => emit(this, 'list-change', { list: this.list, op: 'remove', address: e.address })}>Remove</button>
              </li>`,
            )
          : html`<li class="empty muted">Nobody.</li>`}
      </ul>
      <form @submit=${this.#submit} novalidate>
        <label class="visually-hidden" for=${id}>Add an address to the ${this.heading}</label>
        <input id=${id} class="input" data-testid="${this.list}-add-address" type="email" spellcheck="false" placeholder="name@domain"
          aria-invalid=${this.error ? 'true' : 'false'} aria-describedby="${id}-error"
          .value=${this.typed} @input=${(e: Event) => ((this.typed = (e.target as HTMLInputElement).value), (this.error = ''))} />
        <button class="btn small" type="submit" data-testid="${this.list}-add-submit" ?disabled=${this.disabled}>Add</button>
      </form>
      <span class="error-text" id="${id}-error" role="alert">${this.error}</span>`;
  }

  #submit(event: Event): void {
    event.preventDefault();
    const address = normalizeAddress(this.typed);
    if (!address) {
      this.error = 'Enter an address like name@domain.';
      this.input.focus();
      return;
    }
    emit(this, 'list-change', { list: this.list, op: 'add', address });
    this.typed = '';
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fl-address-list': AddressList;
  }
}

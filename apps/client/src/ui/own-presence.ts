import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { MAX_NOTE_LENGTH, OFFLINE, type Presence, type PresenceState } from '@fedlab/protocol';
import { OWN_PRESENCE_CHOICES } from '../logic/presence.ts';
import { emit } from './events.ts';
import { base } from './styles.ts';
import './avatar.ts';

/** Who I am and how I show: my presence state and note, as my contacts see them. */
@customElement('fl-own-presence')
export class OwnPresence extends LitElement {
  static override styles = [
    base,
    css`
      .me {
        display: flex;
        gap: 0.75rem;
        align-items: center;
        min-width: 0;
      }
      .who {
        display: grid;
        min-width: 0;
      }
      .name {
        font-weight: 650;
      }
      .address {
        font-size: 0.8rem;
      }
      .tags {
        display: flex;
        gap: 0.3rem;
        flex-wrap: wrap;
        margin-top: 0.2rem;
      }
      .controls {
        display: grid;
        grid-template-columns: minmax(8rem, 11rem) 1fr;
        gap: 0.5rem;
        margin-top: 0.85rem;
      }
      select.input {
        padding-right: 0.3rem;
      }
    `,
  ];

  @property() name = '';
  @property() address = '';
  /** The organization's or the provider's name. */
  @property() side = '';
  /** Provider users: what the provider asserts for me. */
  @property({ attribute: false }) verified: boolean | undefined;
  @property({ attribute: false }) presence: Presence = OFFLINE;
  @property({ type: Boolean }) disabled = false;

  @state() private note = '';
  #editing = false;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('presence') && !this.#editing) this.note = this.presence.note;
  }

  override render() {
    return html`<div class="me">
        <fl-avatar size="lg" .name=${this.name} .address=${this.address} .presence=${this.presence.state}></fl-avatar>
        <div class="who">
          <span class="name truncate" data-testid="me-name">${this.name}</span>
          <span class="address muted truncate" data-testid="me-address">${this.address}</span>
          <span class="tags">
            <span class="badge accent" data-testid="me-side">${this.side}</span>
            ${this.verified === undefined ? nothing : html`<span class="badge ${this.verified ? 'ok' : 'warn'}">${this.verified ? 'verified' : 'unverified'}</span>`}
          </span>
        </div>
      </div>
      <div class="controls">
        <div class="field">
          <label for="state">Status</label>
          <select id="state" class="input" data-testid="presence-state" ?disabled=${this.disabled} .value=${live(this.presence.state)} @change=${this.#stateChanged}>
            ${OWN_PRESENCE_CHOICES.map((c) => html`<option value=${c.state} ?selected=${c.state === this.presence.state}>${c.label}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for="note">Note</label>
          <input
            id="note"
            class="input"
            data-testid="presence-note"
            maxlength=${MAX_NOTE_LENGTH}
            placeholder="What's happening? (Enter to share)"
            ?disabled=${this.disabled}
            .value=${this.note}
            @focus=${() => (this.#editing = true)}
            @input=${(e: Event) => {
              this.#editing = true;
              this.note = (e.target as HTMLInputElement).value;
            }}
            @keydown=${this.#noteKey}
            @blur=${this.#commitNote}
          />
        </div>
      </div>`;
  }

  #stateChanged(event: Event): void {
    const state = (event.target as HTMLSelectElement).value as PresenceState;
    emit(this, 'presence-change', { state, note: this.note });
  }

  #noteKey(event: KeyboardEvent): void {
    if (event.key === 'Enter') {
      event.preventDefault();
      this.#commitNote();
    } else if (event.key === 'Escape') {
      this.note = this.presence.note;
    }
  }

  #commitNote(): void {
    this.#editing = false;
    if (this.note !== this.presence.note) emit(this, 'presence-change', { state: this.presence.state, note: this.note });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fl-own-presence': OwnPresence;
  }
}

import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { PresenceState } from '@fedlab/protocol';
import { PRESENCE_LABELS } from '../logic/presence.ts';

/** A presence state as a coloured dot, with its name for assistive technology. */
@customElement('fl-presence-dot')
export class PresenceDot extends LitElement {
  static override styles = css`
    :host {
      display: inline-block;
      width: var(--dot-size, 0.7rem);
      height: var(--dot-size, 0.7rem);
      flex: none;
    }
    span {
      display: block;
      width: 100%;
      height: 100%;
      border-radius: 50%;
      border: 2px solid var(--dot-ring, var(--fl-surface));
      background: var(--fl-p-offline);
    }
    .available {
      background: var(--fl-p-available);
    }
    .busy {
      background: var(--fl-p-busy);
    }
    .do-not-disturb {
      background: var(--fl-p-busy);
      background-image: linear-gradient(transparent 40%, #fff 40%, #fff 60%, transparent 60%);
    }
    .be-right-back,
    .away {
      background: var(--fl-p-away);
    }
    .offline {
      background: var(--fl-surface);
      box-shadow: inset 0 0 0 2px var(--fl-p-offline);
    }
  `;

  @property() state: PresenceState = 'offline';

  override render() {
    return html`<span class=${this.state} role="img" aria-label=${PRESENCE_LABELS[this.state]} title=${PRESENCE_LABELS[this.state]}></span>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fl-presence-dot': PresenceDot;
  }
}

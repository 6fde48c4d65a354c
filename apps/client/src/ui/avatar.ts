import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { PresenceState } from '@fedlab/protocol';
import { initials } from '../logic/format.ts';
import './presence-dot.ts';

const HUES = [210, 262, 330, 20, 160, 190, 240, 290];

/** Initials in a circle, tinted by the person's address, with an optional presence dot. */
@customElement('fl-avatar')
export class Avatar extends LitElement {
  static override styles = css`
    :host {
      position: relative;
      display: inline-flex;
      flex: none;
      --size: 2.5rem;
    }
    :host([size='sm']) {
      --size: 2rem;
    }
    :host([size='lg']) {
      --size: 3rem;
    }
    .circle {
      width: var(--size);
      height: var(--size);
      border-radius: 50%;
      display: grid;
      place-items: center;
      font-weight: 650;
      font-size: calc(var(--size) * 0.38);
      letter-spacing: 0.02em;
      color: hsl(var(--hue) 45% 30%);
      background: hsl(var(--hue) 70% 92%);
      user-select: none;
    }
    fl-presence-dot {
      position: absolute;
      right: -0.1rem;
      bottom: -0.1rem;
      --dot-size: calc(var(--size) * 0.34);
    }
  `;

  @property() name = '';
  /** Decides the tint, so a person keeps one colour everywhere. */
  @property() address = '';
  @property({ reflect: true }) size: 'sm' | 'md' | 'lg' = 'md';
  @property() presence: PresenceState | undefined;

  override render() {
    const hue = HUES[[...this.address].reduce((sum, c) => sum + c.charCodeAt(0), 0) % HUES.length];
    return html`<span class="circle" style="--hue: ${hue}" aria-hidden="true">${initials(this.name || this.address)}</span>${
      this.presence ? html`<fl-presence-dot .state=${this.presence}></fl-presence-dot>` : nothing
    }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fl-avatar': Avatar;
  }
}

import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { DEFAULT_USER_SETTINGS, type Address, type Enablement, type SubscriptionSetting, type UserSettings } from '@fedlab/protocol';
import { emit } from './events.ts';
import { base } from './styles.ts';
import './address-list.ts';

const SETTING_CHOICES: { value: SubscriptionSetting; label: string; help: string }[] = [
  { value: 'allow', label: 'Allow', help: 'Let them see my presence.' },
  { value: 'prompt', label: 'Prompt me', help: 'Ask me each time (the default).' },
  { value: 'block', label: 'Block', help: 'Refuse without asking.' },
];

type Entry = { address: Address; name: string };

/**
 * Who may reach me. For an internal user: the Allow list, the Block list, what to do with a verified presence
 * request from someone on neither list, and whether to block IM from people not on my Allow list, plus the
 * enablement an admin set. A provider user keeps a Block list; the provider decides the rest.
 */
@customElement('fl-privacy-panel')
export class PrivacyPanel extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: grid;
        gap: 1.4rem;
      }
      fieldset {
        border: 0;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 0.4rem;
      }
      legend {
        font-size: 0.9rem;
        font-weight: 650;
        padding: 0;
        margin-bottom: 0.2rem;
      }
      .description {
        font-size: 0.8rem;
      }
      .choice {
        display: flex;
        gap: 0.55rem;
        align-items: flex-start;
        padding: 0.45rem 0.6rem;
        border: 1px solid var(--fl-border);
        border-radius: var(--fl-radius-sm);
        cursor: pointer;
        font-size: 0.875rem;
      }
      .choice:has(input:checked) {
        border-color: var(--fl-accent);
        background: var(--fl-accent-soft);
      }
      .choice input {
        margin-top: 0.2rem;
        accent-color: var(--fl-accent);
      }
      .choice span {
        display: grid;
      }
      .choice small {
        color: var(--fl-muted);
      }
      .enablement {
        display: flex;
        gap: 0.4rem;
        flex-wrap: wrap;
      }
    `,
  ];

  @property() kind: 'internal' | 'provider' = 'internal';
  @property() provider = '';
  @property({ attribute: false }) settings: UserSettings | undefined;
  @property({ attribute: false }) enablement: Enablement | undefined;
  @property({ attribute: false }) allow: Entry[] = [];
  @property({ attribute: false }) block: Entry[] = [];
  @property({ type: Boolean }) disabled = false;

  override render() {
    const blockList = html`<fl-address-list
      list="block"
      heading="Block list"
      description="People you block see you as offline and cannot reach you. The Block list beats the Allow list."
      .entries=${this.block}
      ?disabled=${this.disabled}
    ></fl-address-list>`;
    if (this.kind === 'provider') {
      return html`<p class="description muted" data-testid="privacy-provider">
          ${this.provider || 'Your provider'} accepts presence requests and invitations for you, unless you block the sender.
        </p>
        ${blockList}`;
    }
    const settings = this.settings ?? DEFAULT_USER_SETTINGS;
    return html`<fieldset data-testid="subscription-setting" data-setting=${settings.subscriptionSetting} ?disabled=${this.disabled}>
        <legend>When someone on neither list asks to see my presence</legend>
        <p class="description muted">For verified requests. Unverified requests only get through from your Allow list.</p>
        ${SETTING_CHOICES.map(
          (c) => html`<label class="choice">
            <input type="radio" name="subscription-setting" value=${c.value} data-testid="subscription-setting-${c.value}"
              .checked=${live(settings.subscriptionSetting === c.value)}
              @change=${() => emit(this, 'settings-change', { subscriptionSetting: c.value })} />
            <span>${c.label}<small>${c.help}</small></span>
          </label>`,
        )}
      </fieldset>
      <fieldset data-testid="block-im-setting" data-on=${String(settings.blockImFromNonAllowList)} ?disabled=${this.disabled}>
        <legend>Instant messages</legend>
        <label class="choice">
          <input type="checkbox" data-testid="block-im-non-allow" .checked=${live(settings.blockImFromNonAllowList)}
            @change=${(e: Event) => emit(this, 'settings-change', { blockImFromNonAllowList: (e.target as HTMLInputElement).checked })} />
          <span>Block IM from people who are not on my Allow list<small>Colleagues still reach you unless blocked.</small></span>
        </label>
      </fieldset>
      <fl-address-list
        list="allow"
        heading="Allow list"
        description="Your contacts: they may see your presence and reach you, verified or not."
        .entries=${this.allow}
        ?disabled=${this.disabled}
      ></fl-address-list>
      ${blockList}
      ${this.enablement
        ? html`<div>
            <h3 class="section-title" style="margin-bottom: 0.4rem">Set by your admin</h3>
            <div class="enablement" data-testid="enablement">
              <span class="badge ${this.enablement.publicIm ? 'ok' : 'danger'}">Public IM ${this.enablement.publicIm ? 'on' : 'off'}</span>
              <span class="badge ${this.enablement.federation ? 'ok' : 'danger'}">Federation ${this.enablement.federation ? 'on' : 'off'}</span>
            </div>
          </div>`
        : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fl-privacy-panel': PrivacyPanel;
  }
}

import { LitElement, css, html } from 'lit';
import { consume } from '@lit/context';
import { customElement, property, state } from 'lit/decorators.js';
import type { LinkStatus, ProviderEntry } from '@fedlab/protocol';
import type { AdminClient } from '@fedlab/sdk';
import { callServer } from './call.ts';
import { FILTERING_SHORT, filteringLabel } from '../logic/format.ts';
import { errorLine, linkBadge } from './templates.ts';
import { clientContext } from '../state/contexts.ts';
import { base } from './styles.ts';
import type { ConfirmDialog } from './confirm-dialog.ts';
import type { ProviderDialog } from './provider-dialog.ts';
import './confirm-dialog.ts';
import './global-switch.ts';
import './provider-dialog.ts';

/**
 * The seed's "IM Provider" tab: every provider with its settings and the live state of its federation link,
 * Add / Edit dialogs, a one-click Allow / temporarily-block toggle that keeps every setting, and Remove with a
 * confirmation. The list itself comes from the edge's live `state` events, so a change made in any admin page
 * shows here at once.
 */
@customElement('fl-providers-panel')
export class ProvidersPanel extends LitElement {
  /** The session (from the page's context; a test may set it). */
  @consume({ context: clientContext, subscribe: true }) @property({ attribute: false }) client: AdminClient | undefined = undefined;
  @property({ attribute: false }) providers: ProviderEntry[] = [];
  @property({ attribute: false }) links: LinkStatus[] = [];
  @property({ type: Boolean }) federationEnabled = false;
  @state() busy: ReadonlySet<string> = new Set();
  @state() error = '';
  @state() notice = '';

  static override styles = [base, css`
    :host { display: grid; grid-template-columns: minmax(0, 1fr); gap: 16px; }
    .panel-head.inset { padding: 16px 16px 0; }
    .messages { padding: 0 16px; }
    .messages .alert { margin-bottom: 12px; }
    .name { font-weight: 600; }
    .sub { color: var(--muted); font-size: 12.5px; }
    .filtering { min-width: 200px; }
    .filtering div { max-width: 250px; }
    th.wrap { white-space: normal; min-width: 160px; }
    th, td { padding-left: 10px; padding-right: 10px; }
    .actions { display: flex; gap: 4px; justify-content: flex-end; }
    td.allow { white-space: nowrap; }
    .allow-cell { display: flex; align-items: center; gap: 8px; }
    tr.blocked td:not(.allow):not(.actions-cell) { color: var(--muted); }
    .no-effect { color: var(--warn); white-space: normal; max-width: 180px; margin-top: 4px; }
    @media (max-width: 640px) {
      .filtering { min-width: 0; }
      .filtering div, .no-effect { max-width: none; }
      .actions { justify-content: flex-start; flex-wrap: wrap; }
    }
  `];

  override render() {
    const linkOf = new Map(this.links.map((l) => [l.provider, l]));
    return html`
      <fl-global-switch .enabled=${this.federationEnabled}></fl-global-switch>
      <section class="card" aria-labelledby="providers-title">
        <div class="panel-head inset">
          <div>
            <h2 id="providers-title">IM service providers</h2>
            <p>Public IM services and federated partners the Access Edge may talk to. A cleared "Allow" is a temporary block: every setting stays.</p>
          </div>
          <button class="primary" data-testid="add-provider" ?disabled=${!this.client} @click=${() => this.#dialog.openAdd()}>Add provider…</button>
        </div>
        <div class="messages">${errorLine(this.error, 'providers-error')}${this.notice ? html`<p class="alert ok" role="status" data-testid="providers-notice">${this.notice}</p>` : ''}</div>
        <div class="table-wrap">
          <table class="cards" data-testid="providers-table">
            <caption class="visually-hidden">IM service providers</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Network address</th>
                <th scope="col">Type</th>
                <th scope="col">Allowed</th>
                <th scope="col" class="wrap">Filtering of incoming communications</th>
                <th scope="col">Link</th>
                <th scope="col"><span class="visually-hidden">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              ${this.providers.map((p) => this.#row(p, linkOf.get(p.id)))}
            </tbody>
          </table>
          ${this.providers.length ? '' : html`<p class="empty" data-testid="providers-empty">No IM service provider is listed: nothing from outside is let in. Add one.</p>`}
        </div>
      </section>
      <fl-provider-dialog .takenIds=${this.providers.map((p) => p.id)} @provider-saved=${this.#saved}></fl-provider-dialog>
      <fl-confirm-dialog></fl-confirm-dialog>
    `;
  }

  #row(p: ProviderEntry, link: LinkStatus | undefined) {
    const busy = this.busy.has(p.id);
    return html`
      <tr data-testid="provider-row-${p.id}" class=${p.allowed ? '' : 'blocked'}>
        <td><div class="name" data-testid="provider-name-${p.id}">${p.name}</div><div class="sub mono">${p.id}</div></td>
        <td data-label="Network address">
          <div class="mono" data-testid="provider-address-${p.id}">${p.address.fqdn}:${p.address.port}</div>
          <div class="sub">Domains: <span class="mono" data-testid="provider-domains-${p.id}">${p.domains.join(', ')}</span></div>
        </td>
        <td data-label="Type" data-testid="provider-public-${p.id}">${p.public ? 'Public IM' : 'Federated partner'}</td>
        <td class="allow" data-label="Allowed">
          <div class="allow-cell">
            <button class="switch" role="switch" aria-checked=${p.allowed ? 'true' : 'false'} aria-label="Allow ${p.name}"
              title=${p.allowed ? `Temporarily block ${p.name} (keeps its settings)` : `Allow ${p.name}`}
              data-testid="provider-toggle-${p.id}" ?disabled=${busy || !this.client} @click=${() => this.#toggle(p)}></button>
            <span class="badge ${!p.allowed ? 'bad' : this.federationEnabled ? 'ok' : ''}" data-testid="provider-allowed-${p.id}">${p.allowed ? 'Allowed' : 'Temporarily blocked'}</span>
          </div>
          ${this.federationEnabled ? '' : html`<div class="sub no-effect" data-testid="provider-no-effect-${p.id}">No effect while federation is off for the organization</div>`}
        </td>
        <td class="filtering" data-label="Filtering" data-testid="provider-filtering-${p.id}" data-filtering=${p.filtering}>
          <div>${filteringLabel(p.filtering)}</div><div class="sub">${FILTERING_SHORT[p.filtering] ?? ''}</div>
        </td>
        <td data-label="Link">${linkBadge(link, `provider-link-${p.id}`)}</td>
        <td class="actions-cell">
          <div class="actions">
            <button class="quiet" data-testid="provider-edit-${p.id}" aria-label="Edit ${p.name}" ?disabled=${!this.client} @click=${() => this.#dialog.openEdit(p)}>Edit…</button>
            <button class="quiet bad" data-testid="provider-remove-${p.id}" aria-label="Remove ${p.name}" ?disabled=${busy || !this.client} @click=${() => this.#remove(p)}>Remove…</button>
          </div>
        </td>
      </tr>
    `;
  }

  get #dialog(): ProviderDialog {
    return this.renderRoot.querySelector('fl-provider-dialog')!;
  }

  get #confirm(): ConfirmDialog {
    return this.renderRoot.querySelector('fl-confirm-dialog')!;
  }

  #saved(event: CustomEvent<{ entry: ProviderEntry; mode: 'add' | 'edit' }>) {
    const { entry, mode } = event.detail;
    this.error = '';
    this.notice = mode === 'add' ? `${entry.name} was added.` : `${entry.name} was saved.`;
  }

  async #run(p: ProviderEntry, action: (client: AdminClient) => Promise<unknown>, notice: string) {
    this.error = '';
    this.notice = '';
    const done = await callServer(this.client, action, {
      busy: (on) => {
        const next = new Set(this.busy);
        if (on) next.add(p.id);
        else next.delete(p.id);
        this.busy = next;
      },
      failed: (message) => (this.error = `${p.name}: ${message}`),
    });
    if (done.ok) this.notice = notice;
  }

  #toggle(p: ProviderEntry) {
    return p.allowed
      ? this.#run(p, (c) => c.blockProvider(p.id), `${p.name} is temporarily blocked; its settings are kept.`)
      : this.#run(p, (c) => c.allowProvider(p.id), `${p.name} is allowed.${this.federationEnabled ? '' : ' It has no effect until federation is turned on for the organization.'}`);
  }

  async #remove(p: ProviderEntry) {
    const ok = await this.#confirm.ask({
      heading: `Remove ${p.name}?`,
      message: `${p.name} will be removed from the IM provider list and all of its settings (network address, public or not, filtering, domains) will be gone: to add it back you must enter every setting again. To stop its traffic and keep the settings, temporarily block it instead.`,
      confirmLabel: 'Remove provider',
      danger: true,
    });
    if (ok) await this.#run(p, (c) => c.removeProvider(p.id), `${p.name} was removed.`);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fl-providers-panel': ProvidersPanel;
  }
}

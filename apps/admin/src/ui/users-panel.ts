import { LitElement, css, html, type PropertyValues } from 'lit';
import { consume } from '@lit/context';
import { customElement, property, state } from 'lit/decorators.js';
import type { Enablement, UserSummary } from '@fedlab/protocol';
import type { AdminClient } from '@fedlab/sdk';
import type { EnablementChange } from '../logic/live.ts';
import { explainFailure } from '../logic/session.ts';
import { callServer } from './call.ts';
import { errorLine } from './templates.ts';
import { clientContext, liveContext } from '../state/contexts.ts';
import type { LiveController } from '../state/live-controller.ts';
import { base } from './styles.ts';

type Setting = keyof Enablement;

const SETTING_LABEL: Record<Setting, string> = { federation: 'federation', publicIm: 'public IM connectivity' };

/**
 * Internal users and their per-user enablement (federation, public IM connectivity), one at a time with the
 * switches of a row, or many at once: tick rows, then a bulk action. Fires `users-changed` with what changed.
 * The home server itself tells the edge, which audits the change and refreshes every other admin page.
 */
@customElement('fl-users-panel')
export class UsersPanel extends LitElement {
  /** The session (from the page's context; a test may set it). */
  @consume({ context: clientContext, subscribe: true }) @property({ attribute: false }) client: AdminClient | undefined = undefined;
  /** The live connection (from the page's context): users changed elsewhere, users signing in and out. */
  @consume({ context: liveContext, subscribe: true }) @property({ attribute: false }) live: LiveController | undefined = undefined;
  @property({ type: Boolean }) federationEnabled = true;
  @state() users: UserSummary[] = [];
  @state() query = '';
  @state() selected: ReadonlySet<string> = new Set();
  @state() busy = false;
  @state() loading = false;
  @state() error = '';
  @state() notice = '';
  #sequence = 0;

  static override styles = [base, css`
    :host { display: block; }
    .card { padding: 16px; display: grid; gap: 12px; }
    .search { max-width: 360px; flex: 1; min-width: 200px; }
    .bulk { padding: 8px 12px; border-radius: var(--radius); background: var(--accent-soft); }
    .bulk[hidden] { display: none; }
    .person { font-weight: 600; }
    td.check-cell, th.check-cell { width: 40px; }
    td.setting { white-space: nowrap; }
    .online::before { background: var(--ok); }
  `];

  #unfollow: (() => void) | undefined;

  protected override willUpdate(changed: PropertyValues<this>) {
    if (changed.has('client') && this.client) void this.load();
    if (changed.has('live')) this.#follow();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.#unfollow?.();
    this.#unfollow = undefined;
  }

  override connectedCallback() {
    super.connectedCallback();
    if (this.live && !this.#unfollow) this.#follow();
  }

  /** Reloads when users changed elsewhere; shows a sign-in or sign-out at once in its row ("Signed in" is live). */
  #follow() {
    this.#unfollow?.();
    const live = this.live;
    if (!live) return (this.#unfollow = undefined);
    const offs = [
      live.on('users', () => void this.load()),
      live.on('online', (address, online) => {
        if (this.users.some((u) => u.address === address)) this.users = this.users.map((u) => (u.address === address ? { ...u, online } : u));
      }),
    ];
    this.#unfollow = () => offs.forEach((off) => off());
  }

  /** Loads the users matching the search; a slower, older answer never overwrites a newer one. */
  async load() {
    if (!this.client) return;
    const sequence = ++this.#sequence;
    this.loading = true;
    try {
      const users = await this.client.users(this.query.trim());
      if (sequence !== this.#sequence) return;
      this.users = users;
      const visible = new Set(users.map((u) => u.address));
      this.selected = new Set([...this.selected].filter((a) => visible.has(a)));
      this.error = '';
    } catch (error) {
      if (sequence === this.#sequence) this.error = explainFailure(error, this.client.endpoints);
    } finally {
      if (sequence === this.#sequence) this.loading = false;
    }
  }

  override render() {
    const count = this.selected.size;
    const all = this.users.length > 0 && this.users.every((u) => this.selected.has(u.address));
    const some = count > 0 && !all;
    return html`
      <section class="card" aria-labelledby="users-title">
        <div class="panel-head">
          <div>
            <h2 id="users-title">Users</h2>
            <p>Per-user enablement for federation (partners) and public IM connectivity (MSN, Yahoo!, AOL). Either has effect only while the global switch is on${this.federationEnabled ? '' : html` — <strong>it is off now</strong>`}.</p>
          </div>
        </div>
        <div class="toolbar" role="search">
          <label class="visually-hidden" for="users-search">Find users by name or address</label>
          <input id="users-search" class="search" type="search" placeholder="Find users by name or address" data-testid="users-search"
            .value=${this.query} @input=${this.#search} />
          <span class="muted" aria-live="polite" data-testid="users-count">${this.loading ? 'Searching…' : `${this.users.length} user${this.users.length === 1 ? '' : 's'}`}</span>
        </div>
        <div class="toolbar bulk" ?hidden=${count === 0} role="group" aria-label="Bulk actions on the selected users">
          <strong data-testid="users-selected-count">${count} selected</strong>
          <span class="spacer"></span>
          ${this.#bulkButton('federation', true)}${this.#bulkButton('federation', false)}
          ${this.#bulkButton('publicIm', true)}${this.#bulkButton('publicIm', false)}
          <button class="quiet" data-testid="users-clear-selection" @click=${() => (this.selected = new Set())}>Clear selection</button>
        </div>
        ${errorLine(this.error, 'users-error')}
        ${this.notice ? html`<p class="alert ok" role="status" data-testid="users-notice">${this.notice}</p>` : ''}
        <div class="table-wrap">
          <table class="cards" data-testid="users-table">
            <caption class="visually-hidden">Internal users and their enablement</caption>
            <thead>
              <tr>
                <th class="check-cell" scope="col">
                  <input type="checkbox" aria-label="Select every user shown" data-testid="users-select-all"
                    .checked=${all} .indeterminate=${some} ?disabled=${!this.users.length} @change=${this.#selectAll} />
                </th>
                <th scope="col">User</th>
                <th scope="col">Signed in</th>
                <th scope="col">Federation</th>
                <th scope="col">Public IM connectivity</th>
              </tr>
            </thead>
            <tbody>${this.users.map((u) => this.#row(u))}</tbody>
          </table>
          ${!this.loading && !this.users.length ? html`<p class="empty" data-testid="users-empty">No user matches “${this.query}”.</p>` : ''}
        </div>
      </section>
    `;
  }

  #row(u: UserSummary) {
    return html`
      <tr data-testid="user-row-${u.address}">
        <td class="check-cell">
          <input type="checkbox" aria-label="Select ${u.displayName}" data-testid="user-select-${u.address}" .checked=${this.selected.has(u.address)}
            @change=${(e: Event) => this.#select(u.address, (e.target as HTMLInputElement).checked)} />
        </td>
        <td><div class="person">${u.displayName}</div><div class="muted mono">${u.address}</div></td>
        <td data-label="Signed in"><span class="badge ${u.online ? 'ok' : ''}" data-testid="user-online-${u.address}" data-online=${u.online ? 'true' : 'false'}>${u.online ? 'Online' : 'Offline'}</span></td>
        ${this.#switch(u, 'federation')}
        ${this.#switch(u, 'publicIm')}
      </tr>
    `;
  }

  #switch(u: UserSummary, setting: Setting) {
    const on = u.enablement[setting];
    const id = setting === 'federation' ? 'federation' : 'publicim';
    return html`
      <td class="setting" data-label=${SETTING_LABEL[setting]}>
        <span class="switch-row">
          <button class="switch" role="switch" aria-checked=${on ? 'true' : 'false'} aria-label="${u.displayName}: enabled for ${SETTING_LABEL[setting]}"
            data-testid="user-${id}-${u.address}" ?disabled=${this.busy} @click=${() => this.#apply([u.address], setting, !on)}></button>
          <span class=${on ? '' : 'muted'}>${on ? 'Enabled' : 'Disabled'}</span>
        </span>
      </td>
    `;
  }

  #bulkButton(setting: Setting, on: boolean) {
    const id = `bulk-${on ? 'enable' : 'disable'}-${setting === 'federation' ? 'federation' : 'publicim'}`;
    return html`<button data-testid=${id} ?disabled=${this.busy} @click=${() => this.#apply([...this.selected], setting, on)}>${on ? 'Enable' : 'Disable'} ${SETTING_LABEL[setting]}</button>`;
  }

  #search(event: Event) {
    this.query = (event.target as HTMLInputElement).value;
    void this.load();
  }

  #select(address: string, on: boolean) {
    const next = new Set(this.selected);
    if (on) next.add(address);
    else next.delete(address);
    this.selected = next;
  }

  #selectAll(event: Event) {
    this.selected = (event.target as HTMLInputElement).checked ? new Set(this.users.map((u) => u.address)) : new Set();
  }

  async #apply(addresses: string[], setting: Setting, on: boolean) {
    if (!addresses.length) return;
    const before = new Map(this.users.map((u) => [u.address, { ...u.enablement }]));
    const patch = { [setting]: on } as Partial<Enablement>;
    this.error = '';
    this.notice = '';
    const done = await callServer(this.client, async (c) => (addresses.length === 1 ? [await c.setEnablement(addresses[0]!, patch)] : c.setEnablementMany(addresses, patch)), {
      busy: (busy) => (this.busy = busy),
      failed: (message) => (this.error = message),
    });
    if (!done.ok) return;
    const updated = done.value;
    const byAddress = new Map(updated.map((u) => [u.address, u]));
    this.users = this.users.map((u) => byAddress.get(u.address) ?? u);
    const changes: EnablementChange[] = updated
      .filter((u) => before.has(u.address))
      .map((u) => ({ address: u.address, before: before.get(u.address)!, after: { ...u.enablement } }));
    const who = updated.length === 1 ? updated[0]!.displayName : `${updated.length} users`;
    this.notice = `${who}: ${SETTING_LABEL[setting]} ${on ? 'enabled' : 'disabled'}.`;
    this.dispatchEvent(new CustomEvent('users-changed', { detail: { changes }, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fl-users-panel': UsersPanel;
  }
}

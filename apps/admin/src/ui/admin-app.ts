import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { provide } from '@lit/context';
import type { AdminClient } from '@fedlab/sdk';
import { signIn, tabTokenStore, type Endpoints, type TokenStore } from '../logic/session.ts';
import { clientContext, liveContext } from '../state/contexts.ts';
import { LiveController } from '../state/live-controller.ts';
import { base } from './styles.ts';
import type { SignInForm } from './sign-in.ts';
import './sign-in.ts';
import './providers-panel.ts';
import './users-panel.ts';
import './traffic-panel.ts';
import './audit-panel.ts';
import './faults-panel.ts';

export const ROUTES = ['providers', 'users', 'traffic', 'audit', 'faults'] as const;
export type Route = (typeof ROUTES)[number];
const ROUTE_LABELS: Record<Route, string> = { providers: 'IM providers', users: 'Users', traffic: 'Live traffic', audit: 'Audit log', faults: 'Faults' };

function routeOf(hash: string): Route {
  const name = hash.replace(/^#\/?/, '').split('/')[0] ?? '';
  return (ROUTES as readonly string[]).includes(name) ? (name as Route) : 'providers';
}

/**
 * The admin page: the sign-in gate, then the console. It keeps the session (the AdminClient that carries the
 * token) and the live connection to the edge (LiveController: state, traffic and audit streams), provides both to
 * every element (state/contexts.ts) and hands each panel its data; any change, from this page or another, arrives
 * as a `state` event and re-renders everything.
 */
@customElement('fl-admin-app')
export class AdminApp extends LitElement {
  @property({ attribute: false }) endpoints: Endpoints | undefined = undefined;
  @property({ type: String }) configError = '';
  /** The signed-in session, for every element (state/contexts.ts). */
  @provide({ context: clientContext }) @state() client: AdminClient | undefined = undefined;
  @state() route: Route = routeOf(globalThis.location?.hash ?? '');
  @state() signInError = '';
  @state() signingIn = false;
  /** The live connection to the edge: its state, traffic, audit and users notices, for every element. */
  @provide({ context: liveContext }) readonly live = new LiveController(this, () => this.signOut('The edge no longer accepts this admin token. Sign in again.'));
  #tokens: TokenStore = tabTokenStore();
  #onHash = () => (this.route = routeOf(location.hash));

  static override styles = [base, css`
    :host { display: block; min-height: 100vh; background: var(--bg); }
    .skip { position: absolute; left: 8px; top: -40px; background: var(--surface); padding: 6px 10px; border-radius: 6px; z-index: 10; }
    .skip:focus { top: 8px; }
    header.top {
      display: flex; align-items: center; gap: 12px 20px; flex-wrap: wrap; padding: 10px 24px; background: #16213a; color: #e8ecf4;
    }
    .brand { display: flex; align-items: center; gap: 10px; font-weight: 700; font-size: 15px; }
    .logo { width: 28px; height: 28px; border-radius: 7px; background: var(--accent); display: grid; place-items: center; color: #fff; }
    .brand small { font-weight: 400; color: #aab4c8; }
    .spacer { flex: 1; }
    .where { color: #aab4c8; font-size: 12.5px; font-family: var(--mono); }
    header.top .badge { background: #26324f; color: #c9d3e6; }
    header.top .badge.ok { background: #1d4030; color: #7ee2a1; }
    header.top .badge.bad { background: #4a1f1c; color: #ffaaa2; }
    header.top button { background: transparent; color: #e8ecf4; border-color: #43506e; }
    header.top button:hover { background: #24304d; }
    nav { background: var(--surface); border-bottom: 1px solid var(--border); padding: 0 24px; overflow-x: auto; position: relative; }
    nav ul { display: flex; flex-wrap: wrap; gap: 0 4px; margin: 0; padding: 0; list-style: none; }
    nav a {
      display: block; padding: 12px 14px; color: var(--muted); text-decoration: none; font-weight: 500; border-bottom: 2px solid transparent; white-space: nowrap;
    }
    nav a:hover { color: var(--text); }
    nav a[aria-current='page'] { color: var(--accent); border-bottom-color: var(--accent); }
    nav .count { margin-left: 6px; font-size: 11.5px; background: var(--neutral-soft); border-radius: 999px; padding: 0 6px; }
    main { padding: 20px 24px 40px; max-width: 1480px; margin: 0 auto; min-width: 0; }
    main > * { min-width: 0; }
    .banner { margin-bottom: 12px; }
    @media (max-width: 640px) {
      header.top, nav { padding-left: 12px; padding-right: 12px; }
      nav a { padding: 10px 8px; }
      main { padding: 12px; }
      .where { display: none; }
    }
  `];

  override connectedCallback() {
    super.connectedCallback();
    addEventListener('hashchange', this.#onHash);
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    removeEventListener('hashchange', this.#onHash);
  }

  protected override updated(changed: Map<string, unknown>) {
    // A token kept in this tab (a reload): check it again before showing anything.
    if (changed.has('endpoints') && this.endpoints && !this.client) {
      const kept = this.#tokens.get();
      if (kept) void this.#signIn(kept, true);
    }
  }

  override render() {
    if (this.configError) return html`<main><p class="alert bad" role="alert" data-testid="config-error">${this.configError}</p></main>`;
    const edge = this.live.edge;
    if (!this.client || !edge) {
      return html`<fl-admin-sign-in .busy=${this.signingIn || !this.endpoints} .error=${this.signInError} .edge=${this.endpoints?.edge ?? ''}
        @sign-in=${(e: CustomEvent<{ token: string }>) => this.#signIn(e.detail.token, false)}></fl-admin-sign-in>`;
    }
    const status = this.live.status;
    const liveLabel = { connecting: 'Connecting…', live: 'Live', offline: 'Reconnecting…' }[status];
    return html`
      <a class="skip" href="#content" @click=${this.#skip}>Skip to content</a>
      <header class="top">
        <div class="brand"><span class="logo" aria-hidden="true">f</span><span>fedlab admin <small>Access Edge</small></span></div>
        <span class="spacer"></span>
        <span class="where" title="Access Edge">${this.endpoints?.edge}</span>
        <span class="badge ${status === 'live' ? 'ok' : 'bad'}" role="status" data-testid="live-status" data-live=${status}
          title="Updates from the edge arrive live while this says Live">${liveLabel}</span>
        <button data-testid="sign-out" @click=${() => this.signOut()}>Sign out</button>
      </header>
      <nav aria-label="Sections">
        <ul>${ROUTES.map((r) => html`<li><a href="#/${r}" data-testid="nav-${r}" aria-current=${this.route === r ? 'page' : 'false'}>${ROUTE_LABELS[r]}${this.#count(r)}</a></li>`)}</ul>
      </nav>
      <main id="content" tabindex="-1">
        ${status === 'offline' ? html`<p class="alert warn banner" role="status">The live connection to the edge is down; reconnecting. What you see may be out of date.</p>` : ''}
        ${this.#panel()}
      </main>
    `;
  }

  #count(route: Route) {
    if (route === 'providers') return html`<span class="count">${this.live.edge?.providers.length ?? 0}</span>`;
    if (route === 'faults') {
      const faulty = this.live.edge?.links.filter((l) => l.fault && Object.keys(l.fault).length).length ?? 0;
      return faulty ? html`<span class="count" data-testid="faults-count">${faulty}</span>` : '';
    }
    return '';
  }

  #panel() {
    const edge = this.live.edge!;
    switch (this.route) {
      case 'users':
        return html`<fl-users-panel .federationEnabled=${edge.federationEnabled}></fl-users-panel>`;
      case 'traffic':
        return html`<fl-traffic-panel .entries=${this.live.traffic} .providers=${edge.providers}></fl-traffic-panel>`;
      case 'audit':
        return html`<fl-audit-panel .entries=${this.live.audit}></fl-audit-panel>`;
      case 'faults':
        return html`<fl-faults-panel .links=${edge.links} .providers=${edge.providers}></fl-faults-panel>`;
      default:
        return html`<fl-providers-panel .providers=${edge.providers} .links=${edge.links} .federationEnabled=${edge.federationEnabled}></fl-providers-panel>`;
    }
  }

  async #signIn(token: string, kept: boolean) {
    if (!this.endpoints || this.signingIn) return;
    this.signingIn = true;
    this.signInError = '';
    try {
      const { client, state } = await signIn(this.endpoints, token);
      this.#tokens.set(client.token);
      this.client = client;
      this.live.open(client, state);
    } catch (error) {
      if (kept) this.#tokens.clear();
      this.signInError = (error as Error).message;
      await this.updateComplete;
      this.renderRoot.querySelector<SignInForm>('fl-admin-sign-in')?.focusToken();
    } finally {
      this.signingIn = false;
    }
  }

  /** Forgets the token (memory and tab storage) and closes the live connection. */
  signOut(message = '') {
    this.live.close();
    this.#tokens.clear();
    this.client = undefined;
    this.signInError = message;
  }

  #skip(event: Event) {
    event.preventDefault();
    this.renderRoot.querySelector<HTMLElement>('#content')?.focus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fl-admin-app': AdminApp;
  }
}

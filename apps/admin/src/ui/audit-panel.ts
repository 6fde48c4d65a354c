import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { AuditEntry } from '@fedlab/protocol';
import { actorLabel, dateTime, describeChange, describeFault, lostSettings, type Change } from '../logic/format.ts';
import { base } from './styles.ts';

/** What each audit action means, in words; an unknown action is shown as it is. */
const ACTIONS: Record<string, string> = {
  'provider.add': 'Provider added',
  'provider.update': 'Provider changed',
  'provider.remove': 'Provider removed',
  'global.federation': 'Global switch',
  'user.enablement': 'User enablement',
  'link.fault': 'Link fault',
  'link.reset': 'Link reset',
  'state.reset': 'Edge reset',
};

/**
 * Every admin change, newest first: when, who (the admin page, the REST API, a scenario by its name), what, and each
 * setting's value before → after; for a removed provider, every setting that was lost with it.
 */
@customElement('fl-audit-panel')
export class AuditPanel extends LitElement {
  @property({ attribute: false }) entries: AuditEntry[] = [];

  static override styles = [base, css`
    :host { display: block; }
    .card { padding: 16px; display: grid; gap: 12px; }
    .when { white-space: nowrap; font-variant-numeric: tabular-nums; }
    ul { margin: 0; padding: 0; list-style: none; display: grid; gap: 2px; }
    .key { color: var(--muted); }
    .before { color: var(--muted); }
    .after { color: var(--ok); }
    .before, .after { font-family: var(--mono); font-size: 12.5px; overflow-wrap: anywhere; }
    .lost { color: var(--bad); font-weight: 600; font-size: 12.5px; }
  `];

  override render() {
    const entries = [...this.entries].reverse();
    return html`
      <section class="card" aria-labelledby="audit-title">
        <div class="panel-head">
          <div>
            <h2 id="audit-title">Audit log</h2>
            <p>Every change an admin made: when, who (this page, the REST API, a scenario), what, and the value before and after. New entries appear as they happen.</p>
          </div>
        </div>
        <div class="table-wrap">
          <table data-testid="audit-table">
            <caption class="visually-hidden">Admin changes, newest first</caption>
            <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Target</th><th scope="col">Before → after</th></tr></thead>
            <tbody>${entries.map((e) => this.#row(e))}</tbody>
          </table>
          ${entries.length ? '' : html`<p class="empty" data-testid="audit-empty">No admin change yet.</p>`}
        </div>
      </section>
    `;
  }

  #row(e: AuditEntry) {
    const changes: Change[] = e.action === 'link.fault'
      ? [{ key: 'fault', before: e.before ? describeFault(e.before as never) : '—', after: describeFault(e.after as never) }]
      : e.action === 'provider.remove'
        ? lostSettings(e.before)
        : describeChange(e.before, e.after);
    return html`
      <tr data-testid="audit-row" data-action=${e.action} data-target=${e.target}>
        <td class="when">${dateTime(e.at)}</td>
        <td data-testid="audit-actor" data-actor=${e.actor ?? 'rest'}>${actorLabel(e.actor)}</td>
        <td>${ACTIONS[e.action] ?? e.action}<div class="muted mono">${e.action}</div></td>
        <td class="mono">${e.target}</td>
        <td data-testid="audit-changes">
          ${e.action === 'provider.remove' ? html`<p class="lost">Settings lost with it:</p>` : ''}
          ${changes.length ? html`<ul>${changes.map((c) => html`<li>${c.key ? html`<span class="key">${c.key}:</span> ` : ''}<span class="before">${c.before}</span> → <span class="after">${c.after}</span></li>`)}</ul>` : html`<span class="muted">—</span>`}
        </td>
      </tr>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fl-audit-panel': AuditPanel;
  }
}

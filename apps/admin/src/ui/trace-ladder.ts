import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { formatValue } from '../logic/format.ts';
import type { Ladder, LadderArrow, LadderColumn, LadderDecision } from '../logic/ladder.ts';
import { base } from './styles.ts';

/**
 * Draws a ladder diagram (see logic/ladder.ts): a column per place on the path with its lifeline, one row per
 * arrow or decision in time order. Each decision shows its rule, its inputs and its answer. Everything is text.
 */
@customElement('fl-trace-ladder')
export class TraceLadder extends LitElement {
  @property({ attribute: false }) ladder: Ladder | undefined = undefined;

  static override styles = [base, css`
    :host { display: block; overflow-x: auto; }
    .ladder { --cols: 3; display: grid; grid-template-columns: repeat(var(--cols), minmax(190px, 1fr)); position: relative; min-width: calc(var(--cols) * 190px); }
    .lifeline { justify-self: center; width: 2px; background: repeating-linear-gradient(var(--border-strong) 0 6px, transparent 6px 10px); }
    .head { grid-row: 1; padding: 8px 6px 12px; text-align: center; position: sticky; top: 0; z-index: 2; background: #fcfcfd; }
    .head .box { border: 1px solid var(--border); border-radius: 8px; background: var(--surface-2); padding: 6px 8px; }
    .head .box.outside { background: #fff8ec; border-color: #efd8a8; }
    .head .title { font-size: 11.5px; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); font-weight: 600; }
    .head .label { font-weight: 600; overflow-wrap: anywhere; }
    .arrow { position: relative; height: 34px; z-index: 1; }
    .arrow .line { position: absolute; top: 22px; left: var(--from); right: var(--to); height: 2px; background: var(--accent); }
    .arrow.answer .line { background: var(--muted); }
    .arrow.answer.bad .line { background: var(--bad); }
    .arrow .line::after {
      content: ''; position: absolute; top: -5px; width: 0; height: 0; border-top: 6px solid transparent; border-bottom: 6px solid transparent;
    }
    .arrow.right .line::after { right: -1px; border-left: 9px solid var(--accent); }
    .arrow.left .line::after { left: -1px; border-right: 9px solid var(--muted); }
    .arrow.left.bad .line::after { border-right-color: var(--bad); }
    .arrow .label { position: absolute; left: var(--from); right: var(--to); top: 2px; text-align: center; font-size: 12px; font-family: var(--mono); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
    .arrow .label .tag { font-family: inherit; color: var(--warn); margin-left: 4px; }
    .decision { z-index: 1; margin: 3px 6px; padding: 6px 10px; border: 1px solid var(--border); border-left: 4px solid var(--border-strong); border-radius: 6px; background: var(--surface); display: grid; gap: 4px; font-size: 12.5px; }
    .decision.pass { border-left-color: var(--ok); }
    .decision.final { border-left-color: var(--bad); background: #fffafa; }
    .decision.final.accepted { border-left-color: var(--ok); background: #f6fbf7; }
    .decision .rule { font-family: var(--mono); font-weight: 700; overflow-wrap: anywhere; }
    .decision .answer { font-family: var(--mono); }
    .decision dl { display: flex; flex-wrap: wrap; gap: 2px 6px; margin: 0; }
    .decision dl div { display: inline-block; max-width: 100%; padding: 0 5px; border-radius: 4px; background: var(--surface-2); border: 1px solid var(--border); font-size: 11.5px; overflow-wrap: anywhere; }
    .decision dt, .decision dd { display: inline; }
    .decision dt { color: var(--muted); }
    .decision dt::after { content: '='; }
    .decision dd { margin: 0; font-family: var(--mono); }
    .deciding-tag { font-size: 11px; font-weight: 700; text-transform: uppercase; color: var(--bad); }
    .accepted .deciding-tag { color: var(--ok); }
  `];

  override render() {
    const ladder = this.ladder;
    if (!ladder) return nothing;
    const cols = ladder.columns.length;
    return html`
      <div class="ladder" role="figure" aria-label="Ladder diagram of the request, ${cols} places, ${ladder.rows.length} steps" data-testid="trace-ladder" style="--cols:${cols}">
        ${ladder.columns.map((c, i) => this.#head(c, i))}
        ${ladder.columns.map((_, i) => html`<div class="lifeline" style="grid-column:${i + 1};grid-row:2 / ${ladder.rows.length + 3}" aria-hidden="true"></div>`)}
        ${ladder.rows.map((row, r) => (row.type === 'arrow' ? this.#arrow(row, r + 2, ladder.columns) : this.#decision(row, r + 2)))}
      </div>
    `;
  }

  /** Scrolls the decision that settled the request into view (the one an admin opens a trace for). */
  async revealDeciding() {
    await this.updateComplete;
    this.renderRoot.querySelector('[data-deciding=true]')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }

  #head(c: LadderColumn, i: number) {
    return html`
      <div class="head" style="grid-column:${i + 1}" data-testid="ladder-column-${c.key}">
        <div class="box ${c.outside ? 'outside' : ''}"><div class="title">${c.title}</div><div class="label">${c.label}</div></div>
      </div>
    `;
  }

  #arrow(a: LadderArrow, row: number, columns: LadderColumn[]) {
    const first = Math.min(a.from, a.to);
    const span = Math.abs(a.to - a.from) + 1;
    // From the centre of the first column to the centre of the last one.
    const inset = `${50 / span}%`;
    const right = a.to > a.from;
    const bad = a.direction === 'answer' && a.code !== undefined && (a.code < 200 || a.code >= 300);
    const said = `${a.direction === 'request' ? 'Request' : 'Answer'} ${a.label}, from ${columns[a.from]?.label} to ${columns[a.to]?.label}${a.public ? ' (public form)' : ''}`;
    return html`
      <div class="arrow ${a.direction} ${right ? 'right' : 'left'} ${bad ? 'bad' : ''}" data-testid="ladder-arrow" data-direction=${a.direction}
        style="grid-row:${row};grid-column:${first + 1} / span ${span};--from:${inset};--to:${inset}" role="img" aria-label=${said}>
        <span class="label">${a.label}${a.public ? html`<span class="tag">public</span>` : ''}</span>
        <span class="line"></span>
      </div>
    `;
  }

  #decision(d: LadderDecision, row: number) {
    const x = d.decision;
    const accepted = x.code >= 200 && x.code < 300;
    const state = x.reason === 'forwarded' ? 'pass' : `final ${accepted ? 'accepted' : ''}`;
    const inputs = Object.entries(x.inputs ?? {});
    return html`
      <div class="decision ${state}" style="grid-row:${row};grid-column:${d.column + 1}" data-testid="ladder-decision" data-rule=${x.rule} data-deciding=${d.deciding ? 'true' : 'false'}>
        ${d.deciding ? html`<span class="deciding-tag">Decided here</span>` : ''}
        <span class="rule" data-testid="ladder-rule" title=${x.node}>${x.rule}</span>
        <span>${x.explanation}</span>
        ${inputs.length ? html`<dl aria-label="Inputs">${inputs.map(([k, v]) => html`<div><dt>${k}</dt><dd>${formatValue(v)}</dd></div>`)}</dl>` : ''}
        <span class="answer" data-testid="ladder-answer"><strong>${x.code}</strong> ${x.reason}</span>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fl-trace-ladder': TraceLadder;
  }
}

import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Answer } from '@fedlab/protocol';
import { describeAnswer } from '../logic/answers.ts';
import { base } from './styles.ts';

/**
 * An answer as the sender may see it: title, status code and reason (the `ms-diagnostics-public` form for an
 * outsider), and the diagnostic sentence. Everything in it is text.
 */
@customElement('fl-answer')
export class AnswerNote extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: block;
        font-size: 0.8rem;
      }
      .note {
        display: flex;
        flex-wrap: wrap;
        align-items: baseline;
        gap: 0.2rem 0.45rem;
        line-height: 1.4;
      }
      .title {
        font-weight: 650;
      }
      .ok .title {
        color: var(--fl-ok-text);
      }
      .pending .title {
        color: var(--fl-warn-text);
      }
      .error .title {
        color: var(--fl-danger);
      }
      code {
        font-family: var(--fl-mono);
        font-size: 0.75rem;
        padding: 0 0.3rem;
        border-radius: 4px;
        background: var(--fl-surface-3);
        color: var(--fl-text-2);
      }
      .sentence {
        color: var(--fl-text-2);
        flex-basis: 100%;
      }
      :host([inline]) .sentence {
        flex-basis: auto;
      }
    `,
  ];

  @property({ attribute: false }) answer: Answer | undefined;
  /** Keep the sentence on the same line (short answers). */
  @property({ type: Boolean, reflect: true }) inline = false;

  override render() {
    if (!this.answer) return html``;
    const view = describeAnswer(this.answer);
    return html`<div class="note ${view.tone}" data-testid="answer" data-code=${view.code} data-reason=${view.reason}>
      <span class="title">${view.title}</span>
      <code data-testid="answer-code" title="status code and reason">${view.code} ${view.reason}</code>
      <span class="sentence" data-testid="answer-sentence">${view.sentence}</span>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fl-answer': AnswerNote;
  }
}

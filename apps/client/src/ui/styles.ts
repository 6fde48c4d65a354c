import { css } from 'lit';

/**
 * Shared element styles. The design tokens (--fl-*) are custom properties set on :root in index.html; they inherit
 * into every shadow root, so one palette serves all elements.
 */
export const base = css`
  :host {
    display: block;
    font-family: var(--fl-font);
    color: var(--fl-text);
    box-sizing: border-box;
    /* The containing block of .visually-hidden text: it must not stick out of a scrolling panel. */
    position: relative;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  [hidden] {
    display: none !important;
  }
  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  h1,
  h2,
  h3,
  p {
    margin: 0;
  }
  .muted {
    color: var(--fl-muted);
  }
  .truncate {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    min-width: 0;
  }
  .section-title {
    font-size: 0.72rem;
    font-weight: 650;
    letter-spacing: 0.06em;
    text-transform: uppercase;
    color: var(--fl-muted);
  }
  button,
  input,
  select,
  textarea {
    font: inherit;
    color: inherit;
  }
  :focus-visible {
    outline: 2px solid var(--fl-focus);
    outline-offset: 2px;
  }
  .btn {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.4rem;
    min-height: 2.25rem;
    padding: 0.4rem 0.9rem;
    border-radius: var(--fl-radius-sm);
    border: 1px solid var(--fl-border-strong);
    background: var(--fl-surface);
    font-weight: 550;
    font-size: 0.875rem;
    cursor: pointer;
    white-space: nowrap;
    transition: background 120ms, border-color 120ms;
  }
  .btn:hover:not(:disabled) {
    background: var(--fl-surface-2);
  }
  .btn:disabled {
    opacity: 0.55;
    cursor: not-allowed;
  }
  .btn.primary {
    background: var(--fl-accent);
    border-color: var(--fl-accent);
    color: var(--fl-on-accent);
  }
  .btn.primary:hover:not(:disabled) {
    background: var(--fl-accent-strong);
  }
  .btn.danger {
    color: var(--fl-danger);
  }
  .btn.danger:hover:not(:disabled) {
    background: var(--fl-danger-soft);
    border-color: var(--fl-danger);
  }
  .btn.ghost {
    border-color: transparent;
    background: transparent;
  }
  .btn.ghost:hover:not(:disabled) {
    background: var(--fl-surface-3);
  }
  .btn.small {
    min-height: 1.9rem;
    padding: 0.2rem 0.6rem;
    font-size: 0.8rem;
  }
  .field {
    display: grid;
    gap: 0.3rem;
  }
  .field > label,
  .label {
    font-size: 0.8rem;
    font-weight: 600;
    color: var(--fl-text-2);
  }
  .input {
    width: 100%;
    min-height: 2.25rem;
    padding: 0.45rem 0.7rem;
    border: 1px solid var(--fl-border-strong);
    border-radius: var(--fl-radius-sm);
    background: var(--fl-surface);
    font-size: 0.9rem;
  }
  .input:focus-visible {
    outline: 2px solid var(--fl-focus);
    outline-offset: 0;
    border-color: var(--fl-accent);
  }
  .input[aria-invalid='true'] {
    border-color: var(--fl-danger);
  }
  .error-text {
    color: var(--fl-danger);
    font-size: 0.8rem;
  }
  .badge {
    display: inline-flex;
    align-items: center;
    gap: 0.25rem;
    padding: 0.05rem 0.45rem;
    border-radius: 999px;
    font-size: 0.7rem;
    font-weight: 600;
    line-height: 1.4;
    background: var(--fl-surface-3);
    color: var(--fl-text-2);
    white-space: nowrap;
  }
  .badge.ok {
    background: var(--fl-ok-soft);
    color: var(--fl-ok-text);
  }
  .badge.warn {
    background: var(--fl-warn-soft);
    color: var(--fl-warn-text);
  }
  .badge.danger {
    background: var(--fl-danger-soft);
    color: var(--fl-danger);
  }
  .badge.accent {
    background: var(--fl-accent-soft);
    color: var(--fl-accent-strong);
  }
  /* A list without bullets, its items stacked. */
  .plain-list {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: var(--list-gap, 0.15rem);
  }
  /* What an empty list or panel says instead. */
  .empty {
    padding: 1.5rem 0.75rem;
    text-align: center;
    font-size: 0.875rem;
  }
  /* A count of unread messages. */
  .counter {
    min-width: 1.25rem;
    padding: 0 0.35rem;
    border-radius: 999px;
    background: var(--fl-accent);
    color: var(--fl-on-accent);
    font-size: 0.7rem;
    font-weight: 700;
    line-height: 1.5;
    text-align: center;
  }
  /* The product mark. */
  .logo {
    width: var(--logo-size, 1.75rem);
    height: var(--logo-size, 1.75rem);
    border-radius: calc(var(--logo-size, 1.75rem) * 0.28);
    display: grid;
    place-items: center;
    background: var(--fl-accent);
    color: var(--fl-on-accent);
    font-weight: 800;
    flex: none;
  }
  .card {
    background: var(--fl-surface);
    border: 1px solid var(--fl-border);
    border-radius: var(--fl-radius);
  }
`;

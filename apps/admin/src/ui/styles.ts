import { css } from 'lit';

/** The console's look, shared by every element: tokens, type, controls, tables, badges, dialogs. */
export const base = css`
  :host {
    --bg: #f4f6f9;
    --surface: #ffffff;
    --surface-2: #f8f9fb;
    --border: #d9dee7;
    --border-strong: #b8c0cc;
    --text: #1d2433;
    --muted: #5b6576;
    --accent: #2457c5;
    --accent-hover: #1c47a3;
    --accent-soft: #e8effc;
    --ok: #1a7f37;
    --ok-soft: #e6f4ea;
    --warn: #8a5a00;
    --warn-soft: #fff4d6;
    --bad: #b42318;
    --bad-soft: #fde8e7;
    --neutral-soft: #eef0f4;
    --radius: 6px;
    --mono: ui-monospace, 'SF Mono', 'Cascadia Mono', Menlo, Consolas, monospace;
    color: var(--text);
    font: 14px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
  }
  *, *::before, *::after { box-sizing: border-box; }
  h1, h2, h3 { margin: 0; line-height: 1.25; }
  h2 { font-size: 18px; font-weight: 600; }
  h3 { font-size: 15px; font-weight: 600; }
  p { margin: 0; }
  .muted { color: var(--muted); }
  .mono { font-family: var(--mono); font-size: 12.5px; }
  .visually-hidden {
    position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;
  }

  button, input, select, textarea { font: inherit; color: inherit; }
  :focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
  button {
    display: inline-flex; align-items: center; gap: 6px; min-height: 32px; padding: 0 12px; border-radius: var(--radius);
    border: 1px solid var(--border-strong); background: var(--surface); cursor: pointer; white-space: nowrap;
  }
  button:hover:not(:disabled) { background: var(--surface-2); border-color: var(--muted); }
  button:disabled { opacity: 0.55; cursor: not-allowed; }
  button.primary { background: var(--accent); border-color: var(--accent); color: #fff; font-weight: 600; }
  button.primary:hover:not(:disabled) { background: var(--accent-hover); border-color: var(--accent-hover); }
  button.danger { background: var(--bad); border-color: var(--bad); color: #fff; font-weight: 600; }
  button.danger:hover:not(:disabled) { background: #912018; }
  button.quiet { border-color: transparent; background: transparent; color: var(--accent); padding: 0 8px; }
  button.quiet:hover:not(:disabled) { background: var(--accent-soft); border-color: transparent; }
  button.quiet.bad { color: var(--bad); }
  button.quiet.bad:hover:not(:disabled) { background: var(--bad-soft); }

  input[type='text'], input[type='password'], input[type='search'], input:not([type]), select, textarea {
    min-height: 32px; padding: 4px 8px; border: 1px solid var(--border-strong); border-radius: var(--radius); background: var(--surface); width: 100%;
  }
  textarea { min-height: 64px; resize: vertical; }
  input[aria-invalid='true'], textarea[aria-invalid='true'] { border-color: var(--bad); }
  input[type='checkbox'], input[type='radio'] { width: 16px; height: 16px; margin: 0; accent-color: var(--accent); }
  label { font-weight: 500; }
  .field { display: grid; gap: 4px; }
  .field .hint { color: var(--muted); font-size: 12.5px; }
  .field .error { color: var(--bad); font-size: 12.5px; }
  .check { display: flex; align-items: flex-start; gap: 8px; font-weight: 400; }
  .check input { margin-top: 2px; flex: none; }

  .card { background: var(--surface); border: 1px solid var(--border); border-radius: 8px; }
  .toolbar { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 12px; }
  .toolbar .spacer { flex: 1; }
  .panel-head { display: flex; flex-wrap: wrap; align-items: flex-end; justify-content: space-between; gap: 8px 16px; margin-bottom: 12px; }
  .panel-head p { color: var(--muted); max-width: 70ch; margin-top: 4px; }

  .alert { border-radius: var(--radius); padding: 8px 12px; border: 1px solid; }
  .alert.bad { background: var(--bad-soft); border-color: #f4c7c3; color: #7a1a12; }
  .alert.ok { background: var(--ok-soft); border-color: #b7dfc2; color: #14532d; }
  .alert.warn { background: var(--warn-soft); border-color: #f0d58c; color: #6b4600; }

  .table-wrap { overflow-x: auto; position: relative; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: 8px 12px; border-bottom: 1px solid var(--border); vertical-align: top; }
  th { font-size: 12px; font-weight: 600; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); background: var(--surface-2); white-space: nowrap; }
  tbody tr:last-child td { border-bottom: none; }
  tbody tr:hover td { background: #fafbfd; }
  td.num { text-align: right; font-variant-numeric: tabular-nums; }
  .empty { padding: 24px; text-align: center; color: var(--muted); }
  /* On a phone, a table of things with controls becomes a list of cards: every control on screen, none reached by
     scrolling sideways. Each cell says what it is (data-label). */
  @media (max-width: 640px) {
    table.cards, table.cards tbody, table.cards tr, table.cards td { display: block; }
    table.cards thead { display: none; }
    table.cards tr { padding: 10px 12px; border-bottom: 1px solid var(--border); }
    table.cards td { border: none; padding: 3px 0; white-space: normal; }
    table.cards td[data-label]::before {
      content: attr(data-label); display: block; font-size: 11.5px; font-weight: 600; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted);
    }
  }

  .badge {
    display: inline-flex; align-items: center; gap: 6px; padding: 1px 8px; border-radius: 999px; font-size: 12px; font-weight: 600;
    background: var(--neutral-soft); color: var(--muted); white-space: nowrap;
  }
  .badge::before { content: ''; width: 7px; height: 7px; border-radius: 50%; background: currentColor; }
  .badge.plain::before { display: none; }
  .badge.ok { background: var(--ok-soft); color: var(--ok); }
  .badge.warn { background: var(--warn-soft); color: var(--warn); }
  .badge.bad { background: var(--bad-soft); color: var(--bad); }
  .badge.info { background: var(--accent-soft); color: var(--accent); }
  .code { font-family: var(--mono); font-weight: 700; }

  .switch {
    position: relative; width: 40px; min-width: 40px; height: 22px; min-height: 22px; padding: 0; border-radius: 999px;
    border: 1px solid var(--border-strong); background: #cfd5df;
  }
  .switch::after {
    content: ''; position: absolute; top: 2px; left: 2px; width: 16px; height: 16px; border-radius: 50%; background: #fff;
    box-shadow: 0 1px 2px rgb(0 0 0 / 0.3); transition: transform 120ms ease;
  }
  .switch[aria-checked='true'] { background: var(--ok); border-color: var(--ok); }
  .switch[aria-checked='true']::after { transform: translateX(18px); }
  .switch:hover:not(:disabled) { background: #bcc4d0; }
  .switch[aria-checked='true']:hover:not(:disabled) { background: #156c2e; border-color: #156c2e; }
  .switch-row { display: inline-flex; align-items: center; gap: 8px; }

  /* A dialog fits the window (an 800 px-high one at least): it scrolls inside, and its footer (Save, Cancel) stays
     in view at the bottom. */
  dialog {
    border: 1px solid var(--border); border-radius: 10px; padding: 0; width: min(640px, calc(100vw - 24px));
    max-height: calc(100vh - 24px); max-height: calc(100dvh - 24px); overflow: auto;
    color: var(--text); box-shadow: 0 20px 50px rgb(16 24 40 / 0.25);
  }
  dialog::backdrop { background: rgb(16 24 40 / 0.45); }
  dialog form, dialog .dialog-body { display: grid; gap: 12px; padding: 18px 20px; }
  dialog form { padding-bottom: 0; }
  dialog header { display: flex; align-items: center; justify-content: space-between; gap: 12px; }
  dialog footer { display: flex; justify-content: flex-end; gap: 8px; padding-top: 4px; }
  dialog form > footer {
    position: sticky; bottom: 0; z-index: 1; margin: 0 -20px; padding: 12px 20px 16px; background: var(--surface); border-top: 1px solid var(--border);
  }
  fieldset { border: 1px solid var(--border); border-radius: var(--radius); padding: 8px 12px 12px; margin: 0; display: grid; gap: 8px; }
  legend { font-weight: 500; padding: 0 4px; }
`;

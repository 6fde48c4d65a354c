import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ALLOW_ENTRY_KINDS, FEDERATION_TABS, FILTERING_OPTIONS, HOPS, LINK_STATES, PARTNER_STANDINGS, PARTNER_TRANSITIONS, PRESENCE_STATES, PUBLIC_REASONS,
  REASONS, REQUEST_KINDS, SECURITY_EVENT_KINDS, SIGN_IN_ERRORS, STATUS_CODES, SUBSCRIPTION_SETTINGS, VERIFICATION_LEVELS,
} from './index.ts';

/**
 * Keeps docs/protocol.md honest: whatever the contract defines must be documented there, and the diagnostics
 * tables must say what the code says (id, code, public form, sentence).
 */
const doc = readFileSync(new URL('../../../docs/protocol.md', import.meta.url), 'utf8');
const lines = doc.split('\n');
const tableRows = lines.filter((line) => line.startsWith('|'));
const cells = (row: string) => row.split('|').slice(1, -1).map((cell) => cell.trim());
const rowOf = (firstCell: string) => tableRows.find((row) => cells(row)[0] === firstCell);
const mentions = (name: string | number) => doc.includes(`\`${name}\``);

/**
 * Every socket.io event of the contract: the members of each `interface …Events` in this package. New event maps
 * and new events are picked up without touching this test.
 */
function eventNames(): { map: string; event: string }[] {
  const dir = new URL('./', import.meta.url);
  const found: { map: string; event: string }[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
    const source = readFileSync(new URL(file, dir), 'utf8');
    for (const match of source.matchAll(/export interface (\w+Events) \{([\s\S]*?)\n\}/g)) {
      for (const member of match[2]!.matchAll(/^\s*'?([A-Za-z][\w:-]*)'?\s*:/gm)) found.push({ map: match[1]!, event: member[1]! });
    }
  }
  return found;
}

describe('docs/protocol.md', () => {
  it('has a row for every reason, with its id, code, public reason and sentence', () => {
    for (const [reason, entry] of Object.entries(REASONS)) {
      const row = rowOf(`\`${reason}\``);
      expect({ reason, documented: !!row }).toEqual({ reason, documented: true });
      const [, id, code, publicReason, , sentence] = cells(row!);
      expect({ reason, id, code, public: publicReason, sentence }).toEqual({
        reason, id: String(entry.id), code: String(entry.code), public: `\`${entry.public}\``, sentence: entry.sentence,
      });
    }
  });

  it('has a row for every public reason, with its id, code and sentence', () => {
    for (const [reason, entry] of Object.entries(PUBLIC_REASONS)) {
      // `delivered` is both a reason and a public reason: the public table's row is the one with the public id.
      const row = tableRows.find((r) => cells(r)[0] === `\`${reason}\`` && cells(r)[1] === String(entry.id));
      expect({ reason, documented: !!row }).toEqual({ reason, documented: true });
      const [, , code, sentence] = cells(row!);
      expect({ reason, code, sentence }).toEqual({ reason, code: String(entry.code), sentence: entry.sentence });
    }
  });

  it('has a row for every status code, with its meaning', () => {
    for (const [code, meaning] of Object.entries(STATUS_CODES)) {
      const row = rowOf(code);
      expect({ code, documented: !!row }).toEqual({ code, documented: true });
      expect({ code, meaning: cells(row!)[1]!.startsWith(meaning.split(':')[0]!) }).toEqual({ code, meaning: true });
    }
  });

  it('documents every kind of request, each with a worked example', () => {
    for (const kind of REQUEST_KINDS) {
      expect({ kind, inTable: !!rowOf(`\`${kind}\``) }).toEqual({ kind, inTable: true });
      expect({ kind, example: lines.some((l) => /^#{2,4} /.test(l) && l.includes(`Example: \`${kind}\``)) }).toEqual({ kind, example: true });
    }
  });

  it('documents every socket.io event of the contract', () => {
    const events = eventNames();
    // The parse must find the known maps, or it would check nothing.
    expect(new Set(events.map((e) => e.map))).toEqual(
      new Set(['ClientToServerEvents', 'ServerToClientEvents', 'InternalLinkEvents', 'FederationLinkEvents']),
    );
    for (const { map, event } of events) expect({ map, event, documented: mentions(event) }).toEqual({ map, event, documented: true });
    expect(events.map((e) => e.event)).toEqual(expect.arrayContaining(['request', 'presence:set', 'welcome', 'signed-out', 'hello', 'trace:get']));
  });

  it('names every value of the closed sets a payload may carry', () => {
    const sets = {
      PRESENCE_STATES, HOPS, FILTERING_OPTIONS, VERIFICATION_LEVELS, SUBSCRIPTION_SETTINGS, LINK_STATES,
      ALLOW_ENTRY_KINDS, FEDERATION_TABS, PARTNER_STANDINGS, PARTNER_TRANSITIONS, SECURITY_EVENT_KINDS, SIGN_IN_ERRORS: Object.keys(SIGN_IN_ERRORS),
    };
    for (const [set, values] of Object.entries(sets)) {
      for (const value of values) expect({ set, value, documented: mentions(value) }).toEqual({ set, value, documented: true });
    }
  });
});

import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Untrusted text (messages, display names, notes, reasons) must reach the page through Lit's text bindings only.
 * This guard fails on any way around them in the app's code.
 */
const SRC = fileURLToPath(new URL('.', import.meta.url));
const FORBIDDEN = /unsafeHTML|unsafeSVG|unsafeStatic|\.innerHTML|\.outerHTML|insertAdjacentHTML|document\.write|DOMParser|createContextualFragment/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}${entry.name}`;
    if (entry.isDirectory()) return sources(`${path}/`);
    return /\.ts$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('untrusted text is never HTML', () => {
  it('no source of the app writes HTML from a string', () => {
    const files = sources(SRC);
    expect(files.length).toBeGreaterThan(20);
    const offenders = files.filter((file) => FORBIDDEN.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });
});

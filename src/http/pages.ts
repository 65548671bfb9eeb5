/**
 * Small server-rendered pages (templates/pages/<name>.html), for the links
 * people receive by mail. Values are HTML-escaped; JSON handed to a page's
 * script goes through `jsonForScript`, which cannot close the script tag.
 */

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { escapeHtml, fill, type MailVars } from '../mail/templates.js';

const PAGES_DIR = fileURLToPath(
  new URL('../../templates/pages/', import.meta.url),
);

const cache = new Map<string, string>();

export function renderPage(name: string, vars: MailVars): string {
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error('bad page name');
  let source = cache.get(name);
  if (source === undefined) {
    source = readFileSync(path.join(PAGES_DIR, `${name}.html`), 'utf8');
    cache.set(name, source);
  }
  return fill(source, vars, escapeHtml, name);
}

/** JSON safe to place inside an HTML attribute or script element. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026');
}

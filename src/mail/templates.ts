/**
 * Mail templates: templates/<name>.txt and templates/<name>.html. The
 * text part's first line is `Subject: …`. Placeholders are `{{name}}`;
 * values are escaped in the HTML part, and templates come only from the
 * templates folder, never from user input.
 */

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const TEMPLATES_DIR = fileURLToPath(
  new URL('../../templates/', import.meta.url),
);

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export type MailVars = Record<string, string | number>;

const cache = new Map<string, { subject: string; text: string;
  html: string }>();

function load(name: string) {
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error('bad template name');
  const cached = cache.get(name);
  if (cached) return cached;

  const read = (ext: string) =>
    readFileSync(path.join(TEMPLATES_DIR, `${name}.${ext}`), 'utf8');
  const [first, ...rest] = read('txt').split('\n');
  if (!first?.startsWith('Subject: ')) {
    throw new Error(`template ${name}.txt lacks a Subject line`);
  }
  const template = {
    subject: first.slice('Subject: '.length).trim(),
    text: rest.join('\n').replace(/^\n+/, ''),
    html: read('html'),
  };
  cache.set(name, template);
  return template;
}

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Fills `{{name}}` placeholders; every one must have a value. */
export function fill(
  source: string,
  vars: MailVars,
  escape: (v: string) => string,
  name: string,
): string {
  return source.replace(/\{\{\s*([a-zA-Z0-9_]+)\s*\}\}/g, (_, key) => {
    const value = vars[key];
    if (value === undefined) {
      throw new Error(`template ${name} needs a value for ${key}`);
    }
    return escape(String(value));
  });
}

/** Renders a template; every placeholder must have a value. */
export function renderMail(name: string, vars: MailVars): RenderedMail {
  const template = load(name);
  const plain = (v: string) => v.replace(/[\r\n]+/g, ' ');
  return {
    subject: fill(template.subject, vars, plain, name),
    text: fill(template.text, vars, (v) => v, name),
    html: fill(template.html, vars, escapeHtml, name),
  };
}

/**
 * The roster report as Markdown, for the secretariat's files: the same
 * content as the JSON, in tables a person can read.
 */

import type { Report } from './roster.schemas.js';

const ROLES = { chair: 'Chair', co_chair: 'Co-chair', expert: 'Expert' };

/** Whether the client asked for Markdown rather than JSON. */
export function wantsMarkdown(accept: string | undefined): boolean {
  return /\btext\/markdown\b/i.test(accept ?? '');
}

/**
 * Text from people (names, affiliations) put where Markdown could read
 * it as emphasis, code, a link, HTML or a table border: those characters
 * escaped, line breaks flattened. Every cell starts after a border, so
 * line-start markup (headings, lists) cannot arise.
 */
function text(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  return value.replace(/[\r\n]+/g, ' ')
    .replace(/([\\`*_[\]<>|~])/g, '\\$1');
}

function figure(value: number | null): string {
  return value === null ? '—' : value.toFixed(2);
}

function instant(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function table(head: string[], rows: string[][]): string[] {
  return [row(head), row(head.map(() => '---')), ...rows.map(row)];
}

function signature(what: string, sign: Report['confirmed']): string {
  if (sign === null) return `Not ${what} yet.`;
  const by = sign.by === null ? 'the system' : text(sign.by.name);
  return `${what[0]!.toUpperCase()}${what.slice(1)} by ${by} on`
    + ` ${instant(sign.at)}.`;
}

export function reportToMarkdown(report: Report): string {
  const lines = [
    `# Roster of ${text(report.group.name)}`,
    '',
    `Cycle ${report.cycleId}, term ${report.term.start.slice(0, 10)} to`
      + ` ${report.term.end.slice(0, 10)}. The cycle is`
      + ` ${report.cycleState}; the roster is ${report.rosterStatus}.`,
    '',
    signature('submitted', report.submitted),
    signature('confirmed', report.confirmed),
    '',
    '## Members',
    '',
    ...table(
      ['Role', 'Name', 'Affiliation', 'Country', 'Nominated by',
        'Endorsed by', 'Mean', 'Calibrated', 'Reviews'],
      report.members.map((m) => [
        ROLES[m.role],
        text(m.name),
        text(m.affiliation),
        text(m.country),
        text(m.nominatedBy?.name),
        m.endorsedBy.length === 0 ? '—'
          : m.endorsedBy.map((e) => text(e.name)).join('; '),
        figure(m.scores?.mean ?? null),
        figure(m.scores?.calibrated ?? null),
        String(m.scores?.count ?? 0),
      ]),
    ),
    '',
    '## Composition rules',
    '',
    ...table(['Rule', 'Met', 'How the roster meets it'],
      report.rules.map((r) => [
        r.rule, r.met ? 'yes' : '**no**', text(r.summary),
      ])),
  ];
  if (report.violations.length > 0) {
    lines.push('', '## Violations', '',
      ...report.violations.map((v) => `- ${v.rule}: ${text(v.message)}`));
  }
  if (report.departed.length > 0) {
    lines.push('', '## Members who stepped down', '',
      ...table(['Role', 'Name', 'Left on'], report.departed.map((d) => [
        ROLES[d.role], text(d.name), instant(d.endedAt),
      ])));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The ranking as CSV (RFC 4180): a header row, then one row per
 * nomination with the same figures as the JSON answer, decimals fixed to
 * four places and an empty cell for a missing figure. Flags are codes
 * separated by spaces; conflicts are `reviewerId:reason+reason`, likewise.
 */

import type { RankingItem, RankingView } from './ranking.service.js';

const DECIMALS = 4;

type Cell = string | number | null | Figure;

/** A decimal already fixed to its precision: never guarded as text. */
class Figure {
  constructor(readonly text: string) {}
}

function figure(value: number | null): Figure | null {
  if (value === null) return null;
  // A rounding trace below zero would otherwise print as -0.0000.
  const text = value.toFixed(DECIMALS);
  return new Figure(/^-0\.0+$/.test(text) ? text.slice(1) : text);
}

const COLUMNS: [string, (item: RankingItem) => Cell][] = [
  ['rank', (i) => i.rank],
  ['nominationId', (i) => i.nominationId],
  ['candidateId', (i) => i.candidateId],
  ['candidateName', (i) => i.candidateName],
  ['mean', (i) => figure(i.mean)],
  ['count', (i) => i.count],
  ['stdDev', (i) => figure(i.stdDev)],
  ['calibrated', (i) => figure(i.calibrated)],
  ['flags', (i) => i.flags.join(' ')],
  ['conflicts', (i) => i.conflicts
    .map((c) => `${c.reviewerId}:${c.reasons.join('+')}`).join(' ')],
  ['withheld', (i) => i.withheld],
];

function field(cell: Cell): string {
  if (cell === null) return '';
  if (cell instanceof Figure) return cell.text;
  if (typeof cell === 'number') return String(cell);
  // A spreadsheet would run text starting like a formula (a candidate
  // named "=HYPERLINK(…)"); a leading apostrophe makes it plain text.
  const text = /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function rankingToCsv(view: RankingView): string {
  const lines = [
    COLUMNS.map(([name]) => name).join(','),
    ...view.items.map((item) =>
      COLUMNS.map(([, cell]) => field(cell(item))).join(',')),
  ];
  return `${lines.join('\r\n')}\r\n`;
}

/** Tells whether an Accept header asks for CSV (and does not refuse it). */
export function wantsCsv(accept: string | undefined): boolean {
  if (accept === undefined) return false;
  return accept.split(',').some((range) => {
    const [type, ...params] = range.split(';').map((p) => p.trim());
    const q = params.find((p) => /^q=/i.test(p));
    return type?.toLowerCase() === 'text/csv'
      && (q === undefined || Number(q.slice(2)) > 0);
  });
}

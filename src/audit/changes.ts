import type { FieldChange } from './audit.repository.js';

/**
 * Fields whose values are personal data or free text about people. The
 * audit trail records that they changed, never what they hold, so that a
 * person's data can be erased without touching the chain.
 */
const PERSONAL_FIELDS = new Set([
  'email', 'name', 'affiliation', 'country', 'region', 'gender',
  'expertise', 'statement', 'comment', 'reason', 'interests', 'note',
  'rulingNote', 'returnReason', 'toAddress',
]);

/**
 * The changed fields between two versions of a row (`before` null for a
 * creation, `after` null for a removal), personal values left out.
 */
export function changesBetween(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
  personalFields: ReadonlySet<string> = PERSONAL_FIELDS,
): Record<string, FieldChange> {
  const keys = new Set([
    ...Object.keys(before ?? {}),
    ...Object.keys(after ?? {}),
  ]);
  const changes: Record<string, FieldChange> = {};
  for (const key of [...keys].sort()) {
    const was = before?.[key] ?? null;
    const now = after?.[key] ?? null;
    if (JSON.stringify(was) === JSON.stringify(now)) continue;
    changes[key] = personalFields.has(key)
      ? { personal: true }
      : { before: was, after: now };
  }
  return changes;
}

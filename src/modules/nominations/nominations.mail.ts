/**
 * How nomination mail and pages put things into words: focus areas by
 * title, instants in UTC, missing data said plainly.
 */

import { countryName } from '../../domain/regions.js';
import type { Group } from '../groups/groups.repository.js';

/** The titles of a group's focus areas, in the order they were named. */
export function focusAreaTitles(group: Group, ids: readonly string[])
  : string {
  const titles = new Map(group.focusAreas.map((a) => [a.id, a.title]));
  return ids.map((id) => titles.get(id) ?? id).join('; ');
}

/** An instant as people read it: `2027-01-24 09:00 UTC`. */
export function readableInstant(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

/** A country code with its name, or a plain word when none is held. */
export function readableCountry(code: string | null): string {
  if (code === null) return 'not given';
  const name = countryName(code);
  return name ? `${name} (${code})` : code;
}

export function orNotGiven(value: string | null): string {
  return value ?? 'not given';
}

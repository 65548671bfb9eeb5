/**
 * Referral-integrity flags. They point reviewers at patterns worth a second
 * look in one cycle's nominations; nothing is refused or hidden because of
 * them.
 */

import { sameAffiliation } from './conflicts.js';

export type FlagCode =
  | 'endorser_same_affiliation'
  | 'mutual_nomination'
  | 'referral_ring';

/** What the flags need to know about one nomination of the cycle. */
export interface FlaggedNomination {
  id: string;
  candidateId: string;
  nominatorId: string;
  endorserIds: readonly string[];
  withdrawn?: boolean;
}

/** Finds a person's affiliation, or null when it is unknown. */
export type AffiliationLookup = (personId: string) => string | null;

/**
 * Computes the flags of every nomination of a cycle. The map has one entry
 * per nomination, in ascending id order, each holding its distinct flag
 * codes sorted; a withdrawn nomination takes part in nothing and gets an
 * empty list. Throws a RangeError when two nominations share an id.
 */
export function flagNominations(
  nominations: readonly FlaggedNomination[],
  affiliationOf: AffiliationLookup,
): Map<string, FlagCode[]> {
  assertUniqueIds(nominations);
  const live = nominations.filter((nomination) => !nomination.withdrawn);

  const nominees = new Map<string, Set<string>>();
  for (const { nominatorId, candidateId } of live) {
    const ofNominator = nominees.get(nominatorId) ?? new Set<string>();
    nominees.set(nominatorId, ofNominator.add(candidateId));
  }
  const ringOf = componentIndex(findRings(live));

  const flags = new Map<string, FlagCode[]>();
  for (const nomination of byId(nominations)) {
    // Checked in the codes' alphabetical order, so each list comes sorted.
    const codes: FlagCode[] = [];
    if (!nomination.withdrawn) {
      if (hasColleagueEndorser(nomination, affiliationOf)) {
        codes.push('endorser_same_affiliation');
      }
      if (isReturned(nomination, nominees)) codes.push('mutual_nomination');
      if (closesRing(nomination, ringOf)) codes.push('referral_ring');
    }
    flags.set(nomination.id, codes);
  }
  return flags;
}

/**
 * Lists the referral rings of a cycle: the groups of two or more people
 * who can each be reached from every other by following who referred
 * whom. Each ring is sorted, and the rings are sorted by their first
 * person, so that reports read the same every time.
 */
export function findRings(
  nominations: readonly FlaggedNomination[],
): string[][] {
  const graph = referralGraph(nominations);
  return stronglyConnectedComponents(graph)
    .filter((component) => component.length >= 2)
    .map((component) => [...component].sort(compareIds))
    .sort((a, b) => compareIds(a[0] ?? '', b[0] ?? ''));
}

/**
 * Builds the who-referred-whom graph: an edge from the nominator and from
 * each endorser to the candidate. Withdrawn nominations add nothing, and
 * a person referring themselves is ignored since it closes no ring with
 * anyone else.
 */
function referralGraph(
  nominations: readonly FlaggedNomination[],
): Map<string, string[]> {
  const edges = new Map<string, Set<string>>();
  const node = (id: string): Set<string> => {
    let targets = edges.get(id);
    if (targets === undefined) {
      targets = new Set();
      edges.set(id, targets);
    }
    return targets;
  };

  for (const nomination of nominations) {
    if (nomination.withdrawn) continue;
    node(nomination.candidateId);
    for (const referrer of referrersOf(nomination)) {
      if (referrer !== nomination.candidateId) {
        node(referrer).add(nomination.candidateId);
      }
    }
  }

  return new Map(
    [...edges].map(([id, targets]) => [id, [...targets]]),
  );
}

/**
 * Tarjan's algorithm, with an explicit stack of frames instead of
 * recursion so that a long referral chain cannot exhaust the call stack.
 */
function stronglyConnectedComponents(
  graph: ReadonlyMap<string, readonly string[]>,
): string[][] {
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let nextIndex = 0;

  const discover = (id: string): void => {
    index.set(id, nextIndex);
    lowLink.set(id, nextIndex);
    nextIndex += 1;
    stack.push(id);
    onStack.add(id);
  };
  const lower = (id: string, link: number): void => {
    lowLink.set(id, Math.min(lowLink.get(id) ?? link, link));
  };

  for (const root of graph.keys()) {
    if (index.has(root)) continue;
    discover(root);
    const frames: { id: string; nextEdge: number }[] = [
      { id: root, nextEdge: 0 },
    ];

    for (
      let frame = frames.at(-1);
      frame !== undefined;
      frame = frames.at(-1)
    ) {
      const target = graph.get(frame.id)?.[frame.nextEdge];
      if (target !== undefined) {
        frame.nextEdge += 1;
        const targetIndex = index.get(target);
        if (targetIndex === undefined) {
          discover(target);
          frames.push({ id: target, nextEdge: 0 });
        } else if (onStack.has(target)) {
          lower(frame.id, targetIndex);
        }
        continue;
      }

      // Every edge of this node is explored: it either roots a component,
      // taking everything above it off the stack, or hands its low-link
      // back to the node it was reached from.
      frames.pop();
      const low = lowLink.get(frame.id) ?? 0;
      if (low === index.get(frame.id)) {
        const component = stack.splice(stack.lastIndexOf(frame.id));
        for (const member of component) onStack.delete(member);
        components.push(component);
      }
      const parent = frames.at(-1);
      if (parent !== undefined) lower(parent.id, low);
    }
  }
  return components;
}

function hasColleagueEndorser(
  nomination: FlaggedNomination,
  affiliationOf: AffiliationLookup,
): boolean {
  const candidateAffiliation = affiliationOf(nomination.candidateId);
  return nomination.endorserIds.some(
    (endorserId) =>
      endorserId !== nomination.candidateId &&
      sameAffiliation(affiliationOf(endorserId), candidateAffiliation),
  );
}

function isReturned(
  nomination: FlaggedNomination,
  nominees: ReadonlyMap<string, ReadonlySet<string>>,
): boolean {
  const { candidateId, nominatorId } = nomination;
  return (
    candidateId !== nominatorId &&
    (nominees.get(candidateId)?.has(nominatorId) ?? false)
  );
}

// The edge referrer -> candidate lies on a cycle exactly when both ends
// sit in the same strongly connected component.
function closesRing(
  nomination: FlaggedNomination,
  ringOf: ReadonlyMap<string, number>,
): boolean {
  const ring = ringOf.get(nomination.candidateId);
  return (
    ring !== undefined &&
    referrersOf(nomination).some(
      (referrer) =>
        referrer !== nomination.candidateId && ringOf.get(referrer) === ring,
    )
  );
}

function referrersOf(nomination: FlaggedNomination): string[] {
  return [nomination.nominatorId, ...nomination.endorserIds];
}

/** Maps each person on a ring to the position of that ring. */
function componentIndex(rings: readonly string[][]): Map<string, number> {
  const positions = new Map<string, number>();
  rings.forEach((ring, position) => {
    for (const id of ring) positions.set(id, position);
  });
  return positions;
}

function assertUniqueIds(nominations: readonly FlaggedNomination[]): void {
  const seen = new Set<string>();
  for (const { id } of nominations) {
    if (seen.has(id)) throw new RangeError(`duplicate nomination id ${id}`);
    seen.add(id);
  }
}

function byId(
  nominations: readonly FlaggedNomination[],
): FlaggedNomination[] {
  return [...nominations].sort((a, b) => compareIds(a.id, b.id));
}

// Code-unit order, independent of the locale the server runs in.
function compareIds(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}


/**
 * The rules a nomination or an endorsement must meet that need nothing
 * but the request and the cycle's facts: the deadline, the statement's
 * length, the areas of focus, and who may refer whom. Rules that need the
 * database (one nomination per candidate, the nominator's allowance) are
 * checked by the service.
 */

export const STATEMENT_MIN = 50;
export const STATEMENT_MAX = 5000;

export type NominationProblemCode =
  | 'nomination_deadline_passed'
  | 'statement_too_short'
  | 'statement_too_long'
  | 'no_focus_area'
  | 'duplicate_focus_area'
  | 'unknown_focus_area'
  | 'self_nomination';

export type EndorsementProblemCode =
  | 'nomination_deadline_passed'
  | 'statement_too_short'
  | 'statement_too_long'
  | 'self_endorsement'
  | 'nominator_endorsement';

export interface RuleProblem<Code extends string> {
  code: Code;
  message: string;
  /** The focus area ids a focus-area problem is about. */
  focusAreas?: string[];
}

export type NominationProblem = RuleProblem<NominationProblemCode>;
export type EndorsementProblem = RuleProblem<EndorsementProblemCode>;

/**
 * The length of a statement as a reader counts it: in characters (code
 * points), so that an accent or an emoji counts once.
 */
export function statementLength(statement: string): number {
  let length = 0;
  for (const _ of statement) length += 1;
  return length;
}

/** The problem with a statement's length, or null when it fits. */
export function statementProblem(
  statement: string,
): RuleProblem<'statement_too_short' | 'statement_too_long'> | null {
  const length = statementLength(statement);
  if (length < STATEMENT_MIN) {
    return {
      code: 'statement_too_short',
      message: `must be at least ${STATEMENT_MIN} characters; ` +
        `it has ${length}`,
    };
  }
  if (length > STATEMENT_MAX) {
    return {
      code: 'statement_too_long',
      message: `must be at most ${STATEMENT_MAX} characters; ` +
        `it has ${length}`,
    };
  }
  return null;
}

/**
 * Tells whether the deadline has passed at `now`. The deadline instant
 * itself is already too late: a deadline names the first moment at which
 * nominations are closed.
 */
export function deadlinePassed(now: string | Date, deadline: string)
  : boolean {
  return new Date(now).getTime() >= new Date(deadline).getTime();
}

type OpeningProblem = RuleProblem<
  'nomination_deadline_passed' | 'statement_too_short' | 'statement_too_long'
>;

// What nominations and endorsements share: the cycle still open, and a
// statement of the right length.
function openingProblems(facts: {
  now: string | Date;
  nominationDeadline: string;
  statement: string;
}): OpeningProblem[] {
  const problems: OpeningProblem[] = [];
  if (deadlinePassed(facts.now, facts.nominationDeadline)) {
    problems.push({
      code: 'nomination_deadline_passed',
      message: 'the nomination deadline of this cycle has passed',
    });
  }
  const statement = statementProblem(facts.statement);
  if (statement) problems.push(statement);
  return problems;
}

// The same normalisation as a person's stored email, so that two spellings
// of one address are one person here too.
function sameEmail(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

export interface NominationFacts {
  now: string | Date;
  nominationDeadline: string;
  statement: string;
  /** The focus area ids the nomination names, as sent. */
  focusAreas: readonly string[];
  /** The ids of the group's areas of focus. */
  groupFocusAreas: readonly string[];
  nominatorEmail: string;
  candidateEmail: string;
}

/**
 * Every rule a new nomination breaks, in the order a nominator would
 * want to hear them: a closed cycle first, then the statement, the areas
 * of focus, and finally who is nominated.
 */
export function nominationProblems(facts: NominationFacts)
  : NominationProblem[] {
  const problems: NominationProblem[] = [];
  problems.push(...openingProblems(facts));
  problems.push(...focusAreaProblems(facts.focusAreas,
    facts.groupFocusAreas));
  if (sameEmail(facts.nominatorEmail, facts.candidateEmail)) {
    problems.push({
      code: 'self_nomination',
      message: 'you cannot nominate yourself',
    });
  }
  return problems;
}

function focusAreaProblems(
  chosen: readonly string[],
  offered: readonly string[],
): NominationProblem[] {
  if (chosen.length === 0) {
    return [{
      code: 'no_focus_area',
      message: 'name at least one of the group\'s areas of focus',
    }];
  }
  const problems: NominationProblem[] = [];
  const repeated = [...new Set(
    chosen.filter((id, i) => chosen.indexOf(id) !== i))];
  if (repeated.length > 0) {
    problems.push({
      code: 'duplicate_focus_area',
      message: `each area of focus counts once: ${repeated.join(', ')}`,
      focusAreas: repeated,
    });
  }
  const known = new Set(offered);
  const unknown = [...new Set(chosen.filter((id) => !known.has(id)))];
  if (unknown.length > 0) {
    problems.push({
      code: 'unknown_focus_area',
      message: `not an area of focus of this group: ${unknown.join(', ')}`,
      focusAreas: unknown,
    });
  }
  return problems;
}

export interface EndorsementFacts {
  now: string | Date;
  nominationDeadline: string;
  statement: string;
  endorserId: string;
  candidateId: string;
  nominatorId: string;
}

/**
 * Every rule an endorsement breaks. A referral must come from a third
 * person: the candidate and the nominator are already counted.
 */
export function endorsementProblems(facts: EndorsementFacts)
  : EndorsementProblem[] {
  const problems: EndorsementProblem[] = [];
  problems.push(...openingProblems(facts));
  if (facts.endorserId === facts.candidateId) {
    problems.push({
      code: 'self_endorsement',
      message: 'you cannot endorse your own nomination',
    });
  }
  if (facts.endorserId === facts.nominatorId) {
    problems.push({
      code: 'nominator_endorsement',
      message: 'you nominated this candidate; your referral already counts',
    });
  }
  return problems;
}

/**
 * The life of a selection cycle. The secretariat moves it forward; a chair
 * may send it back from composing to reviewing; it can be cancelled any
 * time before it is confirmed, and confirmation happens only through the
 * roster.
 */

export const CYCLE_STATES = ['draft', 'nominating', 'reviewing', 'composing',
  'confirmed', 'cancelled'] as const;

export type CycleState = (typeof CYCLE_STATES)[number];

const MOVES: Record<CycleState, readonly CycleState[]> = {
  draft: ['nominating', 'cancelled'],
  nominating: ['reviewing', 'cancelled'],
  reviewing: ['composing', 'cancelled'],
  composing: ['reviewing', 'confirmed', 'cancelled'],
  confirmed: [],
  cancelled: [],
};

export function canMove(from: CycleState, to: CycleState): boolean {
  return MOVES[from].includes(to);
}

/** Neither confirmed nor cancelled: a group has at most one such cycle. */
export function isOpen(state: CycleState): boolean {
  return state !== 'confirmed' && state !== 'cancelled';
}

export interface TransitionFacts {
  chairId: string | null;
  coChairId: string | null;
  nominationDeadline: string;
  now: string;
}

export interface RuleProblem {
  code: string;
  message: string;
}

/**
 * The domain preconditions of a move, beyond the state machine itself.
 * Returns every unmet one.
 */
export function transitionProblems(
  to: CycleState,
  facts: TransitionFacts,
): RuleProblem[] {
  const problems: RuleProblem[] = [];
  if (to === 'nominating' && facts.nominationDeadline <= facts.now) {
    problems.push({
      code: 'nomination_deadline_passed',
      message: 'the nomination deadline has passed; set a later one first',
    });
  }
  if (to === 'reviewing' && (!facts.chairId || !facts.coChairId)) {
    problems.push({
      code: 'officers_required',
      message: 'reviewing needs a chair and a co-chair appointed',
    });
  }
  return problems;
}

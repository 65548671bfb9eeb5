import { z } from 'zod';
import { Id } from '../../schemas.js';

const MAX_LISTED = 100;

/**
 * A draft as the chair saves it. Officers may be left null while the
 * draft is incomplete, and an id may be listed twice: both are reported
 * as violations rather than refused, so the chair sees every problem.
 */
export const RosterInput = z.object({
  chairId: Id.nullable(),
  coChairId: Id.nullable(),
  expertIds: z.array(Id).max(MAX_LISTED),
}).strict();

export const ViolationBody = z.object({
  rule: z.string(),
  message: z.string(),
  figures: z.record(z.string(), z.union([z.number(), z.string()]))
    .optional(),
  personIds: z.array(z.string()).optional(),
}).meta({ id: 'Violation' });

export const RosterBody = z.object({
  cycleId: z.string(),
  chairId: z.string().nullable(),
  coChairId: z.string().nullable(),
  expertIds: z.array(z.string()),
  status: z.enum(['draft', 'submitted', 'returned', 'confirmed']),
  returnReason: z.string().nullable(),
  submittedAt: z.string().nullable(),
  confirmedAt: z.string().nullable(),
  /** When the roster was last saved; null before the first save. */
  updatedAt: z.string().nullable(),
  /** Members who stepped down and whose seats are not yet refilled. */
  vacatedIds: z.array(z.string()),
  violations: z.array(ViolationBody),
}).meta({ id: 'Roster' });

export const ScoreBasis = z.enum(['calibrated', 'raw']);

/** A suggestion takes an optional body; none means calibrated scores. */
export const SuggestionInput = z.object({
  score: ScoreBasis.optional(),
}).strict().nullish();

const ReasonBody = z.object({
  rule: z.string(),
  message: z.string(),
  figures: z.record(z.string(), z.union([z.number(), z.string()])),
  personIds: z.array(z.string()).optional(),
}).meta({ id: 'InfeasibilityReason' });

const OfficeredRosterBody = z.object({
  chairId: z.string(),
  coChairId: z.string(),
  expertIds: z.array(z.string()),
});

export const SuggestionBody = z.union([
  z.object({
    feasible: z.literal(true),
    kind: z.literal('roster'),
    roster: OfficeredRosterBody,
    /** The sum of the chosen experts' scores (unscored ones add 0). */
    total: z.number(),
    /** Which score the candidates were ranked by (as `basis`). */
    score: ScoreBasis,
    basis: ScoreBasis,
    /**
     * The chosen experts who have no score on `basis`. Such candidates
     * rank after every scored one, so each is here only because the
     * rules could not be met without them.
     */
    unscoredIds: z.array(z.string()),
  }),
  z.object({
    feasible: z.literal(true),
    kind: z.literal('replacement'),
    /** The member whose seat is to be filled. */
    leavingId: z.string(),
    personId: z.string(),
    /**
     * The proposed candidate's score on `basis`; null when they have
     * none, which ranks them after every scored reserve candidate.
     */
    score: z.number().nullable(),
    basis: ScoreBasis,
    roster: OfficeredRosterBody,
  }),
  z.object({
    feasible: z.literal(false),
    kind: z.enum(['roster', 'replacement']),
    reasons: z.array(ReasonBody),
    basis: ScoreBasis,
  }),
]).meta({ id: 'RosterSuggestion' });

/** Submission and confirmation carry nothing; an empty object will do. */
export const EmptyInput = z.object({}).strict().nullish();

export const ReturnInput = z.object({
  reason: z.string().trim().min(1).max(2000),
}).strict();

export const SteppingDownInput = z.object({
  reason: z.string().trim().min(1).max(2000),
}).strict();

export const ReplacementInput = z.object({ personId: Id }).strict();

export const MemberParams = z.object({ id: Id, personId: Id });

export const MembershipBody = z.object({
  cycleId: z.string(),
  personId: z.string(),
  role: z.enum(['chair', 'co_chair', 'expert']),
  termStart: z.string(),
  termEnd: z.string(),
  endedAt: z.string().nullable(),
  createdAt: z.string(),
}).meta({ id: 'Membership' });

export const PublicMembersBody = z.object({
  groupSlug: z.string(),
  /** The latest confirmed cycle; null when the group has none yet. */
  cycleId: z.string().nullable(),
  term: z.object({ start: z.string(), end: z.string() }).nullable(),
  members: z.array(z.object({
    personId: z.string(),
    name: z.string(),
    affiliation: z.string().nullable(),
    country: z.string().nullable(),
    region: z.string().nullable(),
    role: z.enum(['chair', 'co_chair', 'expert']),
  })),
}).meta({ id: 'GroupMembers' });

const Named = z.object({ personId: z.string(), name: z.string() });

export const ReportBody = z.object({
  cycleId: z.string(),
  group: z.object({ slug: z.string(), name: z.string() }),
  cycleState: z.string(),
  term: z.object({ start: z.string(), end: z.string() }),
  rosterStatus: z.enum(['draft', 'submitted', 'returned', 'confirmed']),
  members: z.array(z.object({
    personId: z.string(),
    name: z.string(),
    role: z.enum(['chair', 'co_chair', 'expert']),
    affiliation: z.string().nullable(),
    country: z.string().nullable(),
    region: z.string().nullable(),
    nominatedBy: Named.nullable(),
    endorsedBy: z.array(Named),
    scores: z.object({
      mean: z.number().nullable(),
      calibrated: z.number().nullable(),
      count: z.number().int(),
      /** Why the figures are left out for this reader, as in the ranking. */
      withheld: z.enum(['review_first', 'conflict_of_interest']).nullable(),
    }).nullable(),
  })),
  /** Members who left during the term. */
  departed: z.array(Named.extend({
    role: z.enum(['chair', 'co_chair', 'expert']),
    endedAt: z.string(),
  })),
  rules: z.array(z.object({
    rule: z.string(),
    met: z.boolean(),
    summary: z.string(),
    figures: z.record(z.string(), z.union([z.number(), z.string()])),
  })),
  violations: z.array(ViolationBody),
  submitted: z.object({ by: Named.nullable(), at: z.string() }).nullable(),
  confirmed: z.object({ by: Named.nullable(), at: z.string() }).nullable(),
}).meta({ id: 'RosterReport' });

export type RosterInputBody = z.infer<typeof RosterInput>;
export type SuggestionAnswer = z.infer<typeof SuggestionBody>;
export type PublicMembers = z.infer<typeof PublicMembersBody>;
export type Report = z.infer<typeof ReportBody>;

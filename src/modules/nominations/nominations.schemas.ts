import { z } from 'zod';
import { NOMINATION_STATUSES } from '../../domain/eligibility.js';
import {
  STATEMENT_MAX,
  statementProblem,
} from '../../domain/nomination-rules.js';
import {
  Affiliation,
  Country,
  Email,
  Expertise,
  Gender,
  PersonName,
} from '../../schemas.js';

/**
 * A nomination's or an endorsement's statement: 50 to 5000 characters
 * once surrounding space is trimmed. The raw cap only keeps absurd input
 * from being counted at all.
 */
export const Statement = z.string().max(STATEMENT_MAX * 4).trim()
  .superRefine((value, ctx) => {
    const problem = statementProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem.message });
  });

const FocusAreaId = z.string().min(1).max(100);

export const CreateNominationBody = z.object({
  candidate: z.object({
    name: PersonName,
    email: Email,
    affiliation: Affiliation,
    country: Country,
  }).strict(),
  statement: Statement,
  /** Ids of the group's areas of focus: at least one, each once. */
  focusAreas: z.array(FocusAreaId).min(1).max(50),
}).strict();

export const EndorsementBody = z.object({ statement: Statement }).strict();

/**
 * A withdrawal carries nothing; an empty object is accepted too. Nullish,
 * because Fastify hands a request without a body to the schema as null.
 */
export const WithdrawalBody = z.object({}).strict().nullish();

export const NominationBody = z.object({
  id: z.string(),
  cycleId: z.string(),
  candidateId: z.string(),
  nominatorId: z.string(),
  candidate: z.object({
    name: z.string(),
    affiliation: z.string().nullable(),
    country: z.string().nullable(),
  }),
  status: z.enum(NOMINATION_STATUSES),
  focusAreas: z.array(z.string()),
  statement: z.string(),
  /** Distinct people referring the candidate: nominator and endorsers. */
  referrals: z.number().int(),
  /** Consented, with at least the group's minimum of referrals. */
  eligible: z.boolean(),
  /** Referral-integrity codes such as `mutual_nomination`. */
  flags: z.array(z.string()),
  endorserIds: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
}).meta({ id: 'Nomination' });

export const NominationList = z.array(NominationBody);

/**
 * What an endorser gets back: their own referral. The nomination stays
 * as hidden from them as from any other expert.
 */
export const EndorsementResult = z.object({
  id: z.string(),
  nominationId: z.string(),
  endorserId: z.string(),
  statement: z.string(),
  createdAt: z.string(),
}).meta({ id: 'Endorsement' });

// Invitations

export const TokenParams = z.object({ token: z.string().min(1).max(200) });

export const InvitationBody = z.object({
  nominationId: z.string(),
  group: z.object({ slug: z.string(), name: z.string() }),
  focusAreas: z.array(z.object({ id: z.string(), title: z.string() })),
  nominatorName: z.string(),
  statement: z.string(),
  status: z.enum(NOMINATION_STATUSES),
  expiresAt: z.string(),
  /** Everything peerpanel holds about the candidate. */
  candidate: z.object({
    name: z.string(),
    email: z.string(),
    affiliation: z.string().nullable(),
    country: z.string().nullable(),
  }),
  /** Why the data is held, who sees it, and how to object. */
  notice: z.object({
    purpose: z.string(),
    seenBy: z.string(),
    objection: z.string(),
  }),
}).meta({ id: 'Invitation' });

const Profile = z.object({
  affiliation: Affiliation,
  country: Country,
  gender: Gender.optional(),
  expertise: Expertise,
}).strict();

export const AnswerBody = z.discriminatedUnion('decision', [
  z.object({
    decision: z.literal('accept'),
    /** The candidate's own profile, replacing what the nominator gave. */
    profile: Profile.optional(),
  }).strict(),
  z.object({ decision: z.literal('decline') }).strict(),
]);

export type CreateNominationInput = z.infer<typeof CreateNominationBody>;
export type AnswerInput = z.infer<typeof AnswerBody>;
export type ProfileInput = z.infer<typeof Profile>;

/**
 * Every error peerpanel answers with, in one place. Each entry has a
 * stable snake_case code (clients branch on it), an HTTP status and a
 * message template whose `%s` slots are filled in order.
 */

import { format } from 'node:util';

export class AppError extends Error {
  readonly statusCode: number;
  readonly code: string;
  readonly details: unknown;

  constructor(
    statusCode: number,
    code: string,
    message: string,
    details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
    this.statusCode = statusCode;
    this.code = code;
    this.details = details;
  }
}

type ErrorFactory = (...args: unknown[]) => AppError;

function define(statusCode: number, code: string, template: string) {
  const factory = (...args: unknown[]): AppError => {
    const slots = template.split('%s').length - 1;
    const message = format(template, ...args.slice(0, slots));
    const details = args.length > slots ? args[slots] : undefined;
    return new AppError(statusCode, code, message, details);
  };
  return Object.assign(factory, { code, statusCode }) as ErrorFactory & {
    code: string;
    statusCode: number;
  };
}

// Requests
export const validationFailed = define(
  400, 'validation_failed', 'the request is not valid: %s');
export const malformedRequest = define(
  400, 'malformed_request', '%s');
export const unsupportedMediaType = define(
  415, 'unsupported_media_type', 'send the body as application/json');
export const rateLimited = define(
  429, 'rate_limited', 'too many requests; try again in %s');

// Identity and access
export const unauthenticated = define(
  401, 'unauthenticated', 'sign in to do this');
export const invalidToken = define(
  401, 'invalid_token', 'the access token is missing, expired or invalid');
export const loginTokenInvalid = define(
  401, 'login_token_invalid', 'this sign-in link is invalid, used or expired');
export const forbidden = define(
  403, 'forbidden', 'you may not %s');
export const notFound = define(
  404, 'not_found', '%s not found');

// Reviewing: standing and independence
export const declarationRequired = define(
  403, 'declaration_required',
  'file your declaration of interest for this cycle first');
export const reviewerExcluded = define(
  403, 'reviewer_excluded',
  'the secretariat has excluded you from reviewing in this cycle');
export const conflictOfInterest = define(
  403, 'conflict_of_interest',
  'you have a conflict of interest with this nomination: %s');
export const reviewFirst = define(
  403, 'review_first',
  'submit your own review of this nomination before reading the others');

// Domain state
export const conflict = define(
  409, 'conflict', '%s');
export const emailTaken = define(
  409, 'email_taken', 'a person with this email address already exists');
export const invalidTransition = define(
  409, 'invalid_transition', 'a cycle cannot move from %s to %s');
export const wrongCycleState = define(
  409, 'wrong_cycle_state', 'this needs the cycle to be %s; it is %s');
export const cycleAlreadyOpen = define(
  409, 'cycle_already_open', 'group %s already has an open cycle');
export const duplicateNomination = define(
  409, 'duplicate_nomination',
  'this candidate is already nominated in this cycle; endorse that nomination');
export const alreadyEndorsed = define(
  409, 'already_endorsed', 'you have already endorsed this nomination');
export const conflictAlreadyDeclared = define(
  409, 'conflict_already_declared',
  'you have already declared a conflict with this nomination');
export const conflictAlreadyLifted = define(
  409, 'conflict_already_lifted',
  'this affiliation conflict has already been lifted');
export const invitationGone = define(
  410, 'invitation_gone', 'this invitation link has been used or has expired');
export const wrongNominationStatus = define(
  409, 'wrong_nomination_status',
  'this needs the nomination to be %s; it is %s');
export const wrongRosterStatus = define(
  409, 'wrong_roster_status', 'this needs the roster to be %s; it is %s');
export const seatNotVacated = define(
  409, 'seat_not_vacated',
  'the %s has not stepped down; once a roster is confirmed, an officer'
  + ' is appointed only to a seat its holder has left');

// Domain rules
export const ruleViolated = define(
  422, 'rule_violated', '%s');
export const selfNomination = define(
  422, 'self_nomination', 'you cannot nominate yourself');
export const nominationLimit = define(
  422, 'nomination_limit',
  'you already have %s live nominations in this cycle; the limit is %s');
export const nominationDeadlinePassed = define(
  422, 'nomination_deadline_passed',
  'the nomination deadline of this cycle has passed');
export const unknownFocusArea = define(
  422, 'unknown_focus_area', 'not an area of focus of this group: %s');
export const selfEndorsement = define(
  422, 'self_endorsement', 'you cannot endorse your own nomination');
export const nominatorEndorsement = define(
  422, 'nominator_endorsement',
  'you nominated this candidate; your referral already counts');
export const nominationNotEligible = define(
  422, 'nomination_not_eligible',
  'this nomination is not eligible for review: %s');
export const conflictNotLiftable = define(
  422, 'conflict_not_liftable',
  'only a derived shared-affiliation conflict can be lifted; %s');
export const unknownNomination = define(
  422, 'unknown_nomination', 'not a nomination of this cycle: %s');
export const precondition = define(
  422, 'precondition_failed', '%s');
export const alreadyMember = define(
  422, 'already_member',
  'this person %s; a vacated officer seat goes to someone not on the'
  + ' roster');

// Server
export const internal = define(
  500, 'internal_error', 'something went wrong on our side');

/**
 * A refusal by a named domain rule (422), for rules whose code comes from
 * the domain layer, such as a cycle move's unmet precondition.
 */
export function domainRule(
  code: string,
  message: string,
  details?: unknown,
): AppError {
  return new AppError(422, code, message, details);
}

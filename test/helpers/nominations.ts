/**
 * Builders for nomination tests: an open cycle, people, nominations and
 * the invitation link a candidate receives by mail.
 */

import { addPerson, type TestApp } from './app.js';

export const GROUP = 'labor-migration';
export const AREA = 'recruitment-cost-indicator';
export const OTHER_AREA = 'families-left-behind';
export const NOMINATION_DEADLINE = '2027-02-01T00:00:00.000Z';
export const REVIEW_DEADLINE = '2027-03-01T00:00:00.000Z';

let counter = 0;

/** A statement of exactly `length` characters, readable in a failure. */
export function statement(length = 120): string {
  const text = 'A leading researcher on recruitment costs and labour ' +
    'mobility, with twenty years of policy advice to governments. ';
  // Never ending in a space, which the API would trim away.
  return text.repeat(Math.ceil(length / text.length) + 1).slice(0, length)
    .replace(/ $/, '.');
}

/** Opens a cycle of the group and moves it to nominating. */
export async function nominatingCycle(
  ctx: TestApp,
  options: { group?: string; deadline?: string; state?: 'draft' } = {},
): Promise<string> {
  const token = await ctx.secretariat();
  const created = await ctx.request('POST',
    `/v1/groups/${options.group ?? GROUP}/cycles`, {
      token,
      body: {
        nominationDeadline: options.deadline ?? NOMINATION_DEADLINE,
        reviewDeadline: REVIEW_DEADLINE,
      },
    });
  if (created.statusCode !== 201) throw new Error(created.raw);
  const id = created.body.id as string;
  if (options.state === 'draft') return id;
  const moved = await ctx.request('POST', `/v1/cycles/${id}/transitions`,
    { token, body: { to: 'nominating' } });
  if (moved.statusCode !== 200) throw new Error(moved.raw);
  return id;
}

export interface Expert {
  id: string;
  email: string;
  token: string;
}

/** Adds an expert and signs them in. */
export async function expert(
  ctx: TestApp,
  fields: Parameters<typeof addPerson>[1] = {},
): Promise<Expert> {
  const person = await addPerson(ctx, fields);
  return {
    id: person.id,
    email: person.email,
    token: await ctx.signIn(person.email),
  };
}

export interface CandidateFields {
  name?: string;
  email?: string;
  affiliation?: string;
  country?: string;
}

/** A fresh candidate unknown to peerpanel. */
export function candidate(fields: CandidateFields = {}) {
  counter += 1;
  return {
    name: `Candidate ${counter}`,
    email: `candidate${counter}@example.net`,
    affiliation: `University ${counter}`,
    country: 'KE',
    ...fields,
  };
}

export function nominationBody(
  who: CandidateFields = {},
  extra: Record<string, unknown> = {},
) {
  return {
    candidate: candidate(who),
    statement: statement(),
    focusAreas: [AREA],
    ...extra,
  };
}

/** Nominates; returns the raw answer. */
export function nominate(
  ctx: TestApp,
  by: Expert,
  cycleId: string,
  body: unknown = nominationBody(),
) {
  return ctx.request('POST', `/v1/cycles/${cycleId}/nominations`,
    { token: by.token, body });
}

/** Nominates and fails the test setup unless it worked. */
export async function nominated(
  ctx: TestApp,
  by: Expert,
  cycleId: string,
  who: CandidateFields = {},
): Promise<{ id: string; candidateId: string; [k: string]: unknown }> {
  const res = await nominate(ctx, by, cycleId, nominationBody(who));
  if (res.statusCode !== 201) throw new Error(res.raw);
  return res.body;
}

/** The invitation token in the last invitation mailed to an address. */
export async function invitationToken(
  ctx: TestApp,
  address: string,
): Promise<string> {
  await ctx.flush();
  const invitation = ctx.mail.to(address)
    .filter((m) => /nominated/.test(m.subject)).at(-1);
  const match = invitation &&
    /\/invitations\/([A-Za-z0-9_-]+)/.exec(invitation.text);
  if (!match) throw new Error(`no invitation mailed to ${address}`);
  return match[1]!;
}

/** The audit events about one entity, oldest first. */
export async function auditOf(ctx: TestApp, entityId: string) {
  return ctx.app.ctx.db.selectFrom('auditEvents').selectAll()
    .where('entityId', '=', entityId).orderBy('seq').execute();
}

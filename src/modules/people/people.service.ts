import { randomUUID } from 'node:crypto';
import { audit, type AppContext, type Caller } from '../../context.js';
import { inTransaction } from '../../db/transaction.js';
import { changesBetween } from '../../audit/changes.js';
import type { Db } from '../../db/schema.js';
import { regionOf } from '../../domain/regions.js';
import { authorize, authorizeOrHide, can } from '../../auth/policy.js';
import { emailTaken, forbidden, notFound } from '../../errors.js';
import {
  findPersonByEmail,
  findPersonById,
  findServiceHistory,
  insertPerson,
  normaliseEmail,
  personRecord,
  updatePerson as writePerson,
  type Person,
} from './people.repository.js';
import type {
  CreatePersonInput,
  UpdatePersonInput,
} from './people.schemas.js';

export interface PersonView extends Person {
  standing: 'new' | 'returning';
  history: Awaited<ReturnType<typeof findServiceHistory>>;
}

export async function viewPerson(db: Db, person: Person)
  : Promise<PersonView> {
  const history = await findServiceHistory(db, person.id);
  return {
    ...person,
    standing: history.length > 0 ? 'returning' : 'new',
    history,
  };
}

/**
 * Adds a person inside an open transaction, with its audit event. Used by
 * the secretariat's endpoint and by nominations of unknown candidates.
 */
export async function addPerson(
  trx: Parameters<typeof audit>[0],
  ctx: AppContext,
  caller: Caller,
  input: CreatePersonInput,
): Promise<Person> {
  if (await findPersonByEmail(trx, input.email)) throw emailTaken();

  const now = ctx.clock().toISOString();
  const country = input.country ?? null;
  const person: Person = {
    id: randomUUID(),
    // Stored normalised; answer with what is stored.
    email: normaliseEmail(input.email),
    name: input.name,
    affiliation: input.affiliation ?? null,
    country,
    region: regionOf(country),
    gender: input.gender ?? null,
    expertise: input.expertise ?? [],
    secretariat: input.secretariat ?? false,
    expert: input.expert ?? true,
    createdAt: now,
    updatedAt: now,
  };
  await insertPerson(trx, person);
  await audit(trx, ctx, caller, {
    action: 'person.created',
    entity: 'person',
    entityId: person.id,
    after: personRecord(person),
  });
  return person;
}

export async function createPerson(
  ctx: AppContext,
  caller: Caller,
  input: CreatePersonInput,
): Promise<PersonView> {
  authorize(caller.actor, 'person.create');
  return inTransaction(ctx.db, async (trx) =>
    viewPerson(trx, await addPerson(trx, ctx, caller, input)));
}

export async function getPerson(
  ctx: AppContext,
  caller: Caller,
  id: string,
): Promise<PersonView> {
  authorizeOrHide(caller.actor, 'person.read', 'person', { personId: id });
  const person = await findPersonById(ctx.db, id);
  if (!person) throw notFound('person');
  return viewPerson(ctx.db, person);
}

const SECRETARIAT_ONLY = ['email', 'secretariat', 'expert'] as const;

export async function updatePerson(
  ctx: AppContext,
  caller: Caller,
  id: string,
  input: UpdatePersonInput,
): Promise<PersonView> {
  const actor = authorizeOrHide(caller.actor, 'person.update', 'person',
    { personId: id });
  const reserved = SECRETARIAT_ONLY.filter((k) => input[k] !== undefined);
  if (reserved.length > 0 && !can(actor, 'person.grant_roles')) {
    throw forbidden(`change ${reserved.join(', ')}`);
  }

  return inTransaction(ctx.db, async (trx) => {
    const before = await findPersonById(trx, id);
    if (!before) throw notFound('person');
    if (input.email !== undefined) {
      const holder = await findPersonByEmail(trx, input.email);
      if (holder && holder.id !== id) throw emailTaken();
    }

    const country = input.country === undefined
      ? before.country : input.country;
    const after: Person = {
      ...before,
      ...Object.fromEntries(
        Object.entries(input).filter(([, v]) => v !== undefined)),
      email: normaliseEmail(input.email ?? before.email),
      country,
      region: regionOf(country),
      updatedAt: ctx.clock().toISOString(),
    };
    // A request that changes nothing writes nothing, not even a stamp.
    if (Object.keys(changesBetween(personRecord(before),
      personRecord(after))).length === 0) {
      return viewPerson(trx, before);
    }
    await writePerson(trx, after);
    await audit(trx, ctx, caller, {
      action: 'person.updated',
      entity: 'person',
      entityId: id,
      before: personRecord(before),
      after: personRecord(after),
    });
    return viewPerson(trx, after);
  });
}

/**
 * Makes sure the first secretariat account exists. Returns it and whether
 * it was created now.
 */
export async function ensureSecretariat(
  ctx: AppContext,
  caller: Caller,
  email: string,
): Promise<{ person: Person; created: boolean }> {
  return inTransaction(ctx.db, async (trx) => {
    const existing = await findPersonByEmail(trx, email);
    if (existing) return { person: existing, created: false };
    const person = await addPerson(trx, ctx, caller, {
      name: 'Secretariat',
      email,
      secretariat: true,
      expert: false,
    });
    return { person, created: true };
  });
}

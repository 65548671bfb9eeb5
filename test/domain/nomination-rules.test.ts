import fc from 'fast-check';
import t from 'tap';
import {
  STATEMENT_MAX,
  STATEMENT_MIN,
  deadlinePassed,
  endorsementProblems,
  nominationProblems,
  statementLength,
  statementProblem,
  type NominationFacts,
} from '../../src/domain/nomination-rules.js';

const DEADLINE = '2027-02-01T00:00:00.000Z';

function facts(change: Partial<NominationFacts> = {}): NominationFacts {
  return {
    now: '2027-01-10T09:00:00.000Z',
    nominationDeadline: DEADLINE,
    statement: 's'.repeat(100),
    focusAreas: ['a'],
    groupFocusAreas: ['a', 'b', 'c'],
    nominatorEmail: 'ana@example.org',
    candidateEmail: 'ben@example.org',
    ...change,
  };
}

const codes = (f: Partial<NominationFacts>) =>
  nominationProblems(facts(f)).map((p) => p.code);

t.test('accepts a nomination that keeps every rule', async (t) => {
  t.same(nominationProblems(facts()), []);
});

t.test('bounds the statement at 50 and 5000 characters', async (t) => {
  t.same(codes({ statement: 's'.repeat(49) }), ['statement_too_short']);
  t.same(codes({ statement: 's'.repeat(50) }), []);
  t.same(codes({ statement: 's'.repeat(5000) }), []);
  t.same(codes({ statement: 's'.repeat(5001) }), ['statement_too_long']);
  t.match(statementProblem('s'.repeat(49))?.message, /at least 50.*49/);
});

t.test('counts a statement in characters, not UTF-16 units', async (t) => {
  t.equal(statementLength('🌍é'), 2);
  t.equal(statementProblem('🌍'.repeat(STATEMENT_MIN)), null);
  t.equal(statementProblem('🌍'.repeat(STATEMENT_MAX)), null);
  t.equal(statementProblem('🌍'.repeat(STATEMENT_MIN - 1))?.code,
    'statement_too_short');
});

t.test('closes nominations at the deadline instant', async (t) => {
  const before = new Date(Date.parse(DEADLINE) - 1).toISOString();
  const after = new Date(Date.parse(DEADLINE) + 1000).toISOString();
  t.same(codes({ now: before }), []);
  t.same(codes({ now: DEADLINE }), ['nomination_deadline_passed']);
  t.same(codes({ now: after }), ['nomination_deadline_passed']);
  t.equal(deadlinePassed(new Date(DEADLINE), DEADLINE), true);
});

t.test('compares deadlines as instants, whatever the offset', async (t) => {
  t.equal(deadlinePassed('2027-02-01T01:00:00+02:00', DEADLINE), false);
  t.equal(deadlinePassed('2027-01-31T19:00:00-05:00', DEADLINE), true);
});

t.test('refuses a self-nomination in any spelling of the email', async (t) => {
  t.same(codes({ candidateEmail: '  ANA@Example.org ' }),
    ['self_nomination']);
  t.same(codes({ candidateEmail: 'anna@example.org' }), []);
});

t.test('checks the areas of focus', async (t) => {
  t.same(codes({ focusAreas: [] }), ['no_focus_area']);
  t.same(codes({ focusAreas: ['a', 'b'] }), []);
  const [unknown] = nominationProblems(facts({ focusAreas: ['a', 'z', 'z'] }))
    .filter((p) => p.code === 'unknown_focus_area');
  t.same(unknown?.focusAreas, ['z']);
  t.same(codes({ focusAreas: ['a', 'a', 'b'] }), ['duplicate_focus_area']);
});

t.test('lists every problem, the deadline first', async (t) => {
  t.same(codes({
    now: DEADLINE,
    statement: 'short',
    focusAreas: ['z'],
    candidateEmail: 'ana@example.org',
  }), [
    'nomination_deadline_passed',
    'statement_too_short',
    'unknown_focus_area',
    'self_nomination',
  ]);
});

t.test('refuses endorsements by the candidate or the nominator',
  async (t) => {
    const base = {
      now: '2027-01-10T09:00:00.000Z',
      nominationDeadline: DEADLINE,
      statement: 's'.repeat(60),
      endorserId: 'eve',
      candidateId: 'ben',
      nominatorId: 'ana',
    };
    const endorse = (change: Partial<typeof base>) =>
      endorsementProblems({ ...base, ...change }).map((p) => p.code);
    t.same(endorse({}), []);
    t.same(endorse({ endorserId: 'ben' }), ['self_endorsement']);
    t.same(endorse({ endorserId: 'ana' }), ['nominator_endorsement']);
    t.same(endorse({ now: DEADLINE }), ['nomination_deadline_passed']);
    t.same(endorse({ statement: 's'.repeat(5001) }), ['statement_too_long']);
  });

t.test('the statement rule agrees with its length at every size',
  async (t) => {
    t.doesNotThrow(() => fc.assert(fc.property(
      fc.string({ unit: 'grapheme', maxLength: 60 }),
      fc.integer({ min: 0, max: 120 }),
      (unit, times) => {
        const text = unit.repeat(times);
        const length = Array.from(text).length;
        const ok = length >= STATEMENT_MIN && length <= STATEMENT_MAX;
        return (statementProblem(text) === null) === ok;
      },
    )));
  });

t.test('a nomination problem list is empty exactly when each rule holds',
  async (t) => {
    t.doesNotThrow(() => fc.assert(fc.property(
      fc.integer({ min: -5000, max: 5000 }),
      fc.integer({ min: 0, max: 6000 }),
      fc.subarray(['a', 'b', 'c', 'x']),
      fc.boolean(),
      (offsetMs, length, focusAreas, self) => {
        const now = new Date(Date.parse(DEADLINE) + offsetMs);
        const problems = nominationProblems(facts({
          now,
          statement: 's'.repeat(length),
          focusAreas,
          candidateEmail: self ? 'ANA@example.org' : 'ben@example.org',
        }));
        const expected = offsetMs < 0 && length >= 50 && length <= 5000
          && focusAreas.length > 0 && !focusAreas.includes('x') && !self;
        return (problems.length === 0) === expected;
      },
    )));
  });

import t, { type Test } from 'tap';
import { testApp } from '../helpers/app.js';
import { flat, reviewCycle } from '../helpers/review-fixtures.js';

const DAY = 24 * 60 * 60 * 1000;

/**
 * Chair C and reviewer R2 have reviewed everything they can (R2 endorsed
 * n2); co-chair K has one left, R1 two; R3 is excluded.
 */
async function reviewingCycle(t: Test) {
  const rc = await reviewCycle(t, { reviewers: 3 });
  const [r1, r2, r3] = rc.added as [typeof rc.chair, typeof rc.chair,
    typeof rc.chair];
  const n1 = await rc.nominate();
  const n2 = await rc.nominate({ endorsers: [r2] });
  await rc.nominate({ status: 'awaiting_consent' });
  await rc.moveTo('reviewing');
  for (const person of rc.panel) await rc.declare(person);
  await rc.rule(r3, 'excluded');
  for (const [person, n] of [[rc.chair, n1], [rc.chair, n2],
    [rc.coChair, n1], [r2, n1]] as const) {
    const res = await rc.review(person, n.id, flat(4));
    t.equal(res.statusCode, 201);
  }
  const deadline = new Date(
    (await rc.ctx.request('GET', `/v1/cycles/${rc.cycleId}`,
      { token: await rc.ctx.secretariat() })).body.reviewDeadline);
  return { rc, r1, r2, r3, n1, n2, deadline };
}

async function reminders(rc: Awaited<ReturnType<typeof reviewCycle>>) {
  return rc.ctx.app.ctx.db.selectFrom('outbox').selectAll()
    .where('template', '=', 'review-reminder').orderBy('eventKey').execute();
}

t.test('reminds each reviewer with reviews missing, once', async (t) => {
  const { rc, r1, deadline } = await reviewingCycle(t);

  await rc.ctx.flush();
  t.equal((await reminders(rc)).length, 0, 'too early: nothing');

  rc.ctx.clock.set(new Date(deadline.getTime() - 2 * DAY).toISOString());
  await rc.ctx.flush();
  const rows = await reminders(rc);
  t.same(rows.map((r: { eventKey: string }) => r.eventKey), [
    `review-reminder:${rc.cycleId}:${rc.coChair.id}`,
    `review-reminder:${rc.cycleId}:${r1.id}`,
  ].sort(), 'the co-chair and R1; not C, R2 (done) nor R3 (excluded)');
  t.ok(rows.every((r: { status: string }) => r.status === 'sent'));

  const toCoChair = rc.ctx.mail.to(rc.coChair.email)
    .filter((m) => m.subject.startsWith('Reviews for'));
  t.equal(toCoChair.length, 1);
  t.match(toCoChair[0]!.subject, /Labor Migration/);
  t.match(toCoChair[0]!.text, /1 nomination you can review/);
  const toR1 = rc.ctx.mail.to(r1.email)
    .filter((m) => m.subject.startsWith('Reviews for'));
  t.equal(toR1.length, 1);
  t.match(toR1[0]!.text, /2 nominations you can review/);
  t.match(toR1[0]!.text, new RegExp(`/cycles/${rc.cycleId}`));

  const sentBefore = rc.ctx.mail.sent.length;
  rc.ctx.clock.advance(DAY);
  await rc.ctx.flush();
  await rc.ctx.flush();
  t.equal((await reminders(rc)).length, 2, 'no second reminder');
  t.equal(rc.ctx.mail.sent.length, sentBefore, 'and no mail sent again');
  const events = await rc.ctx.app.ctx.db.selectFrom('auditEvents')
    .select('action').where('action', 'like', 'review.remind%').execute();
  t.equal(events.length, 0, 'a reminder changes nothing to audit');
});

t.test('reminds nobody outside the window', async (t) => {
  const { rc, deadline } = await reviewingCycle(t);

  rc.ctx.clock.set(new Date(deadline.getTime() - 3 * DAY - 1000)
    .toISOString());
  await rc.ctx.flush();
  t.equal((await reminders(rc)).length, 0, 'just over three days before');

  rc.ctx.clock.set(deadline.toISOString());
  await rc.ctx.flush();
  t.equal((await reminders(rc)).length, 0, 'at the deadline');
  rc.ctx.clock.set(new Date(deadline.getTime() + DAY).toISOString());
  await rc.ctx.flush();
  t.equal((await reminders(rc)).length, 0, 'after the deadline');
});

t.test('reminds nobody in a cycle no longer taking reviews', async (t) => {
  const { rc, deadline } = await reviewingCycle(t);
  await rc.moveTo('cancelled');
  rc.ctx.clock.set(new Date(deadline.getTime() - DAY).toISOString());
  await rc.ctx.flush();
  t.equal((await reminders(rc)).length, 0);
});

t.test('follows REVIEW_REMINDER_DAYS', async (t) => {
  const ctx = await testApp(t, { env: { REVIEW_REMINDER_DAYS: '10' } });
  const rc = await reviewCycle(t, { ctx });
  await rc.nominate();
  await rc.moveTo('reviewing');
  const cycle = await ctx.request('GET', `/v1/cycles/${rc.cycleId}`,
    { token: await ctx.secretariat() });
  const due = new Date(cycle.body.reviewDeadline).getTime();

  ctx.clock.set(new Date(due - 11 * DAY).toISOString());
  await ctx.flush();
  t.equal((await reminders(rc)).length, 0, 'eleven days before: nothing');
  ctx.clock.set(new Date(due - 9 * DAY).toISOString());
  await ctx.flush();
  t.equal((await reminders(rc)).length, 3, 'nine days before: everyone');
});

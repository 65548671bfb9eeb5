/**
 * Requests that race. SQLite takes its write lock at BEGIN IMMEDIATE;
 * on PostgreSQL (TEST_DATABASE_URL set) each request has a connection
 * of its own, so these tests are where a missing lock would show: a
 * duplicate audit sequence number, a second open cycle, a nominator
 * past the limit, a message sent twice.
 */

import t from 'tap';
import { enqueueMail } from '../../src/mail/outbox.repository.js';
import { deliverDueMail } from '../../src/mail/outbox.worker.js';
import type { OutgoingMail } from '../../src/mail/transport.js';
import { testApp } from '../helpers/app.js';
import {
  expert,
  GROUP,
  nominate,
  nominationBody,
  nominatingCycle,
  NOMINATION_DEADLINE,
  REVIEW_DEADLINE,
} from '../helpers/nominations.js';

const statuses = (answers: { statusCode: number }[]) =>
  answers.map((a) => a.statusCode).sort();

t.test('keeps the audit chain whole under 20 concurrent creations',
  async (t) => {
    const ctx = await testApp(t);
    const token = await ctx.secretariat();
    const before = (await ctx.request('GET', '/v1/audit/verification',
      { token })).body.events as number;

    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) =>
      ctx.request('POST', '/v1/people', {
        token,
        body: { name: `Racer ${i}`, email: `racer${i}@example.org`,
          affiliation: `Institute ${i}`, country: 'FR' },
      })));
    t.same(statuses(answers), Array(20).fill(201), 'every one created');

    const check = await ctx.request('GET', '/v1/audit/verification',
      { token });
    t.same(check.body, { ok: true, events: before + 20, firstBadSeq: null,
      problem: null });
  });

t.test('opens one cycle of a group when two openings race', async (t) => {
  const ctx = await testApp(t);
  const token = await ctx.secretariat();

  const answers = await Promise.all(Array.from({ length: 5 }, () =>
    ctx.request('POST', `/v1/groups/${GROUP}/cycles`, {
      token,
      body: { nominationDeadline: NOMINATION_DEADLINE,
        reviewDeadline: REVIEW_DEADLINE },
    })));
  t.same(statuses(answers), [201, 409, 409, 409, 409]);
  const cycles = await ctx.app.ctx.db.selectFrom('cycles')
    .select('id').where('groupSlug', '=', GROUP).execute();
  t.equal(cycles.length, 1);
});

t.test('holds a nominator to the limit when nominations race',
  async (t) => {
    const ctx = await testApp(t);
    const cycle = await nominatingCycle(ctx);
    const ana = await expert(ctx);

    const answers = await Promise.all(Array.from({ length: 6 }, () =>
      nominate(ctx, ana, cycle, nominationBody())));
    t.same(statuses(answers), [201, 201, 201, 422, 422, 422]);
    t.ok(answers.filter((a) => a.statusCode === 422)
      .every((a) => a.body.error.code === 'nomination_limit'));
  });

t.test('refers a racing second nomination of one candidate to the first',
  async (t) => {
    const ctx = await testApp(t);
    const cycle = await nominatingCycle(ctx);
    const nominators = [await expert(ctx), await expert(ctx),
      await expert(ctx)];
    const body = nominationBody();

    const answers = await Promise.all(nominators.map((by) =>
      nominate(ctx, by, cycle, body)));
    t.same(statuses(answers), [201, 409, 409],
      'one nomination, and the others told of it');
  });

t.test('sends each message once when workers race', async (t) => {
  const ctx = await testApp(t);
  const db = ctx.app.ctx.db;
  const now = ctx.clock.now.toISOString();
  for (let i = 0; i < 12; i += 1) {
    await enqueueMail(db, {
      eventKey: `test:race:${i}`,
      template: 'login-link',
      to: { personId: null, address: `racer${i}@example.org` },
      vars: { name: `Racer ${i}`, link: 'http://peerpanel.test/x',
        minutes: 15 },
    }, { now, messageDomain: 'peerpanel.test' });
  }

  const sent: OutgoingMail[] = [];
  const transport = {
    async send(mail: OutgoingMail) {
      await new Promise((resolve) => setTimeout(resolve, 2));
      sent.push(mail);
    },
    close() {},
  };
  const worker = () => deliverDueMail({
    db, transport, from: 'peerpanel <no-reply@peerpanel.test>',
    clock: () => ctx.clock.now, maxAttempts: 3, backoffMs: 1000,
    batchSize: 4,
  });
  const reports = await Promise.all([worker(), worker(), worker()]);

  t.equal(reports.reduce((n, r) => n + r.sent, 0), 12);
  t.equal(sent.length, 12, 'twelve messages went out');
  t.equal(new Set(sent.map((m) => m.id)).size, 12, 'none of them twice');
  const left = await db.selectFrom('outbox').select('status')
    .where('status', '<>', 'sent').execute();
  t.same(left, []);
});

import t, { type Test } from 'tap';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { SYSTEM } from '../../src/context.js';
import { enqueueMail } from '../../src/mail/outbox.repository.js';
import { sendLoginLink } from '../../src/modules/auth/auth.service.js';
import { addPerson, testApp, type TestApp } from '../helpers/app.js';

const BACKOFF_MS = 30_000;

interface Sink {
  url: string;
  /** Raw messages accepted, oldest first. */
  received: string[];
  /** Delivery attempts the server saw, refused ones included. */
  attempts: number;
  /** While true, every message is refused with a temporary error. */
  refuse: boolean;
}

/** An SMTP server on a free local port that may refuse mail. */
async function smtpSink(t: Test): Promise<Sink> {
  const sink: Sink = { url: '', received: [], attempts: 0, refuse: false };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        sink.attempts += 1;
        if (sink.refuse) {
          const error = Object.assign(
            new Error('mailbox busy, try later'), { responseCode: 451 });
          callback(error);
          return;
        }
        sink.received.push(Buffer.concat(chunks).toString('utf8'));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) =>
    server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(resolve)));
  sink.url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo)
    .port}`;
  return sink;
}

/** A test app whose mail goes through the sink's SMTP server. */
async function smtpApp(t: Test, sink: Sink, env: Record<string, string> = {})
  : Promise<TestApp> {
  return testApp(t, {
    env: { SMTP_URL: sink.url, OUTBOX_BACKOFF_MS: String(BACKOFF_MS),
      ...env },
    app: { transport: undefined },
  });
}

function messageId(raw: string): string | undefined {
  return /^Message-ID:\s*(\S+)/im.exec(raw)?.[1];
}

async function outboxRows(ctx: TestApp) {
  return ctx.app.ctx.db.selectFrom('outbox').selectAll()
    .orderBy('createdAt').execute();
}

/** Queues one login link for the secretariat, as the endpoint would. */
async function queueLoginMail(t: Test, ctx: TestApp) {
  await sendLoginLink(ctx.app.ctx, SYSTEM, ctx.settings.secretariatEmail);
  const rows = await outboxRows(ctx);
  t.equal(rows.length, 1);
  return rows[0]!;
}

t.test('retries with back-off while the server refuses, then delivers',
  async (t) => {
    const sink = await smtpSink(t);
    const ctx = await smtpApp(t, sink);
    const queued = await queueLoginMail(t, ctx);
    t.equal(queued.status, 'pending');
    t.equal(queued.attempts, 0);

    sink.refuse = true;
    const first = await ctx.app.worker.runOnce();
    t.same(first, { sent: 0, retrying: 1, failed: 0 });
    let [row] = await outboxRows(ctx);
    t.equal(row!.status, 'pending');
    t.equal(row!.attempts, 1);
    t.match(row!.lastError, /451/);
    t.equal(row!.nextAttemptAt,
      new Date(ctx.clock.now.getTime() + BACKOFF_MS).toISOString(),
      'the first wait is the back-off');

    const early = await ctx.app.worker.runOnce();
    t.same(early, { sent: 0, retrying: 0, failed: 0 },
      'nothing is tried before its time');
    t.equal(sink.attempts, 1);

    ctx.clock.advance(BACKOFF_MS + 1);
    const second = await ctx.app.worker.runOnce();
    t.same(second, { sent: 0, retrying: 1, failed: 0 });
    [row] = await outboxRows(ctx);
    t.equal(row!.status, 'pending');
    t.equal(row!.attempts, 2);
    t.equal(row!.nextAttemptAt,
      new Date(ctx.clock.now.getTime() + 2 * BACKOFF_MS).toISOString(),
      'the second wait is twice as long');
    t.equal(sink.attempts, 2);

    sink.refuse = false;
    ctx.clock.advance(2 * BACKOFF_MS);
    const third = await ctx.app.worker.runOnce();
    t.same(third, { sent: 1, retrying: 0, failed: 0 });
    [row] = await outboxRows(ctx);
    t.equal(row!.status, 'sent');
    t.equal(row!.sentAt, ctx.clock.now.toISOString());
    t.equal(row!.lastError, null);
    t.equal(sink.received.length, 1, 'exactly one message arrived');
    t.equal(messageId(sink.received[0]!), row!.messageId);

    await ctx.app.worker.runOnce();
    t.equal(sink.received.length, 1, 'a sent message is not sent again');
  });

t.test('gives up after the last attempt; the secretariat may retry',
  async (t) => {
    const sink = await smtpSink(t);
    const ctx = await smtpApp(t, sink, { OUTBOX_MAX_ATTEMPTS: '3' });
    const token = await ctx.secretariat();
    const queued = await queueLoginMail(t, ctx);

    sink.refuse = true;
    const reports = [];
    for (let i = 0; i < 3; i += 1) {
      reports.push(await ctx.app.worker.runOnce());
      ctx.clock.advance(10 * BACKOFF_MS);
    }
    t.same(reports.map((r) => [r.retrying, r.failed]),
      [[1, 0], [1, 0], [0, 1]]);
    let [row] = await outboxRows(ctx);
    t.equal(row!.status, 'failed');
    t.equal(row!.attempts, 3);
    t.match(row!.lastError, /mailbox busy/);
    await ctx.app.worker.runOnce();
    t.equal(sink.attempts, 3, 'a failed message is left alone');

    const listed = await ctx.request('GET', '/v1/outbox?status=failed',
      { token });
    t.same(listed.body.items.map((m: { id: string }) => m.id), [queued.id]);

    const retried = await ctx.request('POST',
      `/v1/outbox/${queued.id}/retry`, { token });
    t.equal(retried.statusCode, 200);
    t.match(retried.body, { id: queued.id, status: 'pending', attempts: 0,
      nextAttemptAt: ctx.clock.now.toISOString() });
    const event = await ctx.app.ctx.db.selectFrom('auditEvents')
      .selectAll().where('action', '=', 'outbox.retried')
      .executeTakeFirstOrThrow();
    t.equal(event.entityId, queued.id);
    t.same(JSON.parse(event.changes), {
      attempts: { before: 3, after: 0 },
      status: { before: 'failed', after: 'pending' },
    });

    sink.refuse = false;
    const report = await ctx.app.worker.runOnce();
    t.same(report, { sent: 1, retrying: 0, failed: 0 });
    [row] = await outboxRows(ctx);
    t.equal(row!.status, 'sent');
    t.equal(sink.received.length, 1);

    const again = await ctx.request('POST',
      `/v1/outbox/${queued.id}/retry`, { token });
    t.equal(again.statusCode, 409);
    t.equal(again.body.error.code, 'conflict');
    t.match(again.body.error.message, /sent/);
    const missing = await ctx.request('POST', '/v1/outbox/nope/retry',
      { token });
    t.equal(missing.statusCode, 404);
    t.equal(missing.body.error.code, 'not_found');

    const person = await addPerson(ctx);
    const other = await ctx.signIn(person.email);
    const refused = await ctx.request('POST',
      `/v1/outbox/${queued.id}/retry`, { token: other });
    t.equal(refused.statusCode, 403);
    t.equal((await ctx.request('POST', `/v1/outbox/${queued.id}/retry`))
      .statusCode, 401);
  });

t.test('resends a message whose sender crashed, with its Message-ID',
  async (t) => {
    const sink = await smtpSink(t);
    const ctx = await smtpApp(t, sink);
    const queued = await queueLoginMail(t, ctx);
    const db = ctx.app.ctx.db;

    await ctx.app.worker.runOnce();
    t.equal(sink.received.length, 1);

    // The server got it, but the process died before recording that: the
    // row is still claimed, with a lease that will run out.
    const leaseEnd = new Date(ctx.clock.now.getTime() + 5 * 60_000);
    await db.updateTable('outbox').set({
      status: 'sending', sentAt: null,
      nextAttemptAt: leaseEnd.toISOString(),
    }).where('id', '=', queued.id).execute();

    const during = await ctx.app.worker.runOnce();
    t.same(during, { sent: 0, retrying: 0, failed: 0 },
      'a live lease is respected');
    t.equal(sink.received.length, 1);

    ctx.clock.set(new Date(leaseEnd.getTime() + 1).toISOString());
    const after = await ctx.app.worker.runOnce();
    t.same(after, { sent: 1, retrying: 0, failed: 0 });
    t.equal(sink.received.length, 2, 'sent again');
    t.same(sink.received.map(messageId),
      [queued.messageId, queued.messageId],
      'the same Message-ID, so the receiver can drop the copy');
    const [row] = await outboxRows(ctx);
    t.equal(row!.status, 'sent');
  });

t.test('queues one message per event key', async (t) => {
  const ctx = await testApp(t);
  const db = ctx.app.ctx.db;
  const request = {
    eventKey: 'test:one-event',
    template: 'login-link',
    to: { personId: null, address: 'someone@example.org' },
    vars: { name: 'Someone', link: 'http://peerpanel.test/x', minutes: 15 },
  };
  const options = { now: ctx.clock.now.toISOString(),
    messageDomain: 'peerpanel.test' };

  t.equal(await enqueueMail(db, request, options), true);
  t.equal(await enqueueMail(db, { ...request,
    vars: { ...request.vars, name: 'Changed' } }, options), false);
  const rows = await outboxRows(ctx);
  t.equal(rows.length, 1);
  t.match(rows[0]!.textBody, /Hello Someone,/, 'the first one is kept');
  t.match(rows[0]!.messageId, /^<[0-9a-f-]+@peerpanel\.test>$/);

  await ctx.flush();
  await ctx.flush();
  t.equal(ctx.mail.to('someone@example.org').length, 1);
});

t.test('lists the outbox without bodies or addresses', async (t) => {
  const ctx = await testApp(t);
  const token = await ctx.secretariat();
  const people = [];
  for (let i = 0; i < 3; i += 1) {
    const person = await addPerson(ctx,
      { email: `listed${i}@example.org` });
    people.push(person);
    ctx.clock.advance(1000);
    const res = await ctx.request('POST', '/v1/auth/login-links',
      { body: { email: person.email } });
    t.equal(res.statusCode, 202);
    await ctx.app.settle();
  }
  await ctx.flush();
  const rows = await outboxRows(ctx);
  t.equal(rows.length, 3);

  const res = await ctx.request('GET', '/v1/outbox', { token });
  t.equal(res.statusCode, 200);
  t.equal(res.body.items.length, 3);
  t.equal(res.body.next, null);
  for (const item of res.body.items) {
    t.same(Object.keys(item).sort(), ['attempts', 'createdAt', 'id',
      'lastError', 'messageId', 'nextAttemptAt', 'personId', 'sentAt',
      'status', 'subject', 'template']);
    t.equal(item.status, 'sent');
  }
  t.same(res.body.items.map((m: { personId: string }) => m.personId),
    people.map((p) => p.id).reverse(), 'newest first');
  for (const row of rows) {
    t.notOk(res.raw.includes(row.toAddress), 'no address');
    const token = /token=([A-Za-z0-9_-]+)/.exec(row.textBody)![1]!;
    t.notOk(res.raw.includes(token), 'no login token');
  }
  t.notOk(res.raw.includes('Hello'), 'no body');

  const page1 = await ctx.request('GET', '/v1/outbox?limit=2', { token });
  t.equal(page1.body.items.length, 2);
  t.type(page1.body.next, 'string');
  const page2 = await ctx.request('GET',
    `/v1/outbox?limit=2&after=${encodeURIComponent(page1.body.next)}`,
    { token });
  t.same([...page1.body.items, ...page2.body.items]
    .map((m: { id: string }) => m.id),
  res.body.items.map((m: { id: string }) => m.id), 'pages join up');

  // Mails written by one change share their creation instant.
  const db = ctx.app.ctx.db;
  for (let i = 0; i < 5; i += 1) {
    await enqueueMail(db, {
      eventKey: `test:same-instant:${i}`,
      template: 'login-link',
      to: { personId: null, address: `same${i}@example.org` },
      vars: { name: `Same ${i}`, link: 'http://peerpanel.test/x',
        minutes: 15 },
    }, { now: ctx.clock.now.toISOString(),
      messageDomain: 'peerpanel.test' });
  }
  const walked: string[] = [];
  let after: string | null = null;
  for (let pages = 0; pages < 20; pages += 1) {
    const query: string = after === null ? ''
      : `&after=${encodeURIComponent(after)}`;
    const page = await ctx.request('GET', `/v1/outbox?limit=2${query}`,
      { token });
    t.equal(page.statusCode, 200);
    walked.push(...page.body.items.map((m: { id: string }) => m.id));
    after = page.body.next;
    if (after === null) break;
  }
  const everything = await ctx.request('GET', '/v1/outbox', { token });
  t.equal(everything.body.items.length, 8);
  t.same(walked, everything.body.items.map((m: { id: string }) => m.id),
    'paging loses no mail written in the same instant');
  t.equal(new Set(walked).size, 8);

  const pending = await ctx.request('GET', '/v1/outbox?status=pending',
    { token });
  t.equal(pending.body.items.length, 5);
  const other = await ctx.signIn(people[0]!.email);
  t.equal((await ctx.request('GET', '/v1/outbox', { token: other }))
    .statusCode, 403);
  t.equal((await ctx.request('GET', '/v1/outbox')).statusCode, 401);
});

t.test('escapes values in the HTML part of a mail', async (t) => {
  const ctx = await testApp(t);
  const name = '<script>alert("x")</script> & Co\'s';
  await addPerson(ctx, { name, email: 'script@example.org' });

  const res = await ctx.request('POST', '/v1/auth/login-links',
    { body: { email: 'script@example.org' } });
  t.equal(res.statusCode, 202);
  await ctx.flush();

  const [mail] = ctx.mail.to('script@example.org');
  t.ok(mail);
  t.notOk(mail!.html.includes('<script>'), 'no live script tag');
  t.match(mail!.html,
    '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co&#39;s');
  t.match(mail!.text, `Hello ${name},`, 'the text part keeps the name');
  t.match(mail!.html, /<a href="http:\/\/peerpanel\.test\/login\?token=/);
  t.equal(mail!.subject, 'Your peerpanel sign-in link');
  const [row] = await outboxRows(ctx);
  t.equal(row!.htmlBody, mail!.html, 'the outbox keeps what was sent');
});

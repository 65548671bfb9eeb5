import t from 'tap';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync }
  from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { SMTPServer } from 'smtp-server';
import { buildApp } from '../../src/app.js';
import { loadSettings } from '../../src/config/settings.js';
import { SYSTEM } from '../../src/context.js';
import { createLoginLink } from '../../src/modules/auth/auth.service.js';
import { addPerson, makeClock, testApp, type Tap } from '../helpers/app.js';
import { databaseEnv } from '../helpers/database.js';

const PUBLIC_URL = 'http://peerpanel.test';
const SECRETARIAT = 'secretariat@localhost';

function tempDir(t: Tap): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'peerpanel-signin-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** An SMTP server on a free local port that keeps each raw message. */
async function smtpSink(t: Tap): Promise<{ url: string; raw: string[] }> {
  const raw: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        raw.push(Buffer.concat(chunks).toString('utf8'));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) =>
    server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(resolve)));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, raw };
}

/** One header of a raw message, unfolded. */
function header(message: string, name: string): string | undefined {
  const head = message.replace(/\r\n/g, '\n').split('\n\n')[0] ?? '';
  const unfolded = head.replace(/\n[ \t]+/g, ' ');
  const re = new RegExp(`^${name}:\\s*(.*)$`, 'im');
  return re.exec(unfolded)?.[1]?.trim();
}

function decodeQuotedPrintable(body: string): string {
  const bytes = body.replace(/=\n/g, '').replace(/=([0-9A-F]{2})/gi,
    (_, hex: string) => `%${hex}`);
  return decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/gi, '%25'));
}

/** The decoded text/plain part of a raw MIME message. */
function textPart(message: string): string {
  const unix = message.replace(/\r\n/g, '\n');
  const boundary = /boundary="?([^";\n]+)"?/i.exec(unix)?.[1];
  const parts = boundary
    ? unix.split(`--${boundary}`).slice(1, -1)
    : [unix];
  for (const part of parts) {
    const [head = '', ...rest] = part.replace(/^\n/, '').split('\n\n');
    if (!/content-type:\s*text\/plain/i.test(head)) continue;
    const body = rest.join('\n\n');
    const encoding = /content-transfer-encoding:\s*(\S+)/i
      .exec(head)?.[1]?.toLowerCase();
    if (encoding === 'base64') {
      return Buffer.from(body.replace(/\s+/g, ''), 'base64')
        .toString('utf8');
    }
    if (encoding === 'quoted-printable') return decodeQuotedPrintable(body);
    return body;
  }
  throw new Error('no text/plain part');
}

function loginToken(text: string): string {
  const match = /http:\/\/peerpanel\.test\/login\?token=([A-Za-z0-9_-]+)/
    .exec(text);
  if (!match) throw new Error(`no login link in: ${text}`);
  return match[1]!;
}

/** Exchanges a login token, then asks who the bearer is. */
async function signInWith(app: FastifyInstance, token: string) {
  const exchanged = await app.inject({
    method: 'POST', url: '/v1/auth/tokens', payload: { token },
  });
  const accessToken = exchanged.json().accessToken as string;
  const me = await app.inject({
    method: 'GET', url: '/v1/me',
    headers: { authorization: `Bearer ${accessToken}` },
  });
  return { exchanged, accessToken, me };
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** A JWT made by hand, so that tests control every part of it. */
function forgeJwt(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  secret: string,
  hmac: 'sha256' | 'sha512' | null = 'sha256',
): string {
  const unsigned = `${base64url(header)}.${base64url(payload)}`;
  if (hmac === null) return `${unsigned}.`;
  const signature = createHmac(hmac, secret).update(unsigned)
    .digest('base64url');
  return `${unsigned}.${signature}`;
}

t.test('signs in by a link sent through a real SMTP exchange', async (t) => {
  const smtp = await smtpSink(t);
  const dataDir = tempDir(t);
  const app = await buildApp({
    settings: loadSettings({
      ...await databaseEnv(t),
      DATA_DIR: dataDir,
      SMTP_URL: smtp.url,
      LOG_LEVEL: 'silent',
      WORKER_INTERVAL_MS: '0',
      PUBLIC_URL,
    }),
    logger: false,
  });
  t.teardown(() => app.close());

  const asked = await app.inject({
    method: 'POST', url: '/v1/auth/login-links',
    payload: { email: SECRETARIAT },
  });
  t.equal(asked.statusCode, 202);
  await app.settle();
  const report = await app.worker.runOnce();
  t.same(report, { sent: 1, retrying: 0, failed: 0 });

  t.equal(smtp.raw.length, 1, 'the SMTP server got one message');
  const message = smtp.raw[0]!;
  t.match(header(message, 'To'), SECRETARIAT);
  t.match(header(message, 'Subject'), /sign-in link/);
  const row = await app.ctx.db.selectFrom('outbox').selectAll()
    .executeTakeFirstOrThrow();
  t.equal(row.status, 'sent');
  t.equal(header(message, 'Message-ID'), row.messageId,
    'the Message-ID is the one the outbox row keeps');

  const token = loginToken(textPart(message));
  const { exchanged, me } = await signInWith(app, token);
  t.equal(exchanged.statusCode, 200);
  t.equal(exchanged.json().tokenType, 'Bearer');
  t.equal(exchanged.json().expiresIn, 3600);
  t.equal(me.statusCode, 200);
  t.equal(me.json().email, SECRETARIAT);
  t.equal(me.json().secretariat, true);

  const used = await app.ctx.db.selectFrom('loginTokens').selectAll()
    .execute();
  t.equal(used.length, 1);
  t.not(used[0]!.usedAt, null, 'the login token is spent');
  t.not(used[0]!.tokenHash, token, 'only the hash is stored');
});

t.test('signs in by a link written to a mail file by default',
  async (t) => {
    const dataDir = tempDir(t);
    const app = await buildApp({
      settings: loadSettings({
        ...await databaseEnv(t),
        DATA_DIR: dataDir,
        LOG_LEVEL: 'silent',
        WORKER_INTERVAL_MS: '0',
        PUBLIC_URL,
      }),
      logger: false,
    });
    t.teardown(() => app.close());

    const asked = await app.inject({
      method: 'POST', url: '/v1/auth/login-links',
      payload: { email: SECRETARIAT },
    });
    t.equal(asked.statusCode, 202);
    await app.settle();
    await app.worker.runOnce();

    const mailDir = path.join(dataDir, 'mail');
    const files = readdirSync(mailDir);
    const row = await app.ctx.db.selectFrom('outbox').selectAll()
      .executeTakeFirstOrThrow();
    t.same(files, [`${row.id}.eml`], 'one file, named by outbox id');
    t.equal(row.status, 'sent');
    const file = path.join(mailDir, files[0]!);
    t.equal(statSync(file).mode & 0o777, 0o600, 'readable by owner only');

    const message = readFileSync(file, 'utf8');
    t.equal(header(message, 'Message-ID'), row.messageId);
    const { exchanged, me } = await signInWith(app,
      loginToken(textPart(message)));
    t.equal(exchanged.statusCode, 200);
    t.equal(me.statusCode, 200);
    t.equal(me.json().email, SECRETARIAT);
  });

t.test('a login token works once, for 15 minutes, for its person only',
  async (t) => {
    const ctx = await testApp(t);
    const ada = await addPerson(ctx, { email: 'ada@example.org' });

    const linkFor = async (email: string) => {
      const res = await ctx.request('POST', '/v1/auth/login-links',
        { body: { email } });
      t.equal(res.statusCode, 202);
      await ctx.flush();
      return loginToken(ctx.mail.to(email).at(-1)!.text);
    };

    const once = await linkFor('ada@example.org');
    const first = await ctx.request('POST', '/v1/auth/tokens',
      { body: { token: once } });
    t.equal(first.statusCode, 200);
    const me = await ctx.request('GET', '/v1/me',
      { token: first.body.accessToken });
    t.equal(me.body.id, ada.id, 'the token of Ada signs in Ada');
    t.equal(me.body.secretariat, false);
    const second = await ctx.request('POST', '/v1/auth/tokens',
      { body: { token: once } });
    t.equal(second.statusCode, 401);
    t.equal(second.body.error.code, 'login_token_invalid');

    const late = await linkFor('ada@example.org');
    ctx.clock.advance(15 * 60_000 + 1);
    const expired = await ctx.request('POST', '/v1/auth/tokens',
      { body: { token: late } });
    t.equal(expired.statusCode, 401);
    t.equal(expired.body.error.code, 'login_token_invalid');
    const row = await ctx.app.ctx.db.selectFrom('loginTokens')
      .select('usedAt').where('expiresAt', '<', ctx.clock.now.toISOString())
      .where('usedAt', 'is', null).execute();
    t.equal(row.length, 1, 'the expired token stays unused');

    const justInTime = await linkFor('ada@example.org');
    ctx.clock.advance(15 * 60_000 - 1);
    const inTime = await ctx.request('POST', '/v1/auth/tokens',
      { body: { token: justInTime } });
    t.equal(inTime.statusCode, 200, 'still valid a moment before 15 min');

    const unknown = await ctx.request('POST', '/v1/auth/tokens',
      { body: { token: 'x'.repeat(43) } });
    t.equal(unknown.statusCode, 401);
    t.equal(unknown.body.error.code, 'login_token_invalid');

    const sessions = await ctx.app.ctx.db.selectFrom('auditEvents')
      .selectAll().where('action', '=', 'session.started')
      .where('entityId', '=', ada.id).execute();
    t.equal(sessions.length, 2, 'one audit event per successful sign-in');
    t.ok(sessions.every((e) => e.actorId === ada.id));
  });

t.test('refuses access tokens that are not HS256 access tokens of ours',
  async (t) => {
    const secret = 'a'.repeat(40);
    const ctx = await testApp(t, { env: { JWT_SECRET: secret } });
    const me = (await ctx.request('GET', '/v1/me',
      { token: await ctx.secretariat() })).body;
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: me.id, typ: 'access', iat: now, exp: now + 600 };
    const hs256 = { alg: 'HS256', typ: 'JWT' };

    const good = forgeJwt(hs256, claims, secret);
    const control = await ctx.request('GET', '/v1/me', { token: good });
    t.equal(control.statusCode, 200, 'a well-made token is accepted');
    t.equal(control.body.id, me.id);

    const bad: Record<string, string> = {
      'another key': forgeJwt(hs256, claims, 'b'.repeat(40)),
      'HS512 with the right secret': forgeJwt(
        { alg: 'HS512', typ: 'JWT' }, claims, secret, 'sha512'),
      'alg none': forgeJwt({ alg: 'none', typ: 'JWT' }, claims, secret,
        null),
      'alg none with a signature': forgeJwt({ alg: 'none', typ: 'JWT' },
        claims, secret),
      'expired': forgeJwt(hs256,
        { ...claims, iat: now - 7200, exp: now - 3600 }, secret),
      'typ login': forgeJwt(hs256, { ...claims, typ: 'login' }, secret),
      'no typ': forgeJwt(hs256,
        { sub: me.id, iat: now, exp: now + 600 }, secret),
      'unknown person': forgeJwt(hs256,
        { ...claims, sub: 'nobody' }, secret),
      'not a JWT': 'not.a.jwt',
      'tampered payload': (() => {
        const [h, , s] = good.split('.');
        return `${h}.${base64url({ ...claims, sub: 'other' })}.${s}`;
      })(),
    };
    for (const [what, token] of Object.entries(bad)) {
      const res = await ctx.request('GET', '/v1/me', { token });
      t.equal(res.statusCode, 401, what);
      t.equal(res.body.error.code, 'invalid_token', what);
    }

    const headers: Record<string, string> = {
      'Basic scheme': `Basic ${Buffer.from('a:b').toString('base64')}`,
      'Bearer without a token': 'Bearer',
      'two tokens': `Bearer ${good} ${good}`,
      'token alone': good,
    };
    for (const [what, authorization] of Object.entries(headers)) {
      const res = await ctx.request('GET', '/v1/me',
        { headers: { authorization } });
      t.equal(res.statusCode, 401, what);
      t.ok(res.body.error.code, what);
      t.type(res.body.error.message, 'string', what);
    }

    const anonymous = await ctx.request('GET', '/v1/me');
    t.equal(anonymous.statusCode, 401);
    t.equal(anonymous.body.error.code, 'unauthenticated');
  });

t.test('answers known and unknown addresses alike', async (t) => {
  const ctx = await testApp(t);
  await addPerson(ctx, { email: 'known@example.org' });

  const known = await ctx.request('POST', '/v1/auth/login-links',
    { body: { email: 'Known@Example.org' } });
  const unknown = await ctx.request('POST', '/v1/auth/login-links',
    { body: { email: 'stranger@example.org' } });
  t.equal(known.statusCode, 202);
  t.equal(unknown.statusCode, known.statusCode);
  t.equal(known.raw, unknown.raw, 'the bodies are identical');
  await ctx.flush();

  t.equal(ctx.mail.to('known@example.org').length, 1);
  t.equal(ctx.mail.to('stranger@example.org').length, 0);
  const rows = await ctx.app.ctx.db.selectFrom('outbox')
    .select(['toAddress', 'template']).execute();
  t.same(rows, [{ toAddress: 'known@example.org', template: 'login-link' }],
    'no outbox row for the unknown address');
});

t.test('answers a login-link request before looking the address up',
  async (t) => {
    const ctx = await testApp(t);
    const person = await addPerson(ctx, { email: 'known@example.org' });
    const links = async () => (await ctx.app.ctx.db
      .selectFrom('loginTokens').select('tokenHash')
      .where('personId', '=', person.id).execute()).length;

    // Both answers leave before any lookup, so their timing cannot tell
    // a known address from an unknown one.
    const res = await ctx.request('POST', '/v1/auth/login-links',
      { body: { email: 'known@example.org' } });
    t.equal(res.statusCode, 202);
    t.equal(await links(), 0, 'no link made when the answer leaves');
    await ctx.app.settle();
    t.equal(await links(), 1, 'the link is made just after');
  });

t.test('limits login-link requests to five a minute per client',
  async (t) => {
    const ctx = await testApp(t);
    for (let i = 1; i <= 5; i += 1) {
      const res = await ctx.request('POST', '/v1/auth/login-links',
        { body: { email: `someone${i}@example.org` } });
      t.equal(res.statusCode, 202, `request ${i}`);
    }
    const sixth = await ctx.request('POST', '/v1/auth/login-links',
      { body: { email: SECRETARIAT } });
    t.equal(sixth.statusCode, 429);
    t.equal(sixth.body.error.code, 'rate_limited');
    t.type(sixth.body.error.message, 'string');
    t.same(Object.keys(sixth.body), ['error']);
    await ctx.flush();
    t.equal(ctx.mail.sent.length, 0, 'the refused request sent nothing');

    const other = await ctx.app.inject({
      method: 'POST', url: '/v1/auth/login-links',
      payload: { email: SECRETARIAT }, remoteAddress: '10.1.2.3',
    });
    t.equal(other.statusCode, 202, 'another client is not limited');
  });

t.test('keeps a generated JWT secret in DATA_DIR across restarts',
  async (t) => {
    const dataDir = tempDir(t);
    const settings = loadSettings({
      ...await databaseEnv(t),
      DATA_DIR: dataDir, LOG_LEVEL: 'silent', WORKER_INTERVAL_MS: '0',
      PUBLIC_URL,
    });
    t.equal(settings.jwtSecret, undefined);
    const clock = makeClock();
    const start = () => buildApp({
      settings, logger: false, clock: () => clock.now,
      transport: { send: async () => undefined, close: () => undefined },
    });

    const first = await start();
    const file = path.join(dataDir, 'jwt-secret');
    t.equal(statSync(file).mode & 0o777, 0o600, 'the file is mode 0600');
    const secret = readFileSync(file, 'utf8').trim();
    t.ok(secret.length >= 32, 'a long secret');

    const link = await createLoginLink(first.ctx, SYSTEM, SECRETARIAT);
    const token = new URL(link!).searchParams.get('token')!;
    const { accessToken, me } = await signInWith(first, token);
    t.equal(me.statusCode, 200);
    await first.close();

    const second = await start();
    t.teardown(() => second.close());
    t.equal(readFileSync(file, 'utf8').trim(), secret, 'the same secret');
    const again = await second.inject({
      method: 'GET', url: '/v1/me',
      headers: { authorization: `Bearer ${accessToken}` },
    });
    t.equal(again.statusCode, 200, 'a token from before the restart works');
    t.equal(again.json().email, SECRETARIAT);
  });

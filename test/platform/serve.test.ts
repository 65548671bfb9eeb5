/**
 * The service as an operator runs it: `peerpanel serve` in its own
 * process, spoken to over HTTP, its log read afterwards.
 */

import t from 'tap';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Tap } from '../helpers/app.js';
import { databaseEnv } from '../helpers/database.js';

const BIN = fileURLToPath(new URL('../../bin/peerpanel.js', import.meta.url));
const SECRETARIAT = 'secretariat@localhost';

interface Running {
  child: ChildProcess;
  url: string;
  dataDir: string;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function tempDir(t: Tap): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'peerpanel-serve-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Runs `peerpanel serve` on its own database; the test's teardown stops
 * it.
 */
async function serve(t: Tap, port: number, dataDir: string)
  : Promise<Running> {
  const dbEnv = await databaseEnv(t);
  const child = spawn(process.execPath, [BIN, 'serve'], {
    env: {
      PATH: process.env.PATH,
      ...dbEnv,
      DATA_DIR: dataDir,
      PORT: String(port),
      LOG_LEVEL: 'info',
      WORKER_INTERVAL_MS: '100',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => { out += chunk.toString(); });
  child.stderr!.on('data', (chunk: Buffer) => { err += chunk.toString(); });
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => resolve(code)));
  t.teardown(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
  });
  return {
    child, url: `http://127.0.0.1:${port}`, dataDir, exited,
    stdout: () => out, stderr: () => err,
  };
}

async function until<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  ms = 30_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function call(
  running: Running,
  method: string,
  url: string,
  options: { token?: string; body?: unknown } = {},
): Promise<{ status: number; body: any }> {
  const res = await fetch(running.url + url, {
    method,
    headers: {
      ...(options.body === undefined
        ? {} : { 'content-type': 'application/json' }),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    body: options.body === undefined ? undefined
      : JSON.stringify(options.body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** The decoded mails written to DATA_DIR/mail for one address. */
function mailsTo(dataDir: string, address: string): string[] {
  const dir = path.join(dataDir, 'mail');
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch {
    return [];
  }
  return files
    .map((f) => readFileSync(path.join(dir, f), 'utf8'))
    .filter((m) => new RegExp(`^To: ${address}$`, 'mi').test(m))
    .map(decodeQuotedPrintable);
}

function decodeQuotedPrintable(mail: string): string {
  const bytes = mail.replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => `%${hex}`);
  return decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/gi, '%25'));
}

function linkToken(mail: string, kind: 'login\\?token=' | 'invitations/')
  : string | undefined {
  return new RegExp(`/${kind}([A-Za-z0-9_-]{20,})`).exec(mail)?.[1];
}

t.test('serve prints a working sign-in link and logs no secrets',
  async (t) => {
    const dataDir = tempDir(t);
    const running = await serve(t, await freePort(), dataDir);

    // The first start prints a link for the secretariat, which works.
    const loginToken = await until('the printed link', () =>
      /\/login\?token=([A-Za-z0-9_-]+)/.exec(running.stdout())?.[1]);
    t.match(running.stdout(), `Sign in as the secretariat (${SECRETARIAT})`);
    t.match(running.stdout(), `${running.url}/login?token=${loginToken}`);
    const page = await fetch(`${running.url}/login?token=${loginToken}`);
    t.equal(page.status, 200);
    t.match(page.headers.get('content-type'), /text\/html/);
    await page.text();
    const exchanged = await call(running, 'POST', '/v1/auth/tokens',
      { body: { token: loginToken } });
    t.equal(exchanged.status, 200);
    const secretariat = exchanged.body.accessToken as string;
    const me = await call(running, 'GET', '/v1/me', { token: secretariat });
    t.match(me.body, { email: SECRETARIAT, secretariat: true });

    // An expert signs in by mail and nominates; the candidate consents.
    const ana = await call(running, 'POST', '/v1/people', {
      token: secretariat,
      body: { name: 'Ana Lopez', email: 'Ana@Example.org',
        affiliation: 'Uni A', country: 'FR' },
    });
    t.equal(ana.status, 201);
    const asked = await call(running, 'POST', '/v1/auth/login-links',
      { body: { email: 'ana@example.org' } });
    t.equal(asked.status, 202);
    const anaLink = await until('the login mail', () => mailsTo(dataDir,
      'ana@example.org').map((m) => linkToken(m, 'login\\?token='))
      .find((token) => token !== undefined));
    const anaToken = (await call(running, 'POST', '/v1/auth/tokens',
      { body: { token: anaLink } })).body.accessToken as string;

    const cycle = await call(running, 'POST',
      '/v1/groups/labor-migration/cycles', {
        token: secretariat,
        body: { nominationDeadline: '2999-01-01T00:00:00Z',
          reviewDeadline: '2999-02-01T00:00:00Z' },
      });
    t.equal(cycle.status, 201);
    const moved = await call(running, 'POST',
      `/v1/cycles/${cycle.body.id}/transitions`,
      { token: secretariat, body: { to: 'nominating' } });
    t.equal(moved.status, 200);
    const nomination = await call(running, 'POST',
      `/v1/cycles/${cycle.body.id}/nominations`, {
        token: anaToken,
        body: {
          candidate: { name: 'Cleo Mwangi', email: 'cleo@example.net',
            affiliation: 'Nairobi Uni', country: 'KE' },
          statement: 'A leading researcher on recruitment costs, with ' +
            'twenty years of policy advice.',
          focusAreas: ['recruitment-cost-indicator'],
        },
      });
    t.equal(nomination.status, 201);
    const invitation = await until('the invitation mail', () =>
      mailsTo(dataDir, 'cleo@example.net')
        .map((m) => linkToken(m, 'invitations/'))
        .find((token) => token !== undefined));
    t.equal((await call(running, 'GET', `/v1/invitations/${invitation}`))
      .status, 200);
    const answered = await call(running, 'POST',
      `/v1/invitations/${invitation}`, { body: { decision: 'accept' } });
    t.equal(answered.status, 200);
    t.equal(answered.body.status, 'consented');

    // Stopped by a signal, it exits cleanly.
    running.child.kill('SIGTERM');
    t.equal(await running.exited, 0);

    const logLines = running.stdout().split('\n')
      .filter((line) => line.startsWith('{'));
    t.ok(logLines.length > 10, 'requests were logged');
    t.ok(logLines.every((line) => typeof JSON.parse(line).level
      === 'number'), 'as pino JSON');
    const log = logLines.join('\n');
    t.notMatch(log, '@', 'no email address in the log');
    t.notMatch(log, /token=(?!\[token\])/, 'no token in a logged URL');
    for (const secret of [loginToken, anaLink, invitation, secretariat,
      anaToken]) {
      t.notMatch(log, secret, 'no link or access token in the log');
    }
    t.notMatch(log, 'Cleo', 'no personal data in the log');
    t.equal(running.stderr(), '', 'nothing on stderr');
  });

t.test('serve fails with a non-zero exit when its port is taken',
  async (t) => {
    const blocker = createServer();
    await new Promise<void>((resolve) =>
      blocker.listen(0, '127.0.0.1', resolve));
    t.teardown(() => new Promise((resolve) => blocker.close(resolve)));
    const { port } = blocker.address() as AddressInfo;

    const running = await serve(t, port, tempDir(t));
    const code = await running.exited;
    t.not(code, 0, 'the operator sees the failure');
    t.match(running.stderr(), 'EADDRINUSE');
  });

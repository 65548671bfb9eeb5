/**
 * A fresh peerpanel for one test: its own data folder and database (a
 * SQLite file there, or a PostgreSQL database of its own when
 * TEST_DATABASE_URL is set), a clock the test can move, and a transport
 * that keeps each mail sent.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildApp, type AppOptions } from '../../src/app.js';
import { loadSettings, type Settings } from '../../src/config/settings.js';
import { SYSTEM } from '../../src/context.js';
import type { MailTransport, OutgoingMail } from
  '../../src/mail/transport.js';
import { createLoginLink } from '../../src/modules/auth/auth.service.js';
import { databaseEnv } from './database.js';

export interface Tap {
  teardown(fn: () => unknown): void;
}

export interface Clock {
  now: Date;
  advance(ms: number): void;
  set(iso: string): void;
}

export function makeClock(start = '2027-01-10T09:00:00.000Z'): Clock {
  const clock = {
    now: new Date(start),
    advance(ms: number) {
      clock.now = new Date(clock.now.getTime() + ms);
    },
    set(iso: string) {
      clock.now = new Date(iso);
    },
  };
  return clock;
}

/** Keeps every mail; `failWith` makes the next sends fail. */
export class MemoryTransport implements MailTransport {
  readonly sent: OutgoingMail[] = [];
  failWith: Error | null = null;

  async send(mail: OutgoingMail): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.sent.push(mail);
  }

  close(): void {}

  /** Mails to one address, oldest first. */
  to(address: string): OutgoingMail[] {
    return this.sent.filter((m) => m.to === address);
  }
}

export interface TestApp {
  app: FastifyInstance;
  clock: Clock;
  mail: MemoryTransport;
  settings: Readonly<Settings>;
  dataDir: string;
  /** An access token for the person with this address. */
  signIn(email: string): Promise<string>;
  /** The secretariat's access token. */
  secretariat(): Promise<string>;
  /** Injects a request, with a bearer token when given. */
  request(
    method: InjectOptions['method'],
    url: string,
    options?: { token?: string; body?: unknown;
      headers?: Record<string, string> },
  ): Promise<{ statusCode: number; body: any; raw: string;
    headers: Record<string, unknown> }>;
  /** Runs the worker once: jobs, then due mail. */
  flush(): Promise<void>;
}

export async function testApp(
  t: Tap,
  options: { env?: Record<string, string>;
    app?: Partial<AppOptions> } = {},
): Promise<TestApp> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'peerpanel-test-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  const settings = loadSettings({
    ...await databaseEnv(t),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    WORKER_INTERVAL_MS: '0',
    PUBLIC_URL: 'http://peerpanel.test',
    ...options.env,
  });
  const clock = makeClock();
  const mail = new MemoryTransport();
  const app = await buildApp({
    settings,
    clock: () => clock.now,
    transport: mail,
    logger: false,
    ...options.app,
  });
  t.teardown(() => app.close());

  const tokens = new Map<string, string>();
  async function signIn(email: string): Promise<string> {
    const cached = tokens.get(email);
    if (cached) return cached;
    const link = await createLoginLink(app.ctx, SYSTEM, email);
    if (!link) throw new Error(`nobody has the address ${email}`);
    const token = new URL(link).searchParams.get('token');
    const res = await app.inject({
      method: 'POST', url: '/v1/auth/tokens', payload: { token },
    });
    if (res.statusCode !== 200) throw new Error(res.body);
    const access = res.json().accessToken as string;
    tokens.set(email, access);
    return access;
  }

  return {
    app,
    clock,
    mail,
    settings,
    dataDir,
    signIn,
    secretariat: () => signIn(settings.secretariatEmail),
    async request(method, url, opts = {}) {
      const res = await app.inject({
        method,
        url,
        headers: {
          ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
          ...opts.headers,
        },
        ...(opts.body === undefined ? {} : { payload: opts.body as never }),
      });
      let body: unknown = null;
      try {
        body = res.body.length > 0 ? JSON.parse(res.body) : null;
      } catch {
        body = null;
      }
      return { statusCode: res.statusCode, body, raw: res.body,
        headers: res.headers };
    },
    async flush() {
      await app.settle();
      await app.worker.runOnce();
    },
  };
}

let counter = 0;

/** Adds a person through the API as the secretariat; returns its body. */
export async function addPerson(
  ctx: TestApp,
  fields: Partial<{ name: string; email: string; affiliation: string;
    country: string; gender: string; expert: boolean;
    secretariat: boolean }> = {},
): Promise<{ id: string; email: string; [k: string]: unknown }> {
  counter += 1;
  const res = await ctx.request('POST', '/v1/people', {
    token: await ctx.secretariat(),
    body: {
      name: `Person ${counter}`,
      email: `person${counter}@example.org`,
      affiliation: `Institute ${counter}`,
      country: 'FR',
      ...fields,
    },
  });
  if (res.statusCode !== 201) throw new Error(res.raw);
  return res.body;
}

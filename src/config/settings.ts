/**
 * Settings, read once from the environment at start-up. A bad value stops
 * start-up with one message naming every bad key; nothing set at all gives
 * a working first run (SQLite and mail files under DATA_DIR).
 */

import { z } from 'zod';
import path from 'node:path';

const port = z.coerce.number().int().min(0).max(65535);

/** A host as it goes into a URL: an IPv6 address takes brackets. */
function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

// HOST also makes the default PUBLIC_URL, so it must fit in a URL.
const Host = z.string().min(1).refine(
  (host) => URL.canParse(`http://${urlHost(host)}:1/`),
  'not a host name or IP address',
);

const EnvSchema = z.object({
  PORT: port.default(3000),
  HOST: Host.default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z.string().min(1).optional(),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters')
    .optional(),
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  MAIL_FROM: z.string().min(3).default('peerpanel <no-reply@localhost>'),
  // html5Email, so that the default itself (no dot in the domain) passes.
  SECRETARIAT_EMAIL: z.email({ pattern: z.regexes.html5Email })
    .default('secretariat@localhost'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace',
    'silent']).default('info'),
  CATALOGUE_PATH: z.string().min(1).default('config/groups.json'),
  REVIEW_REMINDER_DAYS: z.coerce.number().int().min(0).max(60).default(3),
  OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(6),
  OUTBOX_BACKOFF_MS: z.coerce.number().int().min(1).default(30_000),
  WORKER_INTERVAL_MS: z.coerce.number().int().min(0).default(5_000),
});

export interface Settings {
  port: number;
  host: string;
  dataDir: string;
  /** A file path for SQLite, or a postgres:// URL. */
  databaseUrl: string;
  publicUrl: string;
  /** Unset: generated once and kept in DATA_DIR. */
  jwtSecret: string | undefined;
  smtpUrl: string | undefined;
  mailFrom: string;
  secretariatEmail: string;
  logLevel: string;
  cataloguePath: string;
  reviewReminderDays: number;
  outboxMaxAttempts: number;
  outboxBackoffMs: number;
  /** 0 turns the background worker off (tests drive it by hand). */
  workerIntervalMs: number;
}

export class ConfigError extends Error {
  readonly keys: string[];

  constructor(problems: { key: string; message: string }[]) {
    const lines = problems.map((p) => `  ${p.key}: ${p.message}`);
    super(`invalid settings:\n${lines.join('\n')}`);
    this.name = 'ConfigError';
    this.keys = problems.map((p) => p.key);
  }
}

/**
 * Parses settings from an environment. Empty strings count as unset, so
 * that `PORT=` in a shell behaves like no PORT at all.
 */
export function loadSettings(
  env: Record<string, string | undefined>,
): Readonly<Settings> {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => ({
      key: String(issue.path[0] ?? '?'),
      message: issue.message,
    })));
  }

  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL ?? path.join(dataDir, 'peerpanel.sqlite'),
    publicUrl: (e.PUBLIC_URL ?? `http://${urlHost(e.HOST)}:${e.PORT}`)
      .replace(/\/+$/, ''),
    jwtSecret: e.JWT_SECRET,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    secretariatEmail: e.SECRETARIAT_EMAIL.trim().toLowerCase(),
    logLevel: e.LOG_LEVEL,
    cataloguePath: path.resolve(e.CATALOGUE_PATH),
    reviewReminderDays: e.REVIEW_REMINDER_DAYS,
    outboxMaxAttempts: e.OUTBOX_MAX_ATTEMPTS,
    outboxBackoffMs: e.OUTBOX_BACKOFF_MS,
    workerIntervalMs: e.WORKER_INTERVAL_MS,
  });
}

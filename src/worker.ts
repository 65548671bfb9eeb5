/**
 * The background worker inside the service: periodic jobs (expiring
 * invitations, review reminders) and then the outbox. One run at a time;
 * a wake-up during a run asks for one more run straight after.
 */

import type { AppContext } from './context.js';
import { deliverDueMail, type DeliveryReport } from
  './mail/outbox.worker.js';
import type { MailTransport } from './mail/transport.js';

export type Job = (ctx: AppContext) => Promise<unknown>;

export interface Worker {
  /** Runs every job, then sends due mail; resolves when done. */
  runOnce(): Promise<DeliveryReport>;
  start(): void;
  wake(): void;
  stop(): Promise<void>;
}

export function createWorker(
  ctx: Omit<AppContext, 'wakeWorker'>,
  transport: MailTransport,
  jobs: Job[],
  log: { error: (fields: object, message: string) => void;
    debug: (fields: object, message: string) => void },
): Worker {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<DeliveryReport> | null = null;
  let again = false;
  let stopped = false;
  const fullCtx: AppContext = { ...ctx, wakeWorker: () => undefined };

  async function runJobsAndMail(): Promise<DeliveryReport> {
    for (const job of jobs) {
      try {
        await job(fullCtx);
      } catch (err) {
        log.error({ err, job: job.name }, 'worker job failed');
      }
    }
    return deliverDueMail({
      db: ctx.db,
      transport,
      from: ctx.settings.mailFrom,
      clock: ctx.clock,
      maxAttempts: ctx.settings.outboxMaxAttempts,
      backoffMs: ctx.settings.outboxBackoffMs,
      log: (fields, message) => log.debug(fields, message),
    });
  }

  function runOnce(): Promise<DeliveryReport> {
    if (running) {
      again = true;
      return running;
    }
    running = runJobsAndMail().finally(() => {
      running = null;
      if (again && !stopped) {
        again = false;
        void runOnce().catch(() => undefined);
      }
    });
    return running;
  }

  return {
    runOnce,
    start() {
      const every = ctx.settings.workerIntervalMs;
      if (every <= 0 || timer) return;
      timer = setInterval(() => {
        runOnce().catch((err) => log.error({ err }, 'worker run failed'));
      }, every);
      timer.unref();
    },
    wake() {
      if (stopped || ctx.settings.workerIntervalMs <= 0) return;
      setImmediate(() => {
        runOnce().catch((err) => log.error({ err }, 'worker run failed'));
      });
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = null;
      await running?.catch(() => undefined);
    },
  };
}

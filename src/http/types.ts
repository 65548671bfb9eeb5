import type { AppContext, Caller } from '../context.js';
import type { Worker } from '../worker.js';

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
    worker: Worker;
    /** Runs work after the answer; `settle()` waits for all of it. */
    defer(task: () => Promise<unknown>): void;
    settle(): Promise<void>;
  }
  interface FastifyRequest {
    caller: Caller;
  }
}

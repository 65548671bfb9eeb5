/**
 * The review reminder: shortly before a cycle's review deadline, one mail
 * to each reviewer who still has nominations to review.
 */

import { queueMail, type AppContext } from '../../context.js';
import { inTransaction } from '../../db/transaction.js';
import { findGroup } from '../groups/groups.repository.js';
import { loadNominationViews } from '../nominations/nominations.view.js';
import { findPeopleByIds } from '../people/people.repository.js';
import type { Cycle } from '../cycles/cycles.repository.js';
import { listCyclesClosingReviews, listReviewsOf } from
  './reviews.repository.js';
import { loadReviewStanding } from './reviews.service.js';

const DAY_MS = 24 * 60 * 60 * 1000;

function formatDeadline(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/**
 * For each cycle whose review deadline is less than `reviewReminderDays`
 * away and not yet passed, queues a reminder to every reviewer with an
 * eligible nomination left to review that they have no conflict with.
 * Excluded reviewers are left alone. The outbox event key makes this
 * once per reviewer per cycle however often the job runs, so a reviewer
 * who finishes after the mail was queued is not written to again.
 *
 * A reminder changes no entity, so it writes no audit event; the outbox
 * row is its record.
 */
export async function remindReviewers(ctx: AppContext): Promise<number> {
  const now = ctx.clock();
  const horizon = new Date(now.getTime()
    + ctx.settings.reviewReminderDays * DAY_MS);
  const cycles = await listCyclesClosingReviews(ctx.db,
    now.toISOString(), horizon.toISOString());

  let queued = 0;
  for (const cycle of cycles) {
    queued += await remindCycle(ctx, cycle);
  }
  if (queued > 0) ctx.wakeWorker();
  return queued;
}

async function remindCycle(ctx: AppContext, cycle: Cycle): Promise<number> {
  return inTransaction(ctx.db, async (trx) => {
    const group = await findGroup(trx, cycle.groupSlug);
    if (!group) return 0;
    const eligible = (await loadNominationViews(trx, cycle.id, group.rules))
      .filter((n) => n.eligible);
    const standing = await loadReviewStanding(trx, cycle, eligible);
    const reviews = await listReviewsOf(trx, eligible.map((n) => n.id));
    const done = new Set(reviews.map(
      (r) => `${r.nominationId}:${r.reviewerId}`));
    const people = await findPeopleByIds(trx, standing.reviewerIds);

    let queued = 0;
    for (const reviewerId of standing.reviewerIds) {
      const person = people.get(reviewerId);
      if (!person || standing.excluded.has(reviewerId)) continue;
      const missing = eligible.filter((n) => {
        const conflict = standing.conflicts.get(n.id)
          ?.find((c) => c.reviewerId === reviewerId);
        return conflict?.reasons.length === 0
          && !done.has(`${n.id}:${reviewerId}`);
      }).length;
      if (missing === 0) continue;

      const fresh = await queueMail(trx, ctx, {
        eventKey: `review-reminder:${cycle.id}:${reviewerId}`,
        template: 'review-reminder',
        to: { personId: reviewerId, address: person.email },
        vars: {
          name: person.name,
          groupName: group.name,
          reviewDeadline: formatDeadline(cycle.reviewDeadline),
          pending: missing === 1 ? '1 nomination'
            : `${missing} nominations`,
          cycleUrl: `${ctx.settings.publicUrl}/cycles/${cycle.id}`,
        },
      });
      if (fresh) queued += 1;
    }
    return queued;
  });
}

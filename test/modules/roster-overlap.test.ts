import t from 'tap';
import { addPerson, testApp } from '../helpers/app.js';
import { rosterCycle } from '../helpers/rosters.js';

t.test('counts confirmed rosters of other groups with overlapping terms',
  async (t) => {
    const ctx = await testApp(t);
    const busy = await addPerson(ctx, { country: 'ZA' });

    // Two groups confirm rosters with the same expert, terms overlapping.
    const first = await rosterCycle(t, { ctx, slug: 'labor-migration',
      candidates: [busy, { country: 'BR' }, { country: 'IN' }] });
    await first.confirm(first.candidates.map((c) => c.id));
    const second = await rosterCycle(t, { ctx,
      slug: 'migrant-rights-and-integration',
      candidates: [busy, { country: 'MX' }, { country: 'JP' }] });
    const saved = await second.put({ chairId: second.chair.id,
      coChairId: second.coChair.id,
      expertIds: second.candidates.map((c) => c.id) });
    t.same(saved.body.violations, [], 'one other group is within the limit');
    await second.confirm(second.candidates.map((c) => c.id));

    // A third group: the expert already sits on two.
    const third = await rosterCycle(t, { ctx,
      slug: 'remittances-and-diaspora',
      candidates: [busy, { country: 'KE' }, { country: 'AR' },
        { country: 'CN' }] });
    await third.score([5, 1, 1, 1]);
    const [, ke, ar, cn] = third.candidates;
    const officers = { chairId: third.chair.id,
      coChairId: third.coChair.id };
    const res = await third.put({ ...officers,
      expertIds: [busy.id, ke!.id, ar!.id] });
    t.equal(res.statusCode, 200);
    t.same(res.body.violations.map((v: any) => v.rule),
      ['max_groups_per_person']);
    t.match(res.body.violations[0], {
      personIds: [busy.id],
      figures: { members: 1, maxGroupsPerPerson: 2 },
    });

    const suggestion = await third.post('/roster/suggestion', {},
      third.chairToken);
    t.equal(suggestion.body.feasible, true);
    t.same(new Set(suggestion.body.roster.expertIds),
      new Set([ke!.id, ar!.id, cn!.id]),
      'the best-scored candidate is left out: already on two groups');

    // A group whose term begins as the others end does not overlap.
    const later = await rosterCycle(t, { ctx, slug: 'data-and-demographics',
      candidates: [busy, { country: 'NG' }, { country: 'PE' }] });
    const term = await ctx.app.ctx.db.selectFrom('cycles')
      .select(['termStart', 'termEnd']).where('id', '=', first.cycleId)
      .executeTakeFirstOrThrow();
    await ctx.app.ctx.db.updateTable('cycles')
      .set({ termStart: term.termEnd, termEnd: '2031-03-01T09:00:00.000Z' })
      .where('id', '=', later.cycleId).execute();
    const apart = await later.put({ chairId: later.chair.id,
      coChairId: later.coChair.id,
      expertIds: later.candidates.map((c) => c.id) });
    t.same(apart.body.violations, [], 'terms that do not overlap');

    // Once the expert steps down from one group, they may sit again.
    const down = await first.post(`/members/${busy.id}/stepping-down`,
      { reason: 'Too many commitments.' });
    t.equal(down.statusCode, 200);
    const freed = await third.roster();
    t.same(freed.body.violations, []);
  });

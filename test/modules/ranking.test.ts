import t, { type Test } from 'tap';
import { addPerson } from '../helpers/app.js';
import {
  flat,
  reviewCycle,
  type NominationFixture,
} from '../helpers/review-fixtures.js';

const TOLERANCE = 1e-9;

/** Parses RFC 4180 CSV: quoted fields, doubled quotes, CRLF rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i += 1; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell); rows.push(row); row = []; cell = ''; i += 1;
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) { row.push(cell); rows.push(row); }
  return rows;
}

/**
 * Three reviewers — the chair C, the co-chair K and an added reviewer R —
 * and four eligible nominations A, B, N and D (plus E, awaiting consent,
 * which the ranking leaves out). R endorsed B, so cannot review it. N has
 * an endorser from its candidate's affiliation, which flags it.
 *
 * Weighted scores (default rubric: three criteria of weight 1, so the
 * weighted score is the mean of the three):
 *
 *          A    B    N    D
 *   C      5    3    1    -
 *   K      4    4    -    4
 *   R      1    x    -    4   (D scored 3, 4, 5: (3 + 4 + 5) / 3 = 4)
 */
async function handWorkedCycle(t: Test) {
  const rc = await reviewCycle(t);
  const [c, k, r] = rc.panel as [typeof rc.chair, typeof rc.chair,
    typeof rc.chair];
  const a = await rc.nominate({ candidate: { name: 'Doe, "Jane"' } });
  const b = await rc.nominate({ endorsers: [r] });
  const colleague = await addPerson(rc.ctx,
    { affiliation: 'Makerere University' });
  const n = await rc.nominate({
    candidate: { affiliation: 'Makerere University', name: '=SUM(1)' },
    endorsers: [colleague],
  });
  const d = await rc.nominate();
  const e = await rc.nominate({ status: 'awaiting_consent' });
  await rc.moveTo('reviewing');
  for (const person of rc.panel) await rc.declare(person);

  const scores: [typeof c, NominationFixture, Record<string, number>][] = [
    [c, a, flat(5)], [c, b, flat(3)], [c, n, flat(1)],
    [k, a, flat(4)], [k, b, flat(4)], [k, d, flat(4)],
    [r, a, flat(1)], [r, d, { relevance: 3, record: 4, contribution: 5 }],
  ];
  for (const [person, nomination, s] of scores) {
    const res = await rc.review(person, nomination.id, s);
    t.equal(res.statusCode, 201, 'review stored');
  }
  return { rc, c, k, r, a, b, n, d, e };
}

t.test('ranks a small cycle as worked by hand', async (t) => {
  const { rc, k, r, a, b, n, d } = await handWorkedCycle(t);
  const res = await rc.ctx.request('GET', `/v1/cycles/${rc.cycleId}/ranking`,
    { token: await rc.ctx.secretariat() });
  t.equal(res.statusCode, 200);
  t.equal(res.body.sort, 'calibrated');

  // Reviewer scales (population standard deviation):
  //   C: 5, 3, 1 → mean 3, sd √(((5−3)² + 0 + (1−3)²) / 3) = √(8/3)
  //      ≈ 1.632993; z: A +1.224745, B 0, N −1.224745
  //   K: 4, 4, 4 → no spread: left out of calibration
  //   R: 1, 4 → mean 2.5, sd √((1.5² + 1.5²) / 2) = 1.5; z: A −1, D +1
  // Nominations:
  //   A: 5, 4, 1 → mean 10/3 ≈ 3.333333;
  //      sd √(((5/3)² + (2/3)² + (7/3)²) / 3) = √(78/27) ≈ 1.699673;
  //      calibrated (1.224745 − 1) / 2 ≈ 0.112372
  //   B: 3, 4 → mean 3.5, sd 0.5; calibrated 0 (C's z only)
  //   N: 1 → mean 1, sd 0; calibrated −1.224745
  //   D: 4, 4 → mean 4, sd 0; calibrated +1 (R's z only)
  const z = Math.sqrt(3 / 2); // 2 / √(8/3)
  const expected = [
    { nomination: d, mean: 4, count: 2, stdDev: 0, calibrated: 1 },
    { nomination: a, mean: 10 / 3, count: 3,
      stdDev: Math.sqrt(78 / 27), calibrated: (z - 1) / 2 },
    { nomination: b, mean: 3.5, count: 2, stdDev: 0.5, calibrated: 0 },
    { nomination: n, mean: 1, count: 1, stdDev: 0, calibrated: -z },
  ];
  t.equal(res.body.items.length, 4, 'only eligible nominations');
  expected.forEach((want, i) => {
    const got = res.body.items[i];
    const name = `line ${i + 1}`;
    t.equal(got.nominationId, want.nomination.id, `${name}: nomination`);
    t.equal(got.candidateId, want.nomination.candidate.id);
    t.equal(got.candidateName, want.nomination.candidate.name);
    t.equal(got.rank, i + 1);
    t.equal(got.count, want.count, `${name}: count`);
    t.ok(Math.abs(got.mean - want.mean) < TOLERANCE, `${name}: mean`);
    t.ok(Math.abs(got.stdDev - want.stdDev) < TOLERANCE, `${name}: sd`);
    t.ok(Math.abs(got.calibrated - want.calibrated) < TOLERANCE,
      `${name}: calibrated`);
    t.equal(got.withheld, null);
  });
  t.same(res.body.excludedFromCalibration,
    [{ reviewerId: k.id, reason: 'no_spread' }]);
  t.same(res.body.items[2].conflicts,
    [{ reviewerId: r.id, reasons: ['is_endorser'] }]);
  t.same(res.body.items[3].flags, ['endorser_same_affiliation']);
  t.same(res.body.items[0].conflicts, []);
  t.same(res.body.items[0].flags, []);

  const raw = await rc.ctx.request('GET',
    `/v1/cycles/${rc.cycleId}/ranking?sort=raw`,
    { token: await rc.ctx.secretariat() });
  t.equal(raw.body.sort, 'raw');
  t.same(raw.body.items.map((i: { nominationId: string }) => i.nominationId),
    [d.id, b.id, a.id, n.id], 'by raw mean B (3.5) comes before A (3.33)');
  const bad = await rc.ctx.request('GET',
    `/v1/cycles/${rc.cycleId}/ranking?sort=best`,
    { token: await rc.ctx.secretariat() });
  t.equal(bad.statusCode, 400);
});

t.test('answers the same figures as CSV', async (t) => {
  const { rc } = await handWorkedCycle(t);
  const token = await rc.ctx.secretariat();
  for (const sort of ['calibrated', 'raw']) {
    const url = `/v1/cycles/${rc.cycleId}/ranking?sort=${sort}`;
    const json = await rc.ctx.request('GET', url, { token });
    const csv = await rc.ctx.request('GET', url,
      { token, headers: { accept: 'text/csv' } });
    t.equal(csv.statusCode, 200);
    t.match(csv.headers['content-type'], /^text\/csv/);
    t.match(csv.raw, /\r\n$/, 'rows end in CRLF');

    const [header, ...rows] = parseCsv(csv.raw);
    t.same(header, ['rank', 'nominationId', 'candidateId', 'candidateName',
      'mean', 'count', 'stdDev', 'calibrated', 'flags', 'conflicts',
      'withheld']);
    t.equal(rows.length, json.body.items.length);
    const fixed = (v: number | null) => (v === null ? '' : v.toFixed(4));
    rows.forEach((row, i) => {
      const item = json.body.items[i];
      const cell = Object.fromEntries(header!.map((h, j) => [h, row[j]]));
      t.equal(cell.rank, String(item.rank));
      t.equal(cell.nominationId, item.nominationId);
      t.equal(cell.candidateId, item.candidateId);
      t.equal(cell.candidateName!.replace(/^'(?=[=+\-@])/, ''),
        item.candidateName);
      t.equal(cell.mean, fixed(item.mean));
      t.equal(cell.count, String(item.count));
      t.equal(cell.stdDev, fixed(item.stdDev));
      t.equal(cell.calibrated, fixed(item.calibrated));
      t.equal(cell.flags, item.flags.join(' '));
      t.equal(cell.conflicts, item.conflicts.map(
        (c: { reviewerId: string; reasons: string[] }) =>
          `${c.reviewerId}:${c.reasons.join('+')}`).join(' '));
      t.equal(cell.withheld, '');
    });
  }
  const csv = await rc.ctx.request('GET', `/v1/cycles/${rc.cycleId}/ranking`,
    { token, headers: { accept: 'text/csv' } });
  t.match(csv.raw, /,"Doe, ""Jane""",/, 'quotes a comma and a quote');
  t.match(csv.raw, /,'=SUM\(1\),/, 'a formula-like name stays text');
  t.match(csv.raw, /,4\.0000,2,0\.0000,1\.0000,,,\r\n/,
    'D: four decimals, empty cells for no flags or conflicts');
});

t.test('shows a reviewer only the figures they may see', async (t) => {
  const { rc, r, a, b, n, d } = await handWorkedCycle(t);
  const res = await rc.ctx.request('GET', `/v1/cycles/${rc.cycleId}/ranking`,
    { token: await rc.token(r) });
  t.equal(res.statusCode, 200);
  const items = res.body.items;
  t.same(items.slice(0, 2).map((i: { nominationId: string; rank: number }) =>
    [i.nominationId, i.rank]), [[d.id, 1], [a.id, 2]],
  'what R reviewed, in calibrated order');
  t.equal(items[1].count, 3);
  const withheld = items.slice(2);
  t.same(withheld.map((i: { nominationId: string }) => i.nominationId),
    [b.id, n.id].sort(), 'withheld lines last, by id');
  for (const item of withheld) {
    t.match(item, { mean: null, stdDev: null, calibrated: null, rank: null });
  }
  t.equal(withheld.find((i: { nominationId: string }) =>
    i.nominationId === b.id).withheld, 'conflict_of_interest');
  t.equal(withheld.find((i: { nominationId: string }) =>
    i.nominationId === n.id).withheld, 'review_first');

  const chair = await rc.ctx.request('GET', `/v1/cycles/${rc.cycleId}/ranking`,
    { token: await rc.token(rc.chair) });
  t.same(chair.body.items.map((i: { withheld: string | null }) => i.withheld),
    [null, null, null, 'review_first'], 'the chair did not review D');

  // Once reviews close, reading the figures can no longer sway a review;
  // a conflict still hides them.
  await rc.moveTo('cancelled');
  const closed = await rc.ctx.request('GET',
    `/v1/cycles/${rc.cycleId}/ranking`, { token: await rc.token(r) });
  const closedWhy = new Map(closed.body.items.map(
    (i: { nominationId: string; withheld: string | null }) =>
      [i.nominationId, i.withheld]));
  t.equal(closedWhy.get(n.id), null, 'N shown once reviews are closed');
  t.equal(closedWhy.get(b.id), 'conflict_of_interest');

  const candidate = await rc.ctx.request('GET',
    `/v1/cycles/${rc.cycleId}/ranking`, { token: await rc.token(a.candidate) });
  t.equal(candidate.statusCode, 403);
  const anonymous = await rc.ctx.request('GET',
    `/v1/cycles/${rc.cycleId}/ranking`);
  t.equal(anonymous.statusCode, 401);
  const missing = await rc.ctx.request('GET', '/v1/cycles/nope/ranking',
    { token: await rc.ctx.secretariat() });
  t.equal(missing.statusCode, 404);
});

t.test('leaves a reviewer with one review out of calibration', async (t) => {
  const rc = await reviewCycle(t);
  const a = await rc.nominate();
  const b = await rc.nominate();
  await rc.moveTo('reviewing');
  for (const person of rc.panel) await rc.declare(person);
  await rc.review(rc.chair, a.id, flat(5));
  await rc.review(rc.chair, b.id, flat(3));
  await rc.review(rc.coChair, a.id, flat(2));

  const res = await rc.ctx.request('GET', `/v1/cycles/${rc.cycleId}/ranking`,
    { token: await rc.ctx.secretariat() });
  t.same(res.body.excludedFromCalibration,
    [{ reviewerId: rc.coChair.id, reason: 'fewer_than_two_reviews' }]);
  // Chair: 5, 3 → mean 4, sd 1: z(A) = +1, z(B) = −1. A's raw mean is
  // (5 + 2) / 2 = 3.5, B's is 3; the co-chair's 2 enters only the mean.
  t.match(res.body.items, [
    { nominationId: a.id, mean: 3.5, count: 2, stdDev: 1.5, calibrated: 1 },
    { nominationId: b.id, mean: 3, count: 1, stdDev: 0, calibrated: -1 },
  ]);
});

t.test('ranks nothing before anyone reviews', async (t) => {
  const rc = await reviewCycle(t);
  const a = await rc.nominate();
  await rc.moveTo('reviewing');
  const res = await rc.ctx.request('GET', `/v1/cycles/${rc.cycleId}/ranking`,
    { token: await rc.ctx.secretariat() });
  t.equal(res.statusCode, 200);
  t.match(res.body.items, [{ nominationId: a.id, mean: null, count: 0,
    stdDev: null, calibrated: null }]);
  t.same(res.body.excludedFromCalibration, []);
  const csv = await rc.ctx.request('GET', `/v1/cycles/${rc.cycleId}/ranking`,
    { token: await rc.ctx.secretariat(),
      headers: { accept: 'application/json;q=0.5, text/csv' } });
  t.equal(parseCsv(csv.raw)[1]![4], '', 'an empty cell for no mean');
});

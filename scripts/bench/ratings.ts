// 好差评台账 on the 100,000-case demo store (scripts/bench/store.ts builds it once into .data/):
// ratings.ledger for the city's admin over the year so far and over a quarter, a county's leader
// over the year, an agent's own cases, and the 工作台's reminders of the same users. Target: the
// ledger's p95 ≤ 300 ms.   npm run bench -- --only ratings
import * as t from '../../src/main/db/schema.js';
import { actorFor } from '../../src/main/features/auth/service.js';
import { dashboardReminders } from '../../src/main/features/dashboard/reminders.js';
import { ratingsLedger } from '../../src/main/features/evaluations/ledger.js';
import { demoStore } from './store.js';
import { stats, type BenchRow, time } from './report.js';


export async function benchRatings(options: { cases?: number } = {}): Promise<BenchRow[]> {
  const cases = options.cases ?? 100_000;
  const rows: BenchRow[] = [];
  const store = demoStore(cases, rows);
  try {
    const users = store.orm.select().from(t.users).all().filter((u) => u.active);
    const admin = users.find((u) => u.username === 'admin')!;
    const leader = users.filter((u) => (u.roles as string[]).includes('leader') && u.orgUnitId !== admin.orgUnitId)[0] ?? admin;
    // The agent with the most rated cases (an agent without a supervising role sees only their own).
    const busiest = store.db.prepare(`SELECT c.agent_id FROM evaluations e JOIN cases c ON c.id = e.case_id JOIN users u ON u.id = c.agent_id
      WHERE u.roles NOT LIKE '%leader%' AND u.roles NOT LIKE '%admin%' GROUP BY c.agent_id ORDER BY count(*) DESC LIMIT 1`).pluck().get() as string;
    const agent = users.find((u) => u.id === busiest)!;
    const ctx = (u: typeof admin) => ({ store, actor: actorFor(u) });
    const year = { from: '2026-01-01', to: '2026-11-20' };
    const quarter = { from: '2026-07-01', to: '2026-09-30' };
    const runs: Array<[string, () => number]> = [
      ['city admin, year so far', () => ratingsLedger(ctx(admin), year).ratings.length],
      ['city admin, one quarter', () => ratingsLedger(ctx(admin), quarter).ratings.length],
      ['county leader, year so far', () => ratingsLedger(ctx(leader), year).ratings.length],
      ['agent (own cases), year so far', () => ratingsLedger(ctx(agent), year).ratings.length],
    ];
    for (const [label, run] of runs) {
      let n = run();
      const samples = Array.from({ length: 12 }, () => time(() => { n = run(); }));
      const s = stats(samples);
      rows.push({ name: `ratings.ledger, ${label} (${n} ratings)`, median_ms: s.median, p95_ms: s.p95, runs: samples.length, target_ms: 300, ok: s.p95 <= 300, note: 'p95 is the target' });
    }
    for (const [label, u] of [['city admin', admin], ['county leader', leader], ['agent', agent]] as const) {
      dashboardReminders(ctx(u));
      const s = stats(Array.from({ length: 12 }, () => time(() => dashboardReminders(ctx(u)))));
      rows.push({ name: `工作台 reminders (好差评, 政企互动), ${label}`, median_ms: s.median, p95_ms: s.p95, runs: 12, target_ms: 300, ok: s.p95 <= 300 });
    }
  } finally {
    store.close();
  }
  return rows;
}

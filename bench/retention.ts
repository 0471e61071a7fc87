// npm run bench:retention — the daily purge's first run after BENCH_RETENTION_LEADS (default 100,000) leads closed
// past the policy: each with a resolution comment in its history and a sent email, on a PostgreSQL of its own. The
// floor is one plain UPDATE rewriting the same lead rows (the least PostgreSQL can do to change them all). Then the
// purge again, with nothing left to do: what every later day costs. Prints seconds, rates and ratios; asserts nothing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Assister } from '../domain/assister';
import { DEFAULT_RETENTION } from '../domain/retention';
import { upsertAssisters } from '../store/assisters';
import { startLocalStack } from '../client/devstack/stack';
import { connectDatabase, migrate } from '../store/database';
import { applyRetentionPolicy } from '../store/retention';

const LEADS = Number(process.env.BENCH_RETENTION_LEADS ?? 100_000);

async function seconds<T>(step: () => Promise<T>): Promise<{ result: T; s: number }> {
  const start = process.hrtime.bigint();
  const result = await step();
  return { result, s: Number(process.hrtime.bigint() - start) / 1e9 };
}

async function main() {
  const stack = await startLocalStack({ temporal: false, smtp: false });
  const sql = connectDatabase(stack.env.DATABASE_URL!, { max: 4 });
  try {
    await migrate(sql);
    const [assister] = JSON.parse(readFileSync(join(__dirname, '..', 'samples', 'assisters.json'), 'utf8')) as Assister[];
    await upsertAssisters(sql, [assister!]);
    console.log(`seeding ${LEADS} leads closed ${DEFAULT_RETENTION.consumerDataDays + 10} days ago...`);
    await sql`
      insert into leads (id, intake, created_by, status, assister_id, referred_at, resolution, closed_at)
      select gen_random_uuid(),
             jsonb_build_object('consumer', jsonb_build_object('firstName', 'Bench', 'lastName', 'Consumer' || i, 'phone', '651-555-0134', 'email', 'c' || i || '@bench.example.org', 'zip', '55101'),
                                'account', jsonb_build_object('active', true), 'application', jsonb_build_object('active', true), 'determinations', '["MA"]'::jsonb,
                                'reasonForHelp', 'Benchmark', 'planSelectionHelp', false, 'guidanceProvided', 'Benchmark', 'consentToShare', true, 'workingWithAssister', false, 'createdBy', 'bench'),
             'bench', 'resolved', ${assister!.id}, now() - interval '420 days', 'Enrolled in QHP', now() - make_interval(days => ${DEFAULT_RETENTION.consumerDataDays + 10})
      from generate_series(1, ${LEADS}) i`;
    await sql`insert into lead_events (lead_id, event_key, type, data)
              select id, 'bench/' || id, 'resolution-reported', jsonb_build_object('resolution', 'Enrolled in QHP', 'contactMade', true, 'comment', 'Met at the library') from leads`;
    await sql`insert into outbox (key, recipient, message_id, status, sent_at)
              select 'lead/' || id || '/1/referral', 'nav@bench.example.org', '<' || id || '@bench>', 'sent', now() - interval '419 days' from leads`;
    await sql`vacuum analyze`;

    const floor = await seconds(() => sql`update leads set intake = intake`);
    await sql`vacuum analyze`;
    const first = await seconds(() => applyRetentionPolicy(sql, DEFAULT_RETENTION, new Date()));
    const again = await seconds(() => applyRetentionPolicy(sql, DEFAULT_RETENTION, new Date()));
    const rate = (n: number, s: number) => `${Math.round(n / s).toLocaleString('en-US')}/s`;
    console.log(`\n${'step'.padEnd(44)}${'seconds'.padStart(9)}${'rate'.padStart(14)}${'× floor'.padStart(10)}`);
    console.log(`${'one UPDATE of every lead row (floor)'.padEnd(44)}${floor.s.toFixed(2).padStart(9)}${rate(LEADS, floor.s).padStart(14)}${'1.0'.padStart(10)}`);
    console.log(`${'first purge (leads, events, emails)'.padEnd(44)}${first.s.toFixed(2).padStart(9)}${rate(first.result.leadsPseudonymized, first.s).padStart(14)}${(first.s / floor.s).toFixed(1).padStart(10)}`);
    console.log(`${'next day: nothing left to do'.padEnd(44)}${again.s.toFixed(3).padStart(9)}${''.padStart(14)}${(again.s / floor.s).toFixed(3).padStart(10)}`);
    console.log(`\npurged: ${JSON.stringify(first.result)}\nagain:  ${JSON.stringify(again.result)}`);
  } finally {
    await sql.end();
    await stack.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

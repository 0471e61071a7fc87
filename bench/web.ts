// npm run bench:web — PAL's pages under load: 50,000 lead rows in PostgreSQL (2,000 of one organization, seeded
// directly over two years) and a few hundred real lead workflows for the actions, 20 signed-in sessions at once: the
// assister's leads list and lead page (target p95 under 100 ms), and staff's Find a lead, lead page, escalations queue
// and Leads list (target p95 under 300 ms; the staff pages' figure is asked at 100,000 rows: BENCH_WEB_LEADS=100000), and the
// coordinators' Program page, six report periods of figures and the county map (target p95 under 1 s at 100,000 rows,
// BENCH_WEB_PROGRAM_SESSIONS coordinators at once), beside GET /healthz on the
// same server as the floor. The API runs in its own process (npm run api, as deployed). Prints numbers and ratios;
// asserts nothing.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createLead } from '../client/api/intake';
import { freePort } from '../client/devstack/ports';
import { sha256, newSecret } from '../client/web/session';
import { leadReference } from '../domain/lead-reference';
import { minnesotaDate } from '../domain/time';
import { invitePerson, personForEmail } from '../store/portal-people';
import { startSession } from '../store/portal-sessions';
import { addStaff } from '../store/staff';
import { csrfOf, Visitor } from '../test/support/browserless';
import { benchLead, startBenchStack } from './stack';
import { percentile, pool } from './stats';

const LEADS = Number(process.env.BENCH_WEB_LEADS ?? 50_000);
const ORG_LEADS = Number(process.env.BENCH_WEB_ORG_LEADS ?? 2_000);
const REAL_LEADS = Number(process.env.BENCH_WEB_REAL_LEADS ?? 300);
const SESSIONS = Number(process.env.BENCH_WEB_SESSIONS ?? 20);
const REQUESTS = Number(process.env.BENCH_WEB_REQUESTS ?? 4_000);
const TARGET_P95_MS = 100;
const STAFF_TARGET_P95_MS = 300;
// The Program page is a few coordinators' reading, not a crowd's: fewer sessions and requests.
const PROGRAM_SESSIONS = Number(process.env.BENCH_WEB_PROGRAM_SESSIONS ?? 5);
const PROGRAM_REQUESTS = Number(process.env.BENCH_WEB_PROGRAM_REQUESTS ?? 200);
const PROGRAM_TARGET_P95_MS = 1_000;

async function main() {
  console.log(`\nbench:web  ${LEADS} lead rows (${ORG_LEADS} of one organization) and ${REAL_LEADS} real lead workflows; ${SESSIONS} signed-in sessions, ${REQUESTS} requests per page\n`);
  const stack = await startBenchStack();
  const { client, sql } = stack;
  let api: ChildProcess | undefined;
  try {
    // The organization: the assister that real leads from its own ZIP code are routed to.
    const first = await createLead({ client, sql, taskQueue: 'pal-bench' }, benchLead({ consumer: { ...benchLead().consumer, zip: '55106' } }));
    if (!first.ok) throw new Error('bench lead refused');
    const [org] = await sql<{ id: string; email: string; type: string }[]>`select a.id, a.email, a.type from leads l join assisters a on a.id = l.assister_id where l.id = ${first.lead.leadId}`;
    if (!org) throw new Error('the first bench lead was not routed');
    let start = Date.now();
    await pool(REAL_LEADS - 1, 10, async () => {
      const r = await createLead({ client, sql, taskQueue: 'pal-bench' }, benchLead({ consumer: { ...benchLead().consumer, zip: '55106' } }));
      if (!r.ok) throw new Error('bench lead refused');
    });
    const real = await sql<{ id: string; reference: string }[]>`select id, reference_number::text as reference from leads where assister_id = ${org.id}`;
    console.log(`  ${REAL_LEADS} real leads created through their workflows in ${((Date.now() - start) / 1000).toFixed(0)} s (${real.length} routed to ${org.id})`);

    start = Date.now();
    await seedLeads(sql, org.id, Math.max(0, ORG_LEADS - real.length), LEADS - REAL_LEADS);
    const [{ total } = { total: 0 }] = await sql<{ total: number }[]>`select count(*)::int as total from leads`;
    const [{ ownCount } = { ownCount: 0 }] = await sql<{ ownCount: number }[]>`select count(*)::int as "ownCount" from leads where assister_id = ${org.id}`;
    console.log(`  ${total} lead rows in PostgreSQL (${ownCount} of ${org.id}), seeded in ${((Date.now() - start) / 1000).toFixed(0)} s`);

    const port = await freePort();
    api = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '..', 'client', 'api', 'main.ts')], {
      env: { ...process.env, PAL_API_PORT: String(port), PAL_PUBLIC_URL: `http://127.0.0.1:${port}`, TEMPORAL_TASK_QUEUE: 'pal-bench' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      api!.stdout!.on('data', (d: Buffer) => d.toString().includes('api: http') && resolve());
      api!.once('exit', (code) => reject(new Error(`the API exited with ${code}`)));
    });
    const base = `http://127.0.0.1:${port}`;

    // Signed-in people of the organization, one session each (sessions are made as a sign-in makes them).
    const people = [await personForEmail(sql, org.email)];
    for (let i = 1; i < SESSIONS; i++) people.push((await invitePerson(sql, org.id, `bench-${i}@${org.id}.example.org`, 'bench')) as never);
    const visitors = await Promise.all(
      people.map(async (person) => {
        const id = newSecret();
        await startSession(sql, sha256(id), { personId: person!.id });
        const v = new Visitor(base);
        (v as unknown as { cookies: Map<string, string> }).cookies.set('pal_session', id);
        return v;
      }),
    );

    const own = await sql<{ reference: string }[]>`select reference_number::text as reference from leads where assister_id = ${org.id}`;
    const refs = own.map((r) => leadReference(Number(r.reference)));
    const pages = Math.ceil(own.length / 50);
    const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)]!;
    const kinds: [string, () => string][] = [
      ['GET /healthz (floor)', () => '/healthz'],
      ['leads list', () => (Math.random() < 0.8 ? `/portal?page=${1 + Math.floor(Math.random() * Math.min(pages, 10))}` : '/portal?show=closed')],
      ['lead page', () => `/portal/leads/${pick(refs)}`],
    ];
    // Warm up every path (JIT, connection pools).
    await pool(300, SESSIONS, async (i) => void (await visitors[i % SESSIONS]!.request(kinds[i % kinds.length]![1]())));

    const results: { name: string; ms: number[]; rps: number; errors: number }[] = [];
    for (const [name, path] of kinds) results.push(await measure(name, visitors, path));

    // Staff: representatives finding leads among all of them, by phone, email, name or reference, and their pages.
    /** SESSIONS signed-in staff members of the role, one session each. */
    const staffSessions = (role: 'contact-center' | 'coordinator') =>
      Promise.all(
        Array.from({ length: SESSIONS }, async (_, i) => {
          const member = await addStaff(sql, `bench-${role}-${i}@mnsure.example.org`, role, 'bench');
          if ('problem' in member) throw new Error(member.problem);
          const id = newSecret();
          await startSession(sql, sha256(id), { staffId: member.id });
          const v = new Visitor(base);
          (v as unknown as { cookies: Map<string, string> }).cookies.set('pal_session', id);
          return v;
        }),
      );
    const staffVisitors = await Promise.all((await staffSessions('contact-center')).map(async (v) => ({ v, csrf: csrfOf((await v.request('/leads/find')).html) })));
    const sample = await sql<{ reference: string; phone: string; email: string; first: string; last: string }[]>`
      select reference_number::text as reference, intake #>> '{consumer,phone}' as phone, intake #>> '{consumer,email}' as email,
             intake #>> '{consumer,firstName}' as first, intake #>> '{consumer,lastName}' as last
      from leads tablesample system (2) limit 500`;
    const searches = [(x: (typeof sample)[number]) => x.phone, (x: (typeof sample)[number]) => x.email, (x: (typeof sample)[number]) => `${x.first.slice(0, 3)} ${x.last}`, (x: (typeof sample)[number]) => leadReference(Number(x.reference))];
    const searchMs: number[] = [];
    let searchErrors = 0;
    let begin = performance.now();
    await pool(REQUESTS, SESSIONS, async (i) => {
      const { v, csrf } = staffVisitors[i % SESSIONS]!;
      const t0 = performance.now();
      const res = await v.request('/leads/find', { form: { _csrf: csrf, search: searches[i % searches.length]!(pick(sample)) ?? 'none' } });
      searchMs.push(performance.now() - t0);
      if (res.status !== 200 || !res.html.includes('found')) searchErrors++;
    });
    results.push({ name: 'Find a lead (staff)', ms: searchMs, rps: REQUESTS / ((performance.now() - begin) / 1000), errors: searchErrors });
    const staffPageMs: number[] = [];
    let staffPageErrors = 0;
    begin = performance.now();
    await pool(REQUESTS, SESSIONS, async (i) => {
      const t0 = performance.now();
      const res = await staffVisitors[i % SESSIONS]!.v.request(`/leads/${leadReference(Number(pick(sample).reference))}`);
      staffPageMs.push(performance.now() - t0);
      if (res.status !== 200) staffPageErrors++;
    });
    results.push({ name: 'lead page (staff)', ms: staffPageMs, rps: REQUESTS / ((performance.now() - begin) / 1000), errors: staffPageErrors });

    // Coordinators: the escalations queue (one lead in 50 escalated, a third of those still open) and the Leads list
    // by status, assister and open escalation, a page at a time.
    await sql`insert into escalations (key, kind, lead_id, assister_id, opened_at, resolved_at, resolved_by)
              select 'bench/' || id, (array['contact-overdue','appointment-overdue','referral-undelivered'])[1 + (reference_number % 3)::int], id, assister_id,
                     referred_at + interval '2 days', case when reference_number % 3 <> 0 then referred_at + interval '3 days' end, case when reference_number % 3 <> 0 then 'PAL' end
              from leads where reference_number % 50 = 0`;
    await sql`analyze escalations`;
    const coordinators = await staffSessions('coordinator');
    const assisterIds = (await sql<{ id: string }[]>`select id from assisters`).map((a) => a.id);
    const filters = [
      () => '/coordinator/leads',
      () => `/coordinator/leads?assister=${pick(assisterIds)}`,
      () => `/coordinator/leads?status=${pick(['awaiting-contact', 'contacted', 'resolved'])}&assister=${pick(assisterIds)}`,
      () => '/coordinator/leads?escalated=yes',
      () => `/coordinator/leads?status=awaiting-contact&escalated=yes&before=${Math.floor(Math.random() * total)}`,
    ];
    results.push(await measure('escalations queue (coordinator)', coordinators, () => '/coordinator'));
    results.push(await measure('Leads list (coordinator)', coordinators, () => pick(filters)()));
    // The Program page: the latest period whose report went out (the default) or any of the two years before it.
    const programPages = [() => '/coordinator/program', () => `/coordinator/program?period=${minnesotaDate(new Date(Date.now() - Math.random() * 730 * 86_400_000))}`];
    results.push(await measure('Program page (coordinator)', coordinators.slice(0, PROGRAM_SESSIONS), () => pick(programPages)(), PROGRAM_REQUESTS));

    // Actions: Record contact on the real leads, as an update of each lead workflow (the page, then the form's POST).
    const today = minnesotaDate(new Date());
    const queue = real.map((r) => leadReference(Number(r.reference)));
    const actionMs: number[] = [];
    let refused = 0;
    start = Date.now();
    await pool(queue.length, SESSIONS, async (i) => {
      const v = visitors[i % SESSIONS]!;
      const page = await v.request(`/portal/leads/${queue[i]}`);
      const t0 = performance.now();
      const done = await v.request(`/portal/leads/${queue[i]}/contact`, { form: { _csrf: csrfOf(page.html), 'contact-date': today } });
      actionMs.push(performance.now() - t0);
      if (done.status !== 303) refused++;
    });
    results.push({ name: 'Record contact (workflow update)', ms: actionMs, rps: queue.length / ((Date.now() - start) / 1000), errors: refused });

    const floor = results[0]!;
    console.log('');
    console.log(`  ${'request'.padEnd(34)}${'p50'.padStart(8)}${'p95'.padStart(8)}${'p99'.padStart(8)}${'req/s'.padStart(8)}  p95 ÷ floor  errors`);
    for (const r of results) {
      const [p50, p95, p99] = [50, 95, 99].map((p) => percentile(r.ms, p).toFixed(0) + ' ms');
      console.log(`  ${r.name.padEnd(34)}${p50!.padStart(8)}${p95!.padStart(8)}${p99!.padStart(8)}${r.rps.toFixed(0).padStart(8)}  ${(percentile(r.ms, 95) / percentile(floor.ms, 95)).toFixed(1).padStart(10)}  ${r.errors}`);
    }
    const pagesMet = results.slice(1, 3).every((r) => percentile(r.ms, 95) < TARGET_P95_MS);
    const staffMet = results.slice(3, 7).every((r) => percentile(r.ms, 95) < STAFF_TARGET_P95_MS);
    console.log(`\n  target p95 under ${TARGET_P95_MS} ms for the assister's leads list and lead page: ${pagesMet ? 'met' : 'NOT MET'}`);
    console.log(`  target p95 under ${STAFF_TARGET_P95_MS} ms for Find a lead, the staff lead page, the queue and the Leads list: ${staffMet ? 'met' : 'NOT MET'} (at ${total} rows)`);
    const program = results.find((r) => r.name.startsWith('Program page'))!;
    console.log(`  target p95 under ${PROGRAM_TARGET_P95_MS} ms for the Program page (${PROGRAM_SESSIONS} coordinators at once): ${percentile(program.ms, 95) < PROGRAM_TARGET_P95_MS ? 'met' : 'NOT MET'} (at ${total} rows)\n`);
  } finally {
    if (api && api.exitCode === null) {
      api.kill('SIGTERM');
      await new Promise((r) => api!.once('exit', r));
    }
    await stack.close();
  }
}

/** `count` requests from the sessions in turn, all of them at a time: latencies, throughput, and non-200 answers. */
async function measure(name: string, visitors: Visitor[], path: () => string, count = REQUESTS) {
  const ms: number[] = [];
  let errors = 0;
  const start = performance.now();
  await pool(count, visitors.length, async (i) => {
    const t0 = performance.now();
    const res = await visitors[i % visitors.length]!.request(path());
    ms.push(performance.now() - t0);
    if (res.status !== 200) errors++;
  });
  return { name, ms, rps: count / ((performance.now() - start) / 1000), errors };
}

/** Lead rows as the workflows record them (each with its referral events), without workflows: the pages read only these. */
async function seedLeads(sql: Awaited<ReturnType<typeof startBenchStack>>['sql'], orgId: string, forOrg: number, all: number) {
  const others = (await sql<{ id: string }[]>`select id from assisters where id <> ${orgId} order by id`).map((a) => a.id);
  const CHUNK = 5_000;
  for (let from = 0; from < all; from += CHUNK) {
    const n = Math.min(CHUNK, all - from);
    // A quarter closed; of the open, half contacted; referred over the last two years.
    await sql`
      with made as (
        insert into leads (id, intake, created_by, status, assignment, assister_id, assister_type, rule, referred_at, contact_deadline_at, contact_date, closed_at)
        select gen_random_uuid(),
               jsonb_build_object(
                 'consumer', jsonb_build_object('firstName', (array['Ana','Bo','Chao','Deka','Erik','Fatuma','Greta','Hli','Ilhan','Jorge'])[1 + i % 10],
                   'lastName', (array['Lopez','Olson','Vang','Ali','Nguyen','Hansen','Yang','Mohamed','Johnson','Her'])[1 + (i / 10) % 10] || (i / 100),
                   'phone', (array['612','651','763','952','218','320','507'])[1 + i % 7] || '-555-' || lpad((i % 10000)::text, 4, '0'),
                   'email', 'consumer' || i || '@example.com', 'zip', '55106', 'preferredLanguage', 'English'),
                 'account', jsonb_build_object('active', false), 'application', jsonb_build_object('active', false), 'determinations', jsonb_build_array('MA'),
                 'reasonForHelp', 'Benchmark', 'planSelectionHelp', false, 'guidanceProvided', 'Benchmark', 'consentToShare', true,
                 'workingWithAssister', false, 'createdBy', 'bench-seed'),
               'bench-seed',
               case when i % 4 = 0 then 'resolved' when i % 2 = 0 then 'contacted' else 'awaiting-contact' end,
               1,
               case when i < ${forOrg} then ${orgId} else (${sql.array(others)}::text[])[1 + i % ${others.length}] end,
               'navigator', 'closest', referred,
               referred + interval '2 days',
               case when i % 2 = 0 then (referred + interval '1 day')::date end,
               case when i % 4 = 0 then referred + interval '10 days' end
        from (select i, now() - (random() * interval '730 days') as referred from generate_series(${from}::int, ${from + n - 1}::int) i) s
        returning id, referred_at
      )
      insert into lead_events (lead_id, event_key, type, at)
      select id, id || '/' || t, t, referred_at from made, unnest(array['recorded', 'referred']) t`;
  }
  await sql`analyze leads`;
  await sql`analyze lead_events`;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

// npm run bench:leads — lead throughput and create-to-email latency, beside a bare workflow with one no-op
// activity on the same Temporal dev server in the same run. Prints numbers and ratios; asserts nothing.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { upsertAssisters } from '../activities/assisters';
import { connectDatabase, migrate } from '../activities/database';
import { leadReference } from '../activities/lead-emails';
import { startPostgres } from '../client/devstack/postgres';
import { startSmtpCatcher } from '../client/devstack/smtp';
import { startTemporalDevServer } from '../client/devstack/temporal';
import { createLead } from '../client/leads';
import type { Assister } from '../domain/assister';
import { connectClient } from '../platform/temporal';
import { atRate, pool, summary } from './stats';

const N = Number(process.env.BENCH_LEADS ?? 300);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
const RATE = Number(process.env.BENCH_RATE ?? 20);
const RATE_SECONDS = Number(process.env.BENCH_RATE_SECONDS ?? 15);
const ZIPS = ['55106', '55401', '55802', '55901', '56601', '56560', '56301', '56001', '56187', '56201'];

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'pal-bench-'));
  chmodSync(dir, 0o755);
  const accepted = new Map<string, number>();
  const [temporal, pg, smtp] = await Promise.all([
    startTemporalDevServer({}),
    startPostgres({ dataDir: join(dir, 'pg'), persistent: false }),
    startSmtpCatcher({
      mailDir: join(dir, 'mail'),
      onMessage: ({ raw, acceptedAt }) => {
        const ref = /PAL lead (\w{8}): new/.exec(raw.toString('utf8', 0, 4096))?.[1];
        if (ref) accepted.set(ref, acceptedAt);
      },
    }),
  ]);
  Object.assign(process.env, {
    TEMPORAL_ADDRESS: temporal.address,
    SMTP_HOST: 'localhost',
    SMTP_PORT: String(smtp.port),
    SMTP_CA_FILE: smtp.caFile,
    PAL_ENCRYPTION_KEYS: `bench:${randomBytes(32).toString('base64')}`,
  });
  const sql = connectDatabase(pg.url, { max: 20 });
  await migrate(sql);
  const directory = JSON.parse(readFileSync(join(__dirname, '..', 'samples', 'assisters.json'), 'utf8')) as Assister[];
  await upsertAssisters(sql, directory.map((a) => ({ ...a, capacity: 1_000_000 })));
  process.env.DATABASE_URL = pg.url;
  const client = await connectClient();
  // The workers run in their own process (bench/worker.ts), as in a deployment; this one generates load.
  const profile = process.env.BENCH_WORKER_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_WORKER_PROFILE}`] : [];
  const worker = spawn(process.execPath, [...profile, '--import', 'tsx', join(__dirname, 'worker.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    worker.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
    worker.once('exit', (code) => reject(new Error(`bench worker exited with ${code}`)));
  });

  const deps = { client, sql, taskQueue: 'pal-bench' };
  let seq = 0;
  const lead = () => ({
    consumer: { firstName: 'Bench', lastName: `Consumer${seq}`, phone: '651-555-0134', zip: ZIPS[seq++ % ZIPS.length] },
    account: { active: false },
    application: { active: seq % 2 === 0 },
    determinations: seq % 3 === 0 ? ['QHP'] : ['MA'],
    reasonForHelp: 'Benchmark',
    planSelectionHelp: false,
    guidanceProvided: 'Benchmark',
    consentToShare: true,
    workingWithAssister: false,
    createdBy: 'bench',
  });

  /** Creates one lead; returns a function that yields its create-to-email latency once the email arrived. */
  const created: { ref: string; t0: number }[] = [];
  const createOne = async () => {
    const t0 = Date.now();
    const r = await createLead(deps, lead());
    if (!r.ok) throw new Error('bench lead refused');
    created.push({ ref: leadReference(r.lead.leadId), t0 });
  };
  const waitForEmails = async (batch: { ref: string; t0: number }[]) => {
    while (batch.some((c) => !accepted.has(c.ref))) await new Promise((r) => setTimeout(r, 20));
    return batch.map((c) => accepted.get(c.ref)! - c.t0);
  };

  // Warm up both paths (workflow bundles, connections, JIT).
  await pool(20, 10, createOne);
  await waitForEmails(created.splice(0));
  await pool(20, 10, async () => void (await client.workflow.execute('bareWorkflow', { taskQueue: 'bare-bench', workflowId: `bare-warm-${randomBytes(6).toString('hex')}`, args: [Date.now()] })));

  // Unloaded: one lead at a time, split into intake (create answered) and delivery (email accepted).
  const intake: number[] = [];
  const total: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t0 = Date.now();
    await createOne();
    intake.push(Date.now() - t0);
    total.push(...(await waitForEmails(created.splice(0))));
  }
  console.log(`one at a time  create answered: ${summary(intake)}   create → email accepted: ${summary(total)}`);
  const bareOne: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t0 = Date.now();
    await client.workflow.execute('bareWorkflow', { taskQueue: 'bare-bench', workflowId: `bare-one-${i}-${randomBytes(4).toString('hex')}`, args: [t0] });
    bareOne.push(Date.now() - t0);
  }
  console.log(`one at a time  bare workflow completed: ${summary(bareOne)}`);

  console.log(`\nbench:leads  ${N} leads and ${N} bare workflows at concurrency ${CONCURRENCY}, then ${RATE} leads/s for ${RATE_SECONDS} s\n`);
  let start = Date.now();
  await pool(N, CONCURRENCY, createOne);
  const leadLatency = await waitForEmails(created.splice(0));
  const leadSeconds = (Date.now() - start) / 1000;

  start = Date.now();
  const bareLatency: number[] = [];
  await pool(N, CONCURRENCY, async (i) => {
    const t0 = Date.now();
    await client.workflow.execute('bareWorkflow', { taskQueue: 'bare-bench', workflowId: `bare-${i}-${randomBytes(4).toString('hex')}`, args: [t0] });
    bareLatency.push(Date.now() - t0);
  });
  const bareSeconds = (Date.now() - start) / 1000;

  const leadRate = N / leadSeconds;
  const bareRate = N / bareSeconds;
  console.log(`leads          ${leadRate.toFixed(1).padStart(7)} leads/s      create → email accepted: ${summary(leadLatency)}`);
  console.log(`bare workflow  ${bareRate.toFixed(1).padStart(7)} workflows/s  start → completed:       ${summary(bareLatency)}`);
  console.log(`ratio          ${(leadRate / bareRate).toFixed(2)} (target ≥ 0.50)`);

  await atRate(RATE * RATE_SECONDS, RATE, createOne);
  const offered = await waitForEmails(created.splice(0));
  const bareOffered: number[] = [];
  await atRate(RATE * RATE_SECONDS, RATE, async (i) => {
    const t0 = Date.now();
    await client.workflow.execute('bareWorkflow', { taskQueue: 'bare-bench', workflowId: `bare-rate-${i}-${randomBytes(4).toString('hex')}`, args: [t0] });
    bareOffered.push(Date.now() - t0);
  });
  console.log(`offered ${RATE}/s  leads: create → email accepted: ${summary(offered)} (target p95 < 500 ms)`);
  console.log(`offered ${RATE}/s  bare:  start → completed:       ${summary(bareOffered)}\n`);

  worker.kill('SIGTERM');
  await new Promise((r) => worker.once('exit', r));
  await client.connection.close();
  await sql.end();
  await Promise.all([temporal.stop(), pg.stop(), smtp.stop()]);
  rmSync(dir, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

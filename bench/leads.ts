// npm run bench:leads — lead throughput and create-to-email latency, beside a bare workflow with one no-op
// activity on the same Temporal dev server in the same run. Prints numbers and ratios; asserts nothing.
import { randomBytes } from 'node:crypto';
import { createLead } from '../client/api/intake';
import { benchLead, startBenchStack } from './stack';
import { atRate, pool, summary } from './stats';

const N = Number(process.env.BENCH_LEADS ?? 300);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
const RATE = Number(process.env.BENCH_RATE ?? 20);
const RATE_SECONDS = Number(process.env.BENCH_RATE_SECONDS ?? 15);

async function main() {
  const accepted = new Map<string, number>();
  const stack = await startBenchStack(({ raw, acceptedAt }) => {
    const ref = /PAL lead (\w{8}): new/.exec(raw.toString('utf8', 0, 4096))?.[1];
    if (ref) accepted.set(ref, acceptedAt);
  });
  const { client, sql } = stack;
  const deps = { client, sql, taskQueue: 'pal-bench' };
  const lead = () => benchLead();

  /** Creates one lead; returns a function that yields its create-to-email latency once the email arrived. */
  const created: { ref: string; t0: number }[] = [];
  const createOne = async () => {
    const t0 = Date.now();
    const r = await createLead(deps, lead());
    if (!r.ok) throw new Error('bench lead refused');
    created.push({ ref: r.lead.reference!, t0 });
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

  await stack.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

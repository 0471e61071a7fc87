// npm run bench:soak — 2,000 leads open at once with their timers, on a stack of real processes, while PAL's worker
// process is killed (SIGKILL) and stopped (SIGTERM) and restarted. A share of the leads has a short maximum age, so
// their timers fire during the run. At the end every lead must be in its expected state, every referral emailed
// once, and pal check must find nothing missing. Prints counts, times and each worker's peak RSS; asserts nothing
// (but exits 1 when the end state is wrong).
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { upsertAssisters } from '../store/assisters';
import { connectDatabase, migrate } from '../store/database';
import { checkLeads } from '../client/check';
import { startLocalStack } from '../client/devstack/stack';
import { startWorkerProcess } from '../client/devstack/worker-process';
import { createLead } from '../client/api/intake';
import type { Assister } from '../domain/assister';
import { dataConverter } from '../platform/codec';
import { workerTuningConfig } from '../platform/config';
import { benchLead } from './stack';
import { pool } from './stats';

const LEADS = Number(process.env.BENCH_SOAK_LEADS ?? 2000);
const SHORT = Number(process.env.BENCH_SOAK_SHORT ?? 200);
const SHORT_AGE_SECONDS = Number(process.env.BENCH_SOAK_SHORT_AGE_SECONDS ?? 240);
const TASK_QUEUE = 'pal-soak';
const root = join(__dirname, '..');

interface Incarnation {
  child: ChildProcess;
  exited: Promise<number | null>;
  peakRssMiB: number;
  stopSampling(): void;
}

async function main() {
  const referrals = new Map<string, number>();
  const escalations = new Map<string, number>();
  const stack = await startLocalStack({
    temporal: { persistent: true },
    smtp: {
      onMessage: ({ raw }) => {
        const head = raw.toString('utf8', 0, 4096);
        const referral = /PAL lead (\w{8}): new/.exec(head)?.[1];
        if (referral) referrals.set(referral, (referrals.get(referral) ?? 0) + 1);
        const closed = /PAL escalation: lead (\w{8}) closed unresolved/.exec(head)?.[1];
        if (closed) escalations.set(closed, (escalations.get(closed) ?? 0) + 1);
      },
    },
  });
  const keys = `soak:${randomBytes(32).toString('base64')}`;
  process.env.PAL_ENCRYPTION_KEYS = keys;
  const env = { ...process.env, ...stack.env, TEMPORAL_TASK_QUEUE: TASK_QUEUE, PAL_OUTBOX_LEASE_SECONDS: '45' };
  const sql = connectDatabase(stack.env.DATABASE_URL!, { max: 20 });
  await migrate(sql);
  const directory = JSON.parse(readFileSync(join(root, 'samples', 'assisters.json'), 'utf8')) as Assister[];
  await upsertAssisters(sql, directory.map((a) => ({ ...a, capacity: 1_000_000 })));
  const client = new Client({ connection: await Connection.connect({ address: stack.env.TEMPORAL_ADDRESS! }), dataConverter: dataConverter() });

  const incarnations: Incarnation[] = [];
  async function startWorker(): Promise<Incarnation> {
    const { process: child, exited } = await startWorkerProcess(env);
    const incarnation: Incarnation = { child, exited, peakRssMiB: 0, stopSampling: () => clearInterval(timer) };
    // The worker's resident memory, from /proc, twice a second.
    const timer = setInterval(() => {
      incarnation.peakRssMiB = Math.max(incarnation.peakRssMiB, rssMiB(child.pid));
    }, 500);
    incarnations.push(incarnation);
    return incarnation;
  }
  async function stopWorker(w: Incarnation, signal: NodeJS.Signals) {
    w.child.kill(signal);
    const code = await w.exited;
    w.stopSampling();
    console.log(`  worker ${incarnations.indexOf(w) + 1} stopped with ${signal} (exit ${code ?? signal}), peak RSS ${w.peakRssMiB.toFixed(0)} MiB`);
  }

  let worker = await startWorker();
  // The worker's memory as open leads grow: does it level off (the workflow cache bounds it) or keep rising?
  const series: string[] = [];
  const started = Date.now();
  const shortLived = new Set<string>();
  const ids: string[] = [];
  const references = new Map<string, string>();
  console.log(`\nbench:soak  ${LEADS} leads (${SHORT} with a ${SHORT_AGE_SECONDS} s maximum age), worker killed and restarted twice\n`);
  await pool(LEADS, 20, async (i) => {
    const short = i % Math.max(1, Math.round(LEADS / SHORT)) === 0 && shortLived.size < SHORT;
    const r = await createLead({ client, sql, taskQueue: TASK_QUEUE, workflowDefaults: short ? { maxOpenDays: SHORT_AGE_SECONDS / 86_400 } : {} }, benchLead());
    if (!r.ok) throw new Error('soak lead refused');
    ids.push(r.lead.leadId);
    if (ids.length % Math.max(1, Math.round(LEADS / 10)) === 0) series.push(`${ids.length}: ${rssMiB(worker.child.pid).toFixed(0)}`);
    references.set(r.lead.leadId, r.lead.reference!);
    if (short) shortLived.add(r.lead.leadId);
    // Two faults while leads keep coming: a kill at a third, a stop at two thirds.
    if (ids.length === Math.round(LEADS / 3)) {
      const old = worker;
      worker = await new Promise<Incarnation>((resolve) => void stopWorker(old, 'SIGKILL').then(() => resolve(startWorker())));
    }
    if (ids.length === Math.round((2 * LEADS) / 3)) {
      const old = worker;
      worker = await new Promise<Incarnation>((resolve) => void stopWorker(old, 'SIGTERM').then(() => resolve(startWorker())));
    }
  });
  const createdSeconds = (Date.now() - started) / 1000;
  console.log(`  ${ids.length} leads created in ${createdSeconds.toFixed(0)} s (${(ids.length / createdSeconds).toFixed(1)}/s, including two worker restarts)`);

  // The expected end state: every referral emailed once; the short-lived leads closed by their timers (escalated
  // once); the rest open, waiting for contact with their timers pending.
  const deadline = Date.now() + (SHORT_AGE_SECONDS + 600) * 1000;
  const state = async () => {
    const rows = await sql<{ id: string; status: string; closed: boolean }[]>`select id, status, closed_at is not null as closed from leads`;
    const closedShort = rows.filter((r) => shortLived.has(r.id) && r.status === 'closed-unresolved').length;
    const openLong = rows.filter((r) => !shortLived.has(r.id) && r.status === 'awaiting-contact' && !r.closed).length;
    const emailed = ids.filter((id) => referrals.has(references.get(id)!)).length;
    const escalated = [...shortLived].filter((id) => escalations.has(references.get(id)!)).length;
    return { closedShort, openLong, emailed, escalated };
  };
  let s = await state();
  while ((s.closedShort < shortLived.size || s.openLong < ids.length - shortLived.size || s.emailed < ids.length || s.escalated < shortLived.size) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 2000));
    s = await state();
  }
  await new Promise((r) => setTimeout(r, 5000));
  const duplicates = [...referrals.values(), ...escalations.values()].filter((n) => n > 1).length;
  const check = await checkLeads({ client, sql, taskQueue: TASK_QUEUE });
  worker.stopSampling();
  const peak = Math.max(...incarnations.map((w) => w.peakRssMiB));
  console.log(`  referral emails: ${s.emailed}/${ids.length}; short-lived leads closed by their timers: ${s.closedShort}/${shortLived.size} (escalation emails ${s.escalated}); open leads awaiting contact: ${s.openLong}/${ids.length - shortLived.size}`);
  console.log(`  duplicate emails: ${duplicates}`);
  console.log(`  worker RSS (MiB) as leads were created (leads: MiB; restarts at ${Math.round(LEADS / 3)} and ${Math.round((2 * LEADS) / 3)}): ${series.join(', ')}`);
  console.log(`  worker settings: ${JSON.stringify(workerTuningConfig(env))}`);
  console.log(`  worker peak RSS by incarnation: ${incarnations.map((w) => `${w.peakRssMiB.toFixed(0)} MiB`).join(', ')} (peak ${peak.toFixed(0)} MiB for ${ids.length - s.closedShort} open leads)`);
  console.log(`  pal check: ${check.leads} leads, ${check.workflows} workflows, ${check.leadsWithoutWorkflow.length} leads without a workflow, ${check.workflowsWithoutLead.length} workflows without a lead\n`);
  const ok = s.emailed === ids.length && s.closedShort === shortLived.size && s.escalated === shortLived.size && s.openLong === ids.length - shortLived.size && !duplicates && !check.leadsWithoutWorkflow.length && !check.workflowsWithoutLead.length;
  console.log(ok ? 'end state as expected' : 'END STATE WRONG');

  await stopWorker(worker, 'SIGTERM');
  await client.connection.close();
  await sql.end();
  await stack.stop();
  process.exit(ok ? 0 : 1);
}

/** A process's resident memory in MiB, from /proc (0 once it has exited). */
function rssMiB(pid: number | undefined): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

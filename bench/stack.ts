// The stack a benchmark runs on: its own Temporal dev server, PostgreSQL and SMTP catcher on free ports, the sample
// directory with unlimited capacity, a client, and the workers in their own process (bench/worker.ts).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { upsertAssisters } from '../store/assisters';
import { connectDatabase, migrate, type Sql } from '../store/database';
import type { CaughtEnvelope } from '../client/devstack/smtp';
import { startLocalStack } from '../client/devstack/stack';
import type { Assister } from '../domain/assister';
import { connectClient } from '../platform/temporal';

export interface BenchStack {
  client: Client;
  sql: Sql;
  close(): Promise<void>;
}

export async function startBenchStack(onMessage?: (m: CaughtEnvelope) => void): Promise<BenchStack> {
  const stack = await startLocalStack({ smtp: { onMessage } });
  Object.assign(process.env, stack.env, { PAL_ENCRYPTION_KEYS: `bench:${randomBytes(32).toString('base64')}` });
  const sql = connectDatabase(stack.env.DATABASE_URL!, { max: 20 });
  try {
    await migrate(sql);
    const directory = JSON.parse(readFileSync(join(__dirname, '..', 'samples', 'assisters.json'), 'utf8')) as Assister[];
    await upsertAssisters(sql, directory.map((a) => ({ ...a, capacity: 1_000_000 })));
    const client = await connectClient();
    const profile = process.env.BENCH_WORKER_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_WORKER_PROFILE}`] : [];
    const worker = spawn(process.execPath, [...profile, '--import', 'tsx', join(__dirname, 'worker.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      worker.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
      worker.once('exit', (code) => reject(new Error(`bench worker exited with ${code}`)));
    });
    return {
      client,
      sql,
      async close() {
        worker.kill('SIGTERM');
        await new Promise((r) => worker.once('exit', r));
        await client.connection.close();
        await sql.end();
        await stack.stop();
      },
    };
  } catch (err) {
    await sql.end();
    await stack.stop();
    throw err;
  }
}

const ZIPS = ['55106', '55401', '55802', '55901', '56601', '56560', '56301', '56001', '56187', '56201'];
let seq = 0;
/** A valid lead with no real person's data. */
export const benchLead = (overrides: Record<string, unknown> = {}) => ({
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
  ...overrides,
});

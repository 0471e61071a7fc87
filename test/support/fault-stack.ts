// A stack of real processes that fault tests may kill: a Temporal dev server with its SQLite file, PostgreSQL with
// its data folder, the SMTP catcher, and PAL's production worker process (workers/main.ts), each restartable on
// the same port with the same data.
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { upsertAssisters } from '../../activities/assisters';
import { connectDatabase, migrate, type Sql } from '../../activities/database';
import { startSmtpCatcher, type SmtpCatcher } from '../../client/devstack/smtp';
import { startTemporalDevServer, type TemporalDevServer } from '../../client/devstack/temporal';
import { projectRoot } from '../../client/devstack/tools';
import { startWorkerProcess, type WorkerProcess } from '../../client/devstack/worker-process';
import type { Assister } from '../../domain/assister';
import { dataConverter } from '../../platform/codec';


export class FaultStack {
  readonly taskQueue = 'pal-faults';
  client!: Client;
  sql!: Sql;
  temporal!: TemporalDevServer;
  pg!: { url: string; port: number; stop(): Promise<void> };
  smtp!: SmtpCatcher;
  worker?: WorkerProcess;
  private constructor(readonly dir: string) {}

  static async start(assisters: Assister[]): Promise<FaultStack> {
    const dir = mkdtempSync(join(tmpdir(), 'pal-faults-'));
    chmodSync(dir, 0o755);
    const stack = new FaultStack(dir);
    [stack.temporal, stack.pg, stack.smtp] = await Promise.all([
      startTemporalDevServer({ dbFile: join(dir, 'temporal.sqlite') }),
      postgresProcess(join(dir, 'postgres')),
      startSmtpCatcher({ mailDir: join(dir, 'mail') }),
    ]);
    stack.sql = connectDatabase(stack.pg.url);
    await migrate(stack.sql);
    await upsertAssisters(stack.sql, assisters);
    stack.client = new Client({ connection: await Connection.connect({ address: stack.temporal.address }), dataConverter: dataConverter() });
    return stack;
  }

  get mailDir() {
    return join(this.dir, 'mail');
  }

  /** The worker's environment: this stack's services, a 45-second outbox lease so a killed send lapses soon. */
  private env() {
    return {
      ...process.env,
      TEMPORAL_ADDRESS: this.temporal.address,
      TEMPORAL_TASK_QUEUE: this.taskQueue,
      DATABASE_URL: this.pg.url,
      SMTP_HOST: 'localhost',
      SMTP_PORT: String(this.smtp.port),
      SMTP_CA_FILE: this.smtp.caFile,
      PAL_OUTBOX_LEASE_SECONDS: '45',
    };
  }

  /** Starts workers/main.ts as a process; resolves once it polls. */
  async startWorker(): Promise<WorkerProcess> {
    this.worker = await startWorkerProcess(this.env(), { captureStderr: true });
    return this.worker;
  }

  async killWorker(signal: NodeJS.Signals = 'SIGKILL'): Promise<number | null> {
    const worker = this.worker!;
    this.worker = undefined;
    worker.process.kill(signal);
    return worker.exited;
  }

  async restartTemporal(downMs: number) {
    await this.temporal.stop();
    await new Promise((r) => setTimeout(r, downMs));
    this.temporal = await startTemporalDevServer({ port: this.temporal.port, dbFile: join(this.dir, 'temporal.sqlite') });
  }

  async stopPostgres() {
    await this.pg.stop();
  }

  async startPostgres() {
    this.pg = await postgresProcess(join(this.dir, 'postgres'), this.pg.port);
  }

  async stop() {
    if (this.worker) await this.killWorker('SIGKILL');
    await this.client?.connection.close();
    await this.sql?.end();
    await Promise.allSettled([this.temporal?.stop(), this.pg?.stop(), this.smtp?.stop()]);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** PostgreSQL in a process of its own (test/support/run-postgres.ts), on `port` when given. */
async function postgresProcess(dataDir: string, port?: number): Promise<{ url: string; port: number; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'run-postgres.ts'), dataDir, ...(port ? [String(port)] : [])], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      const line = /ready (\d+) (\S+)/.exec(d.toString());
      if (line) resolve(`${line[1]} ${line[2]}`);
    });
    void exited.then(() => reject(new Error('PostgreSQL process exited before it was ready')));
  });
  const [readyPort, url] = ready.split(' ') as [string, string];
  return {
    url,
    port: Number(readyPort),
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

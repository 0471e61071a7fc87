// A stack of real processes that fault tests may kill: a Temporal dev server with its SQLite file, PostgreSQL with
// its data folder, the SMTP catcher, and PAL's production worker process (workers/main.ts), each restartable on
// the same port with the same data. Its mail goes to PAL's own catcher (client/devstack/smtp.ts), not Mailpit: the
// faults suite holds a message before the SMTP reply to kill the worker mid-send, which Mailpit cannot do.
import { Client, Connection } from '@temporalio/client';
import { upsertAssisters } from '../../store/assisters';
import { connectDatabase, migrate, type Sql } from '../../store/database';
import { startLocalStack, type LocalStack } from '../../client/devstack/stack';
import { startWorkerProcess, type WorkerProcess } from '../../client/devstack/worker-process';
import type { Assister } from '../../domain/assister';
import { dataConverter } from '../../platform/codec';

export class FaultStack {
  readonly taskQueue = 'pal-faults';
  client!: Client;
  sql!: Sql;
  worker?: WorkerProcess;
  private constructor(readonly stack: LocalStack) {}

  static async start(assisters: Assister[]): Promise<FaultStack> {
    const stack = new FaultStack(await startLocalStack({ temporal: { persistent: true }, smtp: { kind: 'catcher' } }));
    try {
      stack.sql = connectDatabase(stack.stack.env.DATABASE_URL!);
      await migrate(stack.sql);
      await upsertAssisters(stack.sql, assisters);
      stack.client = new Client({ connection: await Connection.connect({ address: stack.stack.env.TEMPORAL_ADDRESS! }), dataConverter: dataConverter() });
    } catch (err) {
      await stack.stop();
      throw err;
    }
    return stack;
  }

  get smtp() {
    return this.stack.smtp!;
  }

  get mailDir() {
    return this.smtp.mailDir;
  }

  /** Starts workers/main.ts as a process with this stack's services and a 45-second outbox lease (a killed send lapses soon); resolves once it polls. */
  async startWorker(): Promise<WorkerProcess> {
    this.worker = await startWorkerProcess({ ...process.env, ...this.stack.env, TEMPORAL_TASK_QUEUE: this.taskQueue, PAL_OUTBOX_LEASE_SECONDS: '45' }, { captureStderr: true });
    return this.worker;
  }

  async killWorker(signal: NodeJS.Signals = 'SIGKILL'): Promise<number | null> {
    const worker = this.worker!;
    this.worker = undefined;
    worker.process.kill(signal);
    return worker.exited;
  }

  async restartTemporal(downMs: number) {
    await this.stack.temporal!.stop();
    await new Promise((r) => setTimeout(r, downMs));
    await this.stack.temporal!.start();
  }

  stopPostgres() {
    return this.stack.postgres!.stop();
  }

  startPostgres() {
    return this.stack.postgres!.start();
  }

  async stop() {
    if (this.worker) await this.killWorker('SIGKILL');
    await this.client?.connection.close();
    await this.sql?.end();
    await this.stack.stop();
  }
}

// The worker process of bench:leads: PAL's worker and the bare baseline worker, side by side in one process,
// as a deployment would run them (apart from the load generator). Prints "ready" once both poll.
import { NativeConnection, Worker, DefaultLogger, Runtime } from '@temporalio/worker';
import { connectDatabase } from '../store/database';
import { createMailer } from '../activities/mailer';
import { dataConverter } from '../platform/codec';
import { databaseConfig, mailConfig } from '../platform/config';
import { connectionOptions } from '../platform/temporal';
import { createWorker } from '../workers/worker';

async function main() {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const sql = connectDatabase(databaseConfig().url, { max: 20 });
  const mailer = createMailer(mailConfig());
  const connection = await NativeConnection.connect(connectionOptions());
  const pal = await createWorker({ connection, namespace: 'default', taskQueue: 'pal-bench', sql, mailer });
  const bare = await Worker.create({
    connection,
    taskQueue: 'bare-bench',
    workflowsPath: require.resolve('./workflows'),
    activities: { noop: async (startedAt: number) => Date.now() - startedAt },
    dataConverter: dataConverter(),
  });
  const running = Promise.all([pal.run(), bare.run()]);
  console.log('ready');
  await running;
  await connection.close();
  mailer.close();
  await sql.end();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

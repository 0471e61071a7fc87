// The local stack: a start that fails part-way leaves nothing running, and `npm run dev` works from a fresh clone in
// an owner-only folder (like root's home; as root PostgreSQL then runs from outside the clone), keeps its files the
// owner's only, leaves no process behind after Ctrl-C, and `npm run clean` removes everything it kept.
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, lstatSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../client/devstack/ports';
import { clusterOutside, systemDir } from '../../client/devstack/postgres';
import { startLocalStack } from '../../client/devstack/stack';
import { projectRoot } from '../../client/devstack/tools';
import { eventually } from '../support/eventually';

jest.setTimeout(240_000);
const asRoot = process.getuid?.() === 0;

/** Running processes whose command line or working folder is inside one of `paths`. */
function processesIn(...paths: string[]): string[] {
  return readdirSync('/proc')
    .filter((pid) => /^\d+$/.test(pid))
    .flatMap((pid) => {
      try {
        const line = `${readlinkSync(`/proc/${pid}/cwd`)} ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ')}`;
        return paths.some((p) => line.includes(p)) ? [`${pid}: ${line}`] : [];
      } catch {
        return []; // gone, or not ours to read
      }
    });
}

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' }, () => socket.end(() => resolve(true)));
    socket.on('error', () => resolve(false));
  });
const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

test('a start that fails on PostgreSQL stops the Temporal dev server it had started and removes its data', async () => {
  const taken = createServer();
  const pgPort = await freePort();
  await new Promise<void>((r) => taken.listen(pgPort, '127.0.0.1', r));
  const temporalPort = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'pal-failing-'));
  try {
    await expect(startLocalStack({ dataDir, temporal: { port: temporalPort, persistent: true }, postgres: { port: pgPort }, smtp: false })).rejects.toThrow(/PostgreSQL exited at start/);
    expect(existsSync(join(dataDir, 'temporal.sqlite'))).toBe(true); // the dev server had started
    expect(processesIn(dataDir)).toEqual([]);
    expect(await accepts(temporalPort)).toBe(false);
    expect(lstatSync(join(dataDir, 'postgres'), { throwIfNoEntry: false })).toBeUndefined();
    if (asRoot) expect(existsSync(clusterOutside(join(dataDir, 'postgres')))).toBe(false);
  } finally {
    taken.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('npm run dev from a fresh clone in a 0700 folder answers /healthz, stops on Ctrl-C, and npm run clean removes what it kept', async () => {
  const home = mkdtempSync(join(tmpdir(), 'pal-clone-')); // 0700, like root's home
  const clone = join(home, 'pal');
  let devGroup: number | undefined;
  let outside: string | undefined;
  try {
    execFileSync('git', ['clone', '--quiet', projectRoot, clone]);
    // The packages as hard links inside the clone: PostgreSQL's binaries are reached only through the 0700 folder.
    execFileSync('cp', ['-al', join(projectRoot, 'node_modules'), join(clone, 'node_modules')]);
    // npm's install record, newer than the clone's package-lock.json (so setup does not reinstall), as a file of its own.
    rmSync(join(clone, 'node_modules', '.package-lock.json'));
    copyFileSync(join(projectRoot, 'node_modules', '.package-lock.json'), join(clone, 'node_modules', '.package-lock.json'));
    const cloneOutside = (outside = systemDir(clone));

    // What this test run's own stack put in the environment would make dev treat those services as external.
    const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(TEMPORAL_|DATABASE_URL$|SMTP_|PAL_)/.test(name) || name === 'PAL_CACHE_DIR'));
    for (const name of ['PAL_DEV_TEMPORAL_PORT', 'PAL_DEV_UI_PORT', 'PAL_DEV_POSTGRES_PORT', 'PAL_DEV_SMTP_PORT', 'PAL_DEV_INBOX_PORT', 'PAL_CODEC_PORT', 'PAL_API_PORT']) env[name] = String(await freePort());
    const dev = spawn('npm', ['run', 'dev'], { cwd: clone, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const group = (devGroup = dev.pid!);
    let output = '';
    const exited = new Promise<number | null>((resolve) => dev.once('exit', resolve));
    const running = await new Promise<boolean>((resolve) => {
      dev.stdout.on('data', (d: Buffer) => (output += d.toString()).includes('Ctrl-C stops everything') && resolve(true));
      dev.stderr.on('data', (d: Buffer) => (output += d.toString()));
      void exited.then(() => resolve(false));
    });
    if (!running) throw new Error(`npm run dev exited:\n${output}`);

    const api = /HTTP API\s+(\S+)/.exec(output)![1]!;
    expect((await fetch(`${api}/healthz`)).status).toBe(200);
    // The portal's address, on the same server (PAL_PUBLIC_URL follows the API's port).
    expect(output).toContain(`Assister portal         ${api}/portal`);
    expect((await fetch(`${api}/portal/sign-in`)).status).toBe(200);
    // Sign-in links for the dev coordinator and the dev representative, each on a line that names the role.
    for (const role of ['coordinator', 'representative']) {
      const printed = new RegExp(`Dev ${role} sign-in\\s+(http\\S+/portal/sign-in/link\\?token=\\S+)`).exec(output);
      expect(printed).not.toBeNull();
      expect((await fetch(printed![1]!)).status).toBe(200);
    }
    expect(output).toContain(`Temporal dev server     127.0.0.1:${env.PAL_DEV_TEMPORAL_PORT}`);
    expect(output).toContain(`Mailpit inbox           http://127.0.0.1:${env.PAL_DEV_INBOX_PORT}`);
    expect((await fetch(`http://127.0.0.1:${env.PAL_DEV_INBOX_PORT}/api/v1/messages`)).status).toBe(200);
    expect(output).toContain(asRoot ? `data in ${cloneOutside}/data/` : 'data in .pal/postgres');
    expect(output).not.toContain(readFileSync(join(clone, '.pal', 'dev.env'), 'utf8').match(/PAL_DEV_POSTGRES_PASSWORD=(.*)/)![1]);
    for (const dir of ['.pal', '.pal/mailpit', '.pal/tls']) expect(mode(join(clone, dir))).toBe('700');
    for (const file of ['.pal/dev.env', '.pal/temporal.sqlite', '.pal/mailpit/mailpit.db', '.pal/tls/ca.key', '.pal/tls/server.key']) expect(mode(join(clone, file))).toBe('600');
    if (asRoot) {
      expect(statSync(cloneOutside).uid).toBe(Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })));
      expect(mode(cloneOutside)).toBe('700');
    }

    // Ctrl-C: SIGINT to the whole foreground group.
    process.kill(-group, 'SIGINT');
    await exited;
    devGroup = undefined;
    expect(await eventually(async () => processesIn(clone, cloneOutside), (p) => p.length === 0, 30_000)).toEqual([]);

    execFileSync('npm', ['run', '--silent', 'clean'], { cwd: clone, env, stdio: 'pipe' });
    expect(existsSync(join(clone, '.pal'))).toBe(false);
    expect(existsSync(cloneOutside)).toBe(false);
  } finally {
    if (devGroup) process.kill(-devGroup, 'SIGKILL'); // postgres and temporal are in its group
    rmSync(home, { recursive: true, force: true });
    if (outside) rmSync(outside, { recursive: true, force: true });
  }
});

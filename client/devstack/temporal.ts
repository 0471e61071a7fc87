// Starts the Temporal CLI dev server (SQLite persistence, optional Web UI) as a child process.
import { spawn, type ChildProcess } from 'node:child_process';
import { Connection } from '@temporalio/client';
import { palSearchAttributes } from '../../contracts/search-attributes';
import { retentionConfig } from '../../platform/config';
import { setNamespaceRetention } from '../../platform/namespace-retention';
import { temporalCliPath } from './tools';
import { freePort, waitForPort } from './ports';
import { ExitedAtStart, hasExited, retryOnOtherPorts, stopProcess, track } from './process';

export interface TemporalDevServer {
  address: string;
  port: number;
  uiUrl?: string;
  /** The server process's id while it runs. */
  readonly pid: number | undefined;
  stop(): Promise<void>;
  /** Starts it again after stop(), on the same port and SQLite file. */
  start(): Promise<void>;
}

export interface TemporalDevServerOptions {
  port?: number;
  /** Omit for a headless server (tests). */
  uiPort?: number;
  /** SQLite file; omit for an in-memory store. */
  dbFile?: string;
  codecEndpoint?: string;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
}

export async function startTemporalDevServer(options: TemporalDevServerOptions = {}): Promise<TemporalDevServer> {
  // A port we chose can still be taken between our check and the server's bind: choose again, twice.
  const first = await retryOnOtherPorts('Temporal dev server', options.port !== undefined, async () => launch(options.port ?? (await freePort()), options));
  let child = first.child;
  const port = first.port;
  await keepClosedWorkflows(`127.0.0.1:${port}`);
  return {
    address: `127.0.0.1:${port}`,
    port,
    uiUrl: options.uiPort ? `http://127.0.0.1:${options.uiPort}` : undefined,
    get pid() {
      return hasExited(child) ? undefined : child.pid;
    },
    stop: () => stopProcess(child, 'SIGTERM', 10_000),
    async start() {
      child = (await launch(port, options)).child;
      await keepClosedWorkflows(`127.0.0.1:${port}`);
    },
  };
}

/** The default namespace keeps closed workflows PAL_TEMPORAL_RETENTION_DAYS, as PAL expects (the dev server's own default is a day). */
async function keepClosedWorkflows(address: string): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    await setNamespaceRetention(connection.workflowService, 'default', retentionConfig().temporalDays);
  } finally {
    await connection.close();
  }
}

async function launch(port: number, options: TemporalDevServerOptions): Promise<{ child: ChildProcess; port: number }> {
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--log-level', options.logLevel ?? 'error'];
  args.push('--http-port', String(await freePort()), '--metrics-port', String(await freePort()));
  for (const key of palSearchAttributes) args.push('--search-attribute', `${key.name}=${key.type}`);
  if (options.dbFile) args.push('--db-filename', options.dbFile);
  if (options.uiPort) args.push('--ui-port', String(options.uiPort));
  else args.push('--headless');
  if (options.codecEndpoint) args.push('--ui-codec-endpoint', options.codecEndpoint);

  // umask 077: the SQLite file (and its journal) are the owner's only.
  const child = spawn('/bin/sh', ['-c', 'umask 077 && exec "$0" "$@"', temporalCliPath(), ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
  track(child, 'SIGTERM');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const early = exited.then(() => {
    throw new ExitedAtStart(`Temporal dev server exited at start (port ${port} taken, or a bad flag: see its output above)`);
  });
  early.catch(() => undefined); // after a good start, exiting is stop()'s business
  try {
    await Promise.race([waitForPort(port, 60_000), early]);
    if (options.uiPort) await Promise.race([waitForPort(options.uiPort, 30_000), early]);
  } catch (err) {
    await stopProcess(child, 'SIGTERM', 5_000);
    throw err;
  }
  return { child, port };
}

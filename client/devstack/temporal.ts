// Starts the Temporal CLI dev server (SQLite persistence, optional Web UI) as a child process.
import { spawn, type ChildProcess } from 'node:child_process';
import { palSearchAttributes } from '../../contracts/search-attributes';
import { temporalCliPath } from './tools';
import { freePort, waitForPort } from './ports';

export interface TemporalDevServer {
  address: string;
  port: number;
  uiUrl?: string;
  process: ChildProcess;
  stop(): Promise<void>;
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
  const attempts = options.port === undefined ? 3 : 1;
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(options);
    } catch (err) {
      if (!(err instanceof EarlyExit) || attempt >= attempts) throw err;
      console.error(`Temporal dev server exited at start; trying again on other ports (${attempt}/${attempts - 1})`);
    }
  }
}

class EarlyExit extends Error {}

async function startOnce(options: TemporalDevServerOptions): Promise<TemporalDevServer> {
  const port = options.port ?? (await freePort());
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--log-level', options.logLevel ?? 'error'];
  args.push('--http-port', String(await freePort()), '--metrics-port', String(await freePort()));
  for (const key of palSearchAttributes) args.push('--search-attribute', `${key.name}=${key.type}`);
  if (options.dbFile) args.push('--db-filename', options.dbFile);
  if (options.uiPort) args.push('--ui-port', String(options.uiPort));
  else args.push('--headless');
  if (options.codecEndpoint) args.push('--ui-codec-endpoint', options.codecEndpoint);

  const child = spawn(temporalCliPath(), args, { stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const early = exited.then(() => {
    throw new EarlyExit(`Temporal dev server exited at start (port ${port} taken, or a bad flag: see its output above)`);
  });
  early.catch(() => undefined); // after a good start, exiting is stop()'s business
  await Promise.race([waitForPort(port, 60_000), early]);
  if (options.uiPort) await waitForPort(options.uiPort, 30_000);
  return {
    address: `127.0.0.1:${port}`,
    port,
    uiUrl: options.uiPort ? `http://127.0.0.1:${options.uiPort}` : undefined,
    process: child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

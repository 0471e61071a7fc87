// Starts Mailpit (built by scripts/build-mailpit.sh) as a child process: an SMTP catcher that requires STARTTLS with
// the local certificate, keeps its messages in one SQLite file (owner-only), and shows them in a web inbox with an API.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, waitForPort } from './ports';
import { ExitedAtStart, retryOnOtherPorts, stopProcess, track } from './process';
import { mailpitPath, tlsDir } from './tools';

export interface MailpitOptions {
  /** Where its database lives (made 0700): dataDir/mailpit.db. */
  dataDir: string;
  /** SMTP port; a free one when omitted. */
  smtpPort?: number;
  /** Web inbox and API port; a free one when omitted. */
  httpPort?: number;
  /** Folder with server.crt, server.key and ca.crt; default tlsDir() (.pal/tls or PAL_TLS_DIR). */
  tlsDir?: string;
}

export interface Mailpit {
  smtpPort: number;
  httpPort: number;
  /** The web inbox; its API is under /api/v1/. */
  url: string;
  /** The CA that signed the SMTP certificate, for SMTP_CA_FILE. */
  caFile: string;
  dbFile: string;
  stop(): Promise<void>;
}

export async function startMailpit(options: MailpitOptions): Promise<Mailpit> {
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  chmodSync(options.dataDir, 0o700);
  const fixed = options.smtpPort !== undefined || options.httpPort !== undefined;
  const started = await retryOnOtherPorts('Mailpit', fixed, async () => launch(options, options.smtpPort ?? (await freePort()), options.httpPort ?? (await freePort())));
  const tls = options.tlsDir ?? tlsDir();
  return {
    ...started.ports,
    url: `http://127.0.0.1:${started.ports.httpPort}`,
    caFile: join(tls, 'ca.crt'),
    dbFile: join(options.dataDir, 'mailpit.db'),
    stop: () => stopProcess(started.child, 'SIGTERM', 10_000),
  };
}

async function launch(options: MailpitOptions, smtpPort: number, httpPort: number): Promise<{ child: ChildProcess; ports: { smtpPort: number; httpPort: number } }> {
  const tls = options.tlsDir ?? tlsDir();
  const args = [
    '--database', join(options.dataDir, 'mailpit.db'),
    '--smtp', `127.0.0.1:${smtpPort}`,
    '--listen', `127.0.0.1:${httpPort}`,
    '--smtp-tls-cert', join(tls, 'server.crt'),
    '--smtp-tls-key', join(tls, 'server.key'),
    '--smtp-require-starttls',
    // It would otherwise ask GitHub for newer releases.
    '--disable-version-check',
    // Keep every message (its default prunes beyond 500, which a benchmark or a long dev session passes).
    '--max', '0',
    '--quiet',
  ];
  // umask 077: the database and its WAL files are the owner's only.
  const child = spawn('/bin/sh', ['-c', 'umask 077 && exec "$0" "$@"', mailpitPath(), ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
  track(child, 'SIGTERM');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const early = exited.then(() => {
    throw new ExitedAtStart(`Mailpit exited at start (port ${smtpPort} or ${httpPort} taken, or a bad flag: see its output above)`);
  });
  early.catch(() => undefined); // after a good start, exiting is stop()'s business
  try {
    await Promise.race([Promise.all([waitForPort(smtpPort, 30_000), waitForPort(httpPort, 30_000)]), early]);
  } catch (err) {
    await stopProcess(child, 'SIGTERM', 5_000);
    throw err;
  }
  return { child, ports: { smtpPort, httpPort } };
}

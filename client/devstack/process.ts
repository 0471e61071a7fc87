// What the local servers share as child processes: a start that fails because a chosen port was taken is tried
// again on other ports, a stop waits for the exit, and whatever still runs when this process exits is signalled.
import type { ChildProcess } from 'node:child_process';

/** A server exited while starting: a port taken since it was chosen, or a bad flag (see its output). */
export class ExitedAtStart extends Error {}

/** Runs start() up to three times while it fails with ExitedAtStart (once when its ports are fixed). */
export async function retryOnOtherPorts<T>(what: string, fixedPorts: boolean, start: () => Promise<T>): Promise<T> {
  const attempts = fixedPorts ? 1 : 3;
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (err) {
      if (!(err instanceof ExitedAtStart) || attempt >= attempts) throw err;
      console.error(`${what} exited at start; trying again on other ports (${attempt}/${attempts - 1})`);
    }
  }
}

const running = new Map<ChildProcess, NodeJS.Signals>();
let hooked = false;

/** Remembers a started server so it is signalled (with `signal`) if this process exits without stopping it. */
export function track(child: ChildProcess, signal: NodeJS.Signals): void {
  running.set(child, signal);
  child.once('exit', () => running.delete(child));
  if (hooked) return;
  hooked = true;
  process.once('exit', () => {
    for (const [c, s] of running) c.kill(s);
  });
}

export const hasExited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/** Sends `signal`, then SIGKILL after graceMs; resolves once the process has exited. */
export async function stopProcess(child: ChildProcess, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  if (hasExited(child)) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

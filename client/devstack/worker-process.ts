// PAL's production worker (workers/main.ts) as a child process, for tests and benchmarks that kill and restart it.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from './tools';

export interface WorkerProcess {
  process: ChildProcess;
  exited: Promise<number | null>;
  /** What it wrote to stdout and stderr (stderr only when it is captured). */
  output: string[];
}

/** Starts the worker with `env`; resolves once it says it polls. stderr is inherited unless `captureStderr`. */
export async function startWorkerProcess(env: NodeJS.ProcessEnv, options: { captureStderr?: boolean } = {}): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'workers', 'main.ts')], {
    cwd: projectRoot,
    env,
    stdio: ['ignore', 'pipe', options.captureStderr ? 'pipe' : 'inherit'],
  });
  const output: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.stderr?.on('data', (d: Buffer) => output.push(d.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      output.push(d.toString());
      // workers/main.ts prints this once the worker runs.
      if (d.toString().includes('polling task queue')) resolve();
    });
    void exited.then((code) => reject(new Error(`worker exited with ${code} before polling:\n${output.join('')}`)));
  });
  return { process: child, exited, output };
}

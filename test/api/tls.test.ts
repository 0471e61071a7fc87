// The API process (client/api/main.ts, as `npm run api` runs it) beyond loopback: without TLS it refuses to start
// and says why; with PAL_API_TLS_CERT and PAL_API_TLS_KEY (the local CA's server certificate from npm run setup) it
// answers /healthz over HTTPS, verified against that CA, and nothing over plain HTTP.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import { join } from 'node:path';
import { freePort } from '../../client/devstack/ports';
import { projectRoot, tlsDir } from '../../client/devstack/tools';

function startApi(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'client', 'api', 'main.ts')], { cwd: projectRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const listening = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => stdout.includes('api: ') && resolve(stdout));
    void exited.then((code) => reject(new Error(`api exited with ${code}: ${stderr}`)));
  });
  listening.catch(() => {}); // a refusal to start is what some tests wait for
  return { child, exited, listening, output: () => ({ stdout, stderr }) };
}

const request = (get: typeof httpsGet, url: string, options: object) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = get(url, options, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
  });

test('beyond loopback without TLS, the API refuses to start and says what to set', async () => {
  const api = startApi({ PAL_API_HOST: '0.0.0.0', PAL_API_PORT: String(await freePort()) });
  expect(await api.exited).toBe(1);
  expect(api.output().stderr).toMatch(/PAL_API_HOST: 0\.0\.0\.0 is beyond loopback, where the API will not serve plain HTTP: set PAL_API_TLS_CERT and PAL_API_TLS_KEY, or PAL_API_BEHIND_TLS_PROXY=true/);
  expect(api.output().stdout).toBe('');
});

test('with a certificate and key it answers /healthz over HTTPS beyond loopback, and not over plain HTTP', async () => {
  const port = await freePort();
  const api = startApi({ PAL_API_HOST: '0.0.0.0', PAL_API_PORT: String(port), PAL_API_TLS_CERT: join(tlsDir(), 'server.crt'), PAL_API_TLS_KEY: join(tlsDir(), 'server.key') });
  try {
    expect(await api.listening).toContain(`api: https://0.0.0.0:${port}`);
    const ca = readFileSync(join(tlsDir(), 'ca.crt'));
    const health = await request(httpsGet, `https://localhost:${port}/healthz`, { ca });
    expect(health).toEqual({ status: 200, body: JSON.stringify({ status: 'ok', database: 'ok', temporal: 'ok' }) });
    // The certificate is checked: without the CA that signed it, the client refuses.
    await expect(request(httpsGet, `https://localhost:${port}/healthz`, {})).rejects.toThrow(/certificate/);
    // Plain HTTP gets no answer from the API.
    const plain = await request(httpGet, `http://127.0.0.1:${port}/healthz`, {}).then((r) => r.status, (err: Error) => err.message);
    expect(plain).not.toBe(200);
  } finally {
    api.child.kill('SIGTERM');
    await api.exited;
  }
});

// Plain connections beyond loopback are refused by configuration: the API listens beyond 127.0.0.1/::1 only with
// its own certificate or behind a TLS proxy, and a database beyond loopback is reached over verified TLS unless
// PAL_DATABASE_TLS=false says otherwise. The TLS settings reach postgres.js: a database without TLS is refused.
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { TLSSocket } from 'node:tls';
import { tlsDir } from '../../client/devstack/tools';
import { apiConfig, databaseConfig } from '../../platform/config';
import { connectDatabase } from '../../store/database';

const failure = (attempt: () => unknown) => {
  try {
    attempt();
  } catch (err) {
    return (err as Error).message;
  }
  return 'no error';
};

test('the API listens beyond loopback only with a certificate and key, or behind a TLS proxy', () => {
  for (const host of ['127.0.0.1', '127.0.0.2', '::1', 'localhost']) expect(apiConfig({ PAL_API_HOST: host })).toMatchObject({ host, tls: undefined, behindTlsProxy: false });
  for (const host of ['0.0.0.0', '::', '10.1.2.3', 'pal-api.internal']) {
    expect(failure(() => apiConfig({ PAL_API_HOST: host }))).toMatch(new RegExp(`PAL_API_HOST: ${host.replace(/\./g, '\\.')} is beyond loopback, where the API will not serve plain HTTP: set PAL_API_TLS_CERT and PAL_API_TLS_KEY, or PAL_API_BEHIND_TLS_PROXY=true`));
    expect(apiConfig({ PAL_API_HOST: host, PAL_API_TLS_CERT: '/tls/api.crt', PAL_API_TLS_KEY: '/tls/api.key' })).toMatchObject({ host, tls: { certFile: '/tls/api.crt', keyFile: '/tls/api.key' } });
    expect(apiConfig({ PAL_API_HOST: host, PAL_API_BEHIND_TLS_PROXY: 'true' })).toMatchObject({ host, tls: undefined, behindTlsProxy: true });
  }
  expect(failure(() => apiConfig({ PAL_API_HOST: '0.0.0.0', PAL_API_TLS_CERT: '/tls/api.crt' }))).toMatch(/PAL_API_TLS_KEY: is required with PAL_API_TLS_CERT/);
  expect(failure(() => apiConfig({ PAL_API_TLS_KEY: '/tls/api.key' }))).toMatch(/PAL_API_TLS_CERT: is required with PAL_API_TLS_KEY/);
  expect(failure(() => apiConfig({ PAL_API_HOST: '0.0.0.0', PAL_API_BEHIND_TLS_PROXY: 'yes' }))).toMatch(/PAL_API_BEHIND_TLS_PROXY/);
});

test('a database beyond loopback gets verified TLS, unless PAL_DATABASE_TLS=false; a URL cannot weaken it', () => {
  const tls = (env: Record<string, string>) => databaseConfig(env).tls;
  // Loopback and Unix sockets: as the URL says (no TLS unless asked for).
  expect(tls({ DATABASE_URL: 'postgres://pal:pw@127.0.0.1:5433/pal' })).toBe(false);
  expect(tls({ DATABASE_URL: 'postgres://pal:pw@localhost/pal?sslmode=disable' })).toBe(false);
  expect(tls({ DATABASE_URL: 'postgres://pal:pw@[::1]:5432/pal' })).toBe(false);
  expect(tls({ DATABASE_URL: 'postgres:///pal', PGHOST: '/var/run/postgresql' })).toBe(false);
  // Beyond loopback: verified, with the system's CAs or the private CA named.
  expect(tls({ DATABASE_URL: 'postgres://pal:pw@db.example.org:5432/pal' })).toEqual({ caFile: undefined, host: 'db.example.org' });
  expect(tls({ DATABASE_URL: 'postgres://pal:pw@10.0.0.5/pal?sslmode=require' })).toEqual({ caFile: undefined, host: '10.0.0.5' });
  expect(tls({ DATABASE_URL: 'postgresql://pal:pw@db1.example.org:5432,db2.example.org:5432/pal' })).toEqual({ caFile: undefined, host: undefined });
  expect(tls({ DATABASE_URL: 'postgresql://pal:pw@localhost:5432,db2.example.org:5432/pal' })).toEqual({ caFile: undefined, host: undefined });
  expect(tls({ DATABASE_URL: 'postgres:///pal', PGHOST: 'db.example.org' })).toEqual({ caFile: undefined, host: 'db.example.org' });
  expect(tls({ DATABASE_URL: 'postgres://pal:pw@db.example.org/pal', PAL_DATABASE_CA_FILE: '/etc/pal/db-ca.pem' })).toEqual({ caFile: '/etc/pal/db-ca.pem', host: 'db.example.org' });
  // Asked for on loopback too; switched off explicitly.
  expect(tls({ DATABASE_URL: 'postgres://pal:pw@127.0.0.1/pal', PAL_DATABASE_TLS: 'true' })).toEqual({ caFile: undefined, host: '127.0.0.1' });
  expect(tls({ DATABASE_URL: 'postgres://pal:pw@db.example.org/pal', PAL_DATABASE_TLS: 'false' })).toBe(false);
  expect(tls({ DATABASE_URL: 'postgres://pal:pw@db.example.org/pal?sslmode=disable', PAL_DATABASE_TLS: 'false' })).toBe(false);

  for (const mode of ['disable', 'allow', 'prefer']) {
    const message = failure(() => databaseConfig({ DATABASE_URL: `postgres://pal:s3cret@db.example.org/pal?sslmode=${mode}` }));
    expect(message).toMatch(new RegExp(`DATABASE_URL: asks for sslmode=${mode}, but PAL requires TLS with certificate checks for a database beyond loopback; set PAL_DATABASE_TLS=false`));
    expect(message).not.toMatch(/s3cret|db\.example\.org/);
  }
  expect(failure(() => databaseConfig({ DATABASE_URL: 'postgres://pal:pw@127.0.0.1/pal?sslmode=disable', PAL_DATABASE_TLS: 'true' }))).toMatch(/sslmode=disable, but PAL requires TLS with certificate checks when PAL_DATABASE_TLS=true/);
  expect(failure(() => databaseConfig({ DATABASE_URL: 'postgres://pal:pw@db.example.org/pal', PAL_DATABASE_TLS: 'false', PAL_DATABASE_CA_FILE: '/ca.pem' }))).toMatch(/PAL_DATABASE_CA_FILE: is set, but PAL_DATABASE_TLS=false/);
  expect(failure(() => databaseConfig({ DATABASE_URL: 'postgres://pal:pw@db.example.org/pal', PAL_DATABASE_TLS: 'no' }))).toMatch(/PAL_DATABASE_TLS/);
  expect(failure(() => databaseConfig({ DATABASE_URL: 'postgres://pal:pw@10.0.0.5,10.0.0.6/pal' }))).toMatch(/DATABASE_URL: names several hosts, some by address/);
});

/** PostgreSQL's ErrorResponse message: the stand-in below ends every session with one. */
function fatal(code: string, message: string): Buffer {
  const fields = Buffer.from(`SFATAL\0C${code}\0M${message}\0\0`, 'latin1');
  const head = Buffer.alloc(5);
  head.write('E', 0, 'latin1');
  head.writeUInt32BE(4 + fields.length, 1);
  return Buffer.concat([head, fields]);
}

/**
 * A stand-in for PostgreSQL behind TLS on `host`: it answers the SSLRequest with "S", serves the local CA's server
 * certificate (for localhost and 127.0.0.1), records the startup message it then receives over TLS, and refuses it.
 */
async function tlsPostgres(host: string): Promise<{ port: number; startups: string[]; close(): Promise<void> }> {
  const startups: string[] = [];
  const context = { cert: readFileSync(join(tlsDir(), 'server.crt')), key: readFileSync(join(tlsDir(), 'server.key')) };
  const server = createServer((socket) => {
    socket.once('data', () => {
      socket.write('S');
      const secure = new TLSSocket(socket, { isServer: true, ...context });
      secure.on('error', () => {});
      secure.once('data', (startup: Buffer) => {
        startups.push(startup.subarray(8).toString('latin1').split('\0').filter(Boolean).join(' '));
        secure.end(fatal('28000', 'stand-in: no database here'));
      });
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return { port: (server.address() as AddressInfo).port, startups, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

test('every connection applies the rule: TLS asked of a PostgreSQL without it fails; the certificate and its name are checked', async () => {
  const url = databaseConfig().url;
  const plain = connectDatabase(url, { max: 1 });
  await expect(plain`select 1 as one`).resolves.toEqual([{ one: 1 }]);
  await plain.end();
  const refused = connectDatabase(url, { max: 1, env: { PAL_DATABASE_TLS: 'true' } });
  await expect(refused`select 1 as one`).rejects.toThrow(/TLS|SSL/);
  await refused.end();
  expect(() => connectDatabase(url, { env: { PAL_DATABASE_TLS: 'true', PAL_DATABASE_CA_FILE: '/nonexistent/ca.pem' } })).toThrow('PAL_DATABASE_CA_FILE: cannot read /nonexistent/ca.pem (ENOENT)');

  const server = await tlsPostgres('127.0.0.1');
  const elsewhere = await tlsPostgres('127.0.0.2');
  const attempt = async (target: { port: number }, host: string, env: Record<string, string>) => {
    const sql = connectDatabase(`postgres://pal:pw@${host}:${target.port}/pal`, { max: 1, env: { PAL_DATABASE_TLS: 'true', ...env } });
    const outcome = await sql`select 1`.then(() => 'connected', (err: Error) => err.message);
    await sql.end({ timeout: 1 });
    return outcome;
  };
  const ca = join(tlsDir(), 'ca.crt');
  try {
    // Not signed by a CA the system trusts: refused before a byte of the startup message is sent.
    expect(await attempt(server, 'localhost', {})).toMatch(/self.signed certificate|unable to (get|verify)/);
    // Signed by the CA named, but not for this address: refused.
    expect(await attempt(elsewhere, '127.0.0.2', { PAL_DATABASE_CA_FILE: ca })).toMatch(/does not match certificate's altnames|not in the cert's list/);
    expect([...server.startups, ...elsewhere.startups]).toEqual([]);
    // Signed by the CA named, for this name or address: the startup message goes over TLS (and the stand-in refuses it).
    for (const host of ['localhost', '127.0.0.1']) expect(await attempt(server, host, { PAL_DATABASE_CA_FILE: ca })).toBe('stand-in: no database here');
    expect(server.startups).toEqual([expect.stringContaining('user pal database pal'), expect.stringContaining('user pal database pal')]);
  } finally {
    await Promise.all([server.close(), elsewhere.close()]);
  }
});

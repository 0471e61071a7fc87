// Docker cannot run here, so the compose file is checked as data: every service the README names exists,
// and PAL's services are wired to the others with configuration PAL itself accepts.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { apiConfig, authConfig, codecConfig, databaseConfig, encryptionConfig, mailConfig, temporalConfig } from '../../platform/config';
import { palSearchAttributes } from '../../contracts/search-attributes';

type Service = { environment?: Record<string, string>; ports?: string[]; command?: string[]; build?: string; image?: string; volumes?: string[] };
const root = join(__dirname, '..', '..');
// Stand-ins for the variables compose takes from the user's shell (${NAME:?…}).
const shell: Record<string, string> = { PAL_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`, PAL_CODEC_TOKEN: 'x'.repeat(32), PAL_COORDINATOR_TOKEN: 'c'.repeat(32), PAL_CONTACT_CENTER_TOKEN: 'd'.repeat(32) };
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, Service> };
const services = compose.services;
const env = (name: string) =>
  Object.fromEntries(Object.entries(services[name]?.environment ?? {}).map(([k, v]) => [k, String(v).replace(/\$\{(\w+):\?[^}]*\}/g, (_, n) => shell[n]!)]));
const published = (name: string) => (services[name]?.ports ?? []).map((p) => p.split(':').slice(-2));

test('every service the README names is defined', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const named = [...readme.matchAll(/`compose:([\w-]+)`/g)].map((m) => m[1]!);
  expect(named.length).toBeGreaterThanOrEqual(7);
  for (const name of named) expect(Object.keys(services)).toContain(name);
});

test('the worker and the API are configured validly and point at the compose services', () => {
  for (const name of ['pal-worker', 'pal-api']) {
    const e = env(name);
    expect(services[name]!.build).toBe('.');
    expect(temporalConfig(e).address).toBe('temporal:7233');
    expect(new URL(databaseConfig(e).url).hostname).toBe('postgresql');
    expect(mailConfig(e)).toMatchObject({ host: 'mailpit', port: 1025 });
    expect(encryptionConfig(e).keys.size).toBe(1);
  }
  expect(env('postgresql')).toMatchObject({ POSTGRES_USER: 'pal', POSTGRES_DB: 'pal' });
  expect(env('temporal')).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'postgresql' });
  expect(env('mailpit')).toMatchObject({ MP_SMTP_REQUIRE_STARTTLS: 'true' });
});

test('Temporal UI uses the codec server, which admits only the UI origin and requires a token', () => {
  const ui = env('temporal-ui');
  const codec = codecConfig(env('pal-codec'));
  expect(ui.TEMPORAL_ADDRESS).toBe('temporal:7233');
  expect(new URL(ui.TEMPORAL_CODEC_ENDPOINT!).port).toBe(String(codec.port));
  expect(published('pal-codec')).toContainEqual([String(codec.port), String(codec.port)]);
  expect(codec.uiOrigin).toBe(`http://localhost:${published('temporal-ui')[0]![0]}`);
  expect(codec.token).toBeDefined();
  expect(published('pal-api')).toContainEqual(['3000', '3000']);
  expect(apiConfig(env('pal-api'))).toMatchObject({ host: '0.0.0.0', tls: { certFile: '/tls/server.crt', keyFile: '/tls/server.key' } });
  expect(authConfig(env('pal-api'))).toEqual({ coordinatorToken: 'c'.repeat(32), contactCenterToken: 'd'.repeat(32) });
});

test('the search attributes registered in compose are the ones the workflows use', () => {
  const script = services['temporal-setup']!.command!.join(' ');
  for (const key of palSearchAttributes) {
    const type = { KEYWORD: 'Keyword', DATETIME: 'Datetime', BOOL: 'Bool' }[key.type as string];
    expect(script).toContain(`${key.name}=${type}`);
  }
});

test('services mount single files of .pal/tls, each one they read, and never the CA key', () => {
  for (const [name, service] of Object.entries(services)) {
    const mounts = (service.volumes ?? []).map((v) => v.split(':')).filter(([host]) => host!.startsWith('.'));
    for (const [host] of mounts) {
      expect(host).toMatch(/^\.\/\.pal\/tls\/(server\.crt|server\.key|ca\.crt)$/);
      expect(existsSync(join(root, host!))).toBe(true); // made by npm run setup
    }
    const read = Object.values(env(name)).filter((v) => v.startsWith('/tls/'));
    for (const file of read) expect(mounts.map(([, target]) => target)).toContain(file);
  }
  expect(services.mailpit!.volumes).toHaveLength(2);
});

// Every configuration variable PAL reads, validated with zod. Each process reads only the sections it needs,
// so the codec server does not demand SMTP settings. One file on purpose, though over 220 lines: every variable,
// its default and its bounds in one place, which the README's configuration table mirrors.
import { isIP } from 'node:net';
import { DEFAULT_LANGUAGE_EXTRA_MILES } from '../domain/routing';
import { DEFAULT_RETENTION, DEFAULT_TEMPORAL_RETENTION_DAYS, type RetentionPolicy } from '../domain/retention';
import { z } from 'zod';
import { DEFAULT_MAX_OPEN_DAYS, DEFAULT_REFERRAL_ALERT_MINUTES, DEFAULT_ROUTING_RETRY_MINUTES } from '../domain/lead-rules';
import { OE5_REPORT_CALENDAR, validateReportCalendar, type ReportCalendarConfig } from '../domain/report-calendar';

type Env = Record<string, string | undefined>;

const port = z.coerce.number().int().min(1).max(65535);
const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

function parse<S extends z.ZodType>(section: string, schema: S, env: Env): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
  throw new Error(`Invalid ${section} configuration:\n${problems}`);
}

export const temporalConfig = (env: Env = process.env) =>
  parse(
    'Temporal',
    z
      .object({
        TEMPORAL_ADDRESS: z.string().default('127.0.0.1:7233'),
        TEMPORAL_NAMESPACE: z.string().default('default'),
        // Quoted into visibility queries and Temporal UI links: letters, digits, '.', '_' and '-' only.
        TEMPORAL_TASK_QUEUE: z.string().regex(/^[A-Za-z0-9._-]{1,200}$/, "must be letters, digits, '.', '_' or '-'").default('pal'),
        TEMPORAL_TLS: flag.default(false),
        TEMPORAL_API_KEY: z.string().optional(),
      })
      .transform((e) => ({
        address: e.TEMPORAL_ADDRESS,
        namespace: e.TEMPORAL_NAMESPACE,
        taskQueue: e.TEMPORAL_TASK_QUEUE,
        tls: e.TEMPORAL_TLS || e.TEMPORAL_API_KEY !== undefined,
        apiKey: e.TEMPORAL_API_KEY,
      })),
    env,
  );

/** Whether a host name or address is this machine's loopback. */
export const isLoopback = (host: string) => host === 'localhost' || host === '::1' || host.startsWith('127.');

/** The hosts a postgres:// URL names (several for a multi-host URL); none means PGHOST or localhost, as postgres.js reads it. */
function databaseHosts(url: string, pgHost: string | undefined): string[] {
  const authority = url.slice(url.indexOf('://') + 3).split(/[/?]/)[0]!;
  const hosts = authority
    .slice(authority.lastIndexOf('@') + 1)
    .split(',')
    .map((h) => h.replace(/:\d*$/, '').replace(/^\[(.*)\]$/, '$1'))
    .filter(Boolean);
  return hosts.length ? hosts : (pgHost ?? 'localhost').split(',');
}

// A database beyond loopback is reached over TLS with the server's certificate and name checked (libpq's
// verify-full; a URL's sslmode=require or verify-ca gets the same checks), trusting the system's CAs and
// PAL_DATABASE_CA_FILE. PAL_DATABASE_TLS=false switches that off (a private network); =true asks it for loopback too.
export const databaseConfig = (env: Env = process.env) =>
  parse(
    'database',
    z
      .object({
        DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
        PAL_DATABASE_TLS: flag.optional(),
        PAL_DATABASE_CA_FILE: z.string().min(1).optional(),
        PGHOST: z.string().optional(),
      })
      .transform((e, ctx) => {
        const hosts = databaseHosts(e.DATABASE_URL, e.PGHOST);
        // A Unix socket (a path) is as local as loopback.
        const remote = hosts.filter((h) => !isLoopback(h) && !h.startsWith('/'));
        const verify = e.PAL_DATABASE_TLS ?? (remote.length > 0 || e.PAL_DATABASE_CA_FILE !== undefined);
        const query = new URLSearchParams(e.DATABASE_URL.includes('?') ? e.DATABASE_URL.slice(e.DATABASE_URL.indexOf('?') + 1) : '');
        const asked = query.get('sslmode') ?? query.get('ssl');
        if (verify && asked && ['disable', 'allow', 'prefer', 'false'].includes(asked))
          ctx.addIssue({
            code: 'custom',
            path: ['DATABASE_URL'],
            // Never the URL itself, nor its host: a password may hide in it.
            message: `asks for ${query.has('sslmode') ? 'sslmode' : 'ssl'}=${asked}, but PAL requires TLS with certificate checks ${remote.length ? 'for a database beyond loopback' : 'when PAL_DATABASE_TLS=true'}; set PAL_DATABASE_TLS=false to connect without TLS`,
          });
        if (!verify && e.PAL_DATABASE_CA_FILE) ctx.addIssue({ code: 'custom', path: ['PAL_DATABASE_CA_FILE'], message: 'is set, but PAL_DATABASE_TLS=false switches TLS off' });
        // The certificate is checked against the host's name, or its address: Node checks an address only when told
        // which, and postgres.js can say so for one host only.
        if (verify && hosts.length > 1 && hosts.some((h) => isIP(h)))
          ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'names several hosts, some by address: over TLS, name each host by its DNS name so its certificate can be checked' });
        return { url: e.DATABASE_URL, tls: verify ? { caFile: e.PAL_DATABASE_CA_FILE, host: hosts.length === 1 ? hosts[0] : undefined } : (false as const) };
      }),
    env,
  );

export type DatabaseConfig = ReturnType<typeof databaseConfig>;

// The folder of pg_dump and pg_restore for `pal backup` and `pal restore` (their major version at least the server's);
// unset: those on PATH. `npm run dev` and the tests point it at scripts/build-pg-tools.sh's.
export const backupConfig = (env: Env = process.env) =>
  parse('backup', z.object({ PAL_PG_BIN_DIR: z.string().min(1).optional() }).transform((e) => ({ pgBinDir: e.PAL_PG_BIN_DIR })), env);

const coordinatorEmail = z.string().email().default('pal-coordinator@mnsure.example.org');
export const mailConfig = (env: Env = process.env) =>
  parse(
    'SMTP',
    z
      .object({
        SMTP_HOST: z.string().min(1),
        SMTP_PORT: port.default(587),
        SMTP_SECURE: flag.default(false),
        SMTP_USER: z.string().optional(),
        SMTP_PASSWORD: z.string().optional(),
        SMTP_CA_FILE: z.string().optional(),
        MAIL_FROM: z.string().email().default('pal@mnsure.example.org'),
        PAL_COORDINATOR_EMAIL: coordinatorEmail,
        // Longer than the mailer's worst case (connection, greeting and socket timeouts: 40 s), so a live attempt keeps its claim.
        PAL_OUTBOX_LEASE_SECONDS: z.coerce.number().int().min(45, 'must be at least 45 (the mailer may take 40 s)').default(120),
      })
      .transform((e) => ({
        host: e.SMTP_HOST,
        port: e.SMTP_PORT,
        secure: e.SMTP_SECURE,
        auth: e.SMTP_USER ? { user: e.SMTP_USER, pass: e.SMTP_PASSWORD ?? '' } : undefined,
        caFile: e.SMTP_CA_FILE,
        from: e.MAIL_FROM,
        coordinatorEmail: e.PAL_COORDINATOR_EMAIL,
        outboxLeaseSeconds: e.PAL_OUTBOX_LEASE_SECONDS,
      })),
    env,
  );

// PAL_ENCRYPTION_KEYS is "id:base64key[,id:base64key…]", each key 32 bytes; new payloads use PAL_ENCRYPTION_KEY_ID
// (default: the first), older keys stay listed so existing histories still decode after a rotation.
export const encryptionConfig = (env: Env = process.env) =>
  parse(
    'encryption',
    z
      .object({
        PAL_ENCRYPTION_KEYS: z.string({ error: 'is required (id:base64key,…; npm run dev generates one)' }).min(1),
        PAL_ENCRYPTION_KEY_ID: z.string().optional(),
      })
      .transform((e, ctx) => {
        const keys = new Map<string, Buffer>();
        const entries = e.PAL_ENCRYPTION_KEYS.split(',');
        for (const [i, entry] of entries.entries()) {
          const [id, b64, extra] = entry.trim().split(':');
          const key = Buffer.from(b64 ?? '', 'base64');
          // A secret is never repeated in an error: an entry is named by its position, not its text.
          if (!id || b64 === undefined || extra !== undefined || key.length !== 32) {
            ctx.addIssue({ code: 'custom', path: ['PAL_ENCRYPTION_KEYS'], message: `entry ${i + 1} of ${entries.length} must be keyId:base64key, the key 32 random bytes` });
            return z.NEVER;
          }
          keys.set(id, key);
        }
        const currentKeyId = e.PAL_ENCRYPTION_KEY_ID ?? [...keys.keys()][0]!;
        if (!keys.has(currentKeyId)) {
          ctx.addIssue({ code: 'custom', path: ['PAL_ENCRYPTION_KEY_ID'], message: 'names no key id of PAL_ENCRYPTION_KEYS' });
          return z.NEVER;
        }
        return { keys, currentKeyId };
      }),
    env,
  );

// The API speaks plain HTTP on loopback only: beyond it, over TLS with its own certificate, or behind a TLS proxy
// that is the only way in. Each assister may submit a limited number of report workbooks an hour (429 beyond).
export const apiConfig = (env: Env = process.env) =>
  parse(
    'API',
    z
      .object({
        PAL_API_HOST: z.string().default('127.0.0.1'),
        PAL_API_PORT: port.default(3000),
        PAL_API_TLS_CERT: z.string().min(1).optional(),
        PAL_API_TLS_KEY: z.string().min(1).optional(),
        PAL_API_BEHIND_TLS_PROXY: flag.default(false),
        PAL_REPORT_SUBMISSIONS_PER_HOUR: z.coerce.number().int().min(1).max(10_000).default(20),
      })
      .superRefine((e, ctx) => {
        if (e.PAL_API_TLS_CERT && !e.PAL_API_TLS_KEY) ctx.addIssue({ code: 'custom', path: ['PAL_API_TLS_KEY'], message: 'is required with PAL_API_TLS_CERT (the PEM file of its private key)' });
        if (e.PAL_API_TLS_KEY && !e.PAL_API_TLS_CERT) ctx.addIssue({ code: 'custom', path: ['PAL_API_TLS_CERT'], message: 'is required with PAL_API_TLS_KEY (the PEM file of the certificate)' });
        if (!isLoopback(e.PAL_API_HOST) && !e.PAL_API_TLS_CERT && !e.PAL_API_BEHIND_TLS_PROXY)
          ctx.addIssue({
            code: 'custom',
            path: ['PAL_API_HOST'],
            message: `${e.PAL_API_HOST} is beyond loopback, where the API will not serve plain HTTP: set PAL_API_TLS_CERT and PAL_API_TLS_KEY, or PAL_API_BEHIND_TLS_PROXY=true if a TLS proxy in front of it is the only way in`,
          });
      })
      .transform((e) => ({
        host: e.PAL_API_HOST,
        port: e.PAL_API_PORT,
        tls: e.PAL_API_TLS_CERT && e.PAL_API_TLS_KEY ? { certFile: e.PAL_API_TLS_CERT, keyFile: e.PAL_API_TLS_KEY } : undefined,
        behindTlsProxy: e.PAL_API_BEHIND_TLS_PROXY,
        reportSubmissionsPerHour: e.PAL_REPORT_SUBMISSIONS_PER_HOUR,
      })),
    env,
  );

export const codecConfig = (env: Env = process.env) =>
  parse(
    'codec server',
    z
      .object({
        PAL_CODEC_HOST: z.string().default('127.0.0.1'),
        PAL_CODEC_PORT: port.default(8234),
        PAL_CODEC_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
        PAL_UI_ORIGIN: z.string().url().default('http://127.0.0.1:8233'),
      })
      .transform((e) => ({ host: e.PAL_CODEC_HOST, port: e.PAL_CODEC_PORT, token: e.PAL_CODEC_TOKEN, uiOrigin: e.PAL_UI_ORIGIN })),
    env,
  );

// The first staff accounts (contact-center representatives and coordinators): `email=role,…`. Coordinators add and
// remove staff in the console afterwards; an address already on the staff keeps its role.
const staffEntry = z
  .string()
  .trim()
  .transform((entry, ctx) => {
    const [email = '', role = ''] = entry.split('=').map((x) => x.trim());
    if (!z.email().safeParse(email).success || (role !== 'contact-center' && role !== 'coordinator')) {
      ctx.addIssue({ code: 'custom', message: `"${entry.slice(0, 80)}" is not email=role with role contact-center or coordinator` });
      return z.NEVER;
    }
    return { email: email.toLowerCase(), role: role as 'contact-center' | 'coordinator' };
  });
export const staffConfig = (env: Env = process.env) =>
  parse(
    'staff',
    z
      .object({ PAL_STAFF: z.string().default('') })
      .transform((e, ctx) => {
        const entries = e.PAL_STAFF.split(',').filter((x) => x.trim());
        const parsed = entries.map((x) => staffEntry.safeParse(x));
        for (const p of parsed) if (!p.success) ctx.addIssue({ code: 'custom', path: ['PAL_STAFF'], message: p.error.issues[0]!.message });
        return parsed.flatMap((p) => (p.success ? [p.data] : []));
      }),
    env,
  );

// The pages people use (the assister portal): where PAL is reached from email links, and how long sessions last.
export const webConfig = (env: Env = process.env) =>
  parse(
    'web',
    z
      .object({
        PAL_PUBLIC_URL: z.string().url().default('http://127.0.0.1:3000'),
        PAL_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
        PAL_SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(7 * 24).default(12),
        PAL_SIGN_IN_LINK_MINUTES: z.coerce.number().int().min(1).max(60).default(15),
        PAL_TEMPORAL_UI_URL: z.string().url().default('http://127.0.0.1:8233'),
        TEMPORAL_NAMESPACE: z.string().default('default'),
      })
      .transform((e) => ({
        publicUrl: e.PAL_PUBLIC_URL.replace(/\/+$/, ''),
        // Cookies are Secure whenever people reach PAL over TLS.
        secureCookies: e.PAL_PUBLIC_URL.startsWith('https:'),
        sessionIdleSeconds: e.PAL_SESSION_IDLE_MINUTES * 60,
        sessionMaxSeconds: e.PAL_SESSION_MAX_HOURS * 3600,
        signInLinkSeconds: e.PAL_SIGN_IN_LINK_MINUTES * 60,
        /** Where the coordinators' pages link a workflow in Temporal UI. */
        workflowUrl: (workflowId: string) => `${e.PAL_TEMPORAL_UI_URL.replace(/\/+$/, '')}/namespaces/${encodeURIComponent(e.TEMPORAL_NAMESPACE)}/workflows/${encodeURIComponent(workflowId)}`,
      })),
    env,
  );

// Staff sign-in through the marketplace's OpenID Connect provider: all of PAL_OIDC_ISSUER, PAL_OIDC_CLIENT_ID and
// PAL_OIDC_CLIENT_SECRET, or none (then staff use the email sign-in). The provider decides who is staff and each
// one's role: the claim PAL_OIDC_ROLE_CLAIM (default pal_role), a text or a list of texts (such as groups), holds
// PAL_OIDC_COORDINATOR_VALUE (default coordinator) or PAL_OIDC_CONTACT_CENTER_VALUE (default contact-center).
// PAL asks for PAL_OIDC_SCOPES (default "openid email"). The client secret is never repeated in an error.
const oidcText = z
  .string()
  .trim()
  .transform((v) => v || undefined)
  .optional();
export const oidcConfig = (env: Env = process.env) =>
  parse(
    'OpenID Connect',
    z
      .object({
        PAL_OIDC_ISSUER: oidcText,
        PAL_OIDC_CLIENT_ID: oidcText,
        PAL_OIDC_CLIENT_SECRET: oidcText,
        PAL_OIDC_ROLE_CLAIM: oidcText,
        PAL_OIDC_COORDINATOR_VALUE: oidcText,
        PAL_OIDC_CONTACT_CENTER_VALUE: oidcText,
        PAL_OIDC_SCOPES: oidcText,
      })
      .transform((e, ctx) => {
        const required = { PAL_OIDC_ISSUER: 'the provider\'s issuer URL', PAL_OIDC_CLIENT_ID: 'the client id PAL has at the provider', PAL_OIDC_CLIENT_SECRET: 'the client secret PAL has at the provider' } as const;
        const set = (Object.keys(required) as (keyof typeof required)[]).filter((k) => e[k] !== undefined);
        const tuning = (['PAL_OIDC_ROLE_CLAIM', 'PAL_OIDC_COORDINATOR_VALUE', 'PAL_OIDC_CONTACT_CENTER_VALUE', 'PAL_OIDC_SCOPES'] as const).filter((k) => e[k] !== undefined);
        if (!set.length) {
          for (const k of tuning) ctx.addIssue({ code: 'custom', path: [k], message: 'is set, but PAL_OIDC_ISSUER, PAL_OIDC_CLIENT_ID and PAL_OIDC_CLIENT_SECRET are not (staff sign in by email without them)' });
          return undefined;
        }
        for (const k of Object.keys(required) as (keyof typeof required)[])
          if (e[k] === undefined) ctx.addIssue({ code: 'custom', path: [k], message: `is required with ${set.join(' and ')} (${required[k]})` });
        let issuer: URL | undefined;
        try {
          issuer = e.PAL_OIDC_ISSUER === undefined ? undefined : new URL(e.PAL_OIDC_ISSUER);
        } catch {
          ctx.addIssue({ code: 'custom', path: ['PAL_OIDC_ISSUER'], message: 'must be a URL, like https://login.example.org/realms/marketplace' });
        }
        const insecure = issuer?.protocol === 'http:' && isLoopback(issuer.hostname.replace(/^\[(.*)\]$/, '$1'));
        if (issuer && issuer.protocol !== 'https:' && !insecure)
          ctx.addIssue({ code: 'custom', path: ['PAL_OIDC_ISSUER'], message: 'must be an https:// URL (http:// only on loopback, for a test provider)' });
        const coordinator = e.PAL_OIDC_COORDINATOR_VALUE ?? 'coordinator';
        const contactCenter = e.PAL_OIDC_CONTACT_CENTER_VALUE ?? 'contact-center';
        if (coordinator === contactCenter) ctx.addIssue({ code: 'custom', path: ['PAL_OIDC_CONTACT_CENTER_VALUE'], message: 'must differ from PAL_OIDC_COORDINATOR_VALUE' });
        const scope = e.PAL_OIDC_SCOPES ?? 'openid email';
        if (!scope.split(/\s+/).includes('openid')) ctx.addIssue({ code: 'custom', path: ['PAL_OIDC_SCOPES'], message: 'must include openid' });
        if (!issuer || !e.PAL_OIDC_CLIENT_ID || !e.PAL_OIDC_CLIENT_SECRET) return z.NEVER;
        return {
          issuer: e.PAL_OIDC_ISSUER!,
          /** Plain HTTP to the provider: only a test provider on loopback. */
          insecure,
          clientId: e.PAL_OIDC_CLIENT_ID,
          clientSecret: e.PAL_OIDC_CLIENT_SECRET,
          roleClaim: e.PAL_OIDC_ROLE_CLAIM ?? 'pal_role',
          roleValues: { coordinator, 'contact-center': contactCenter },
          scope: scope.split(/\s+/).join(' '),
        };
      }),
    env,
  );

/** Staff sign-in through OpenID Connect; undefined without PAL_OIDC_ISSUER (staff use the email sign-in). */
export type OidcSettings = NonNullable<ReturnType<typeof oidcConfig>>;

// What the emails to assisters carry (referrals, reminders, reports). `link` (the default): no consumer data, only the
// lead's reference, its deadlines and a link to the portal (PAL_PUBLIC_URL) where the assister signs in. `full`: the
// consumer's information and the report workbook in the email, for a mail relay that encrypts end to end.
export const emailConfig = (env: Env = process.env) => ({
  ...parse(
    'email',
    z
      .object({
        PAL_REFERRAL_EMAIL: z
          .enum(['link', 'full'], { error: 'must be link (emails carry a portal link, no consumer data) or full (consumer data and the report workbook, for a relay that encrypts end to end)' })
          .default('link'),
      })
      .transform((e) => ({ referralEmail: e.PAL_REFERRAL_EMAIL })),
    env,
  ),
  publicUrl: webConfig(env).publicUrl,
});

export type EmailSettings = ReturnType<typeof emailConfig>;

// The consumer's own emails (issue 13): who has their request, by when, and the "No one has contacted me" link; on
// unless PAL_CONSUMER_NOTICES=false.
export const consumerNoticeConfig = (env: Env = process.env) =>
  parse('consumer notices', z.object({ PAL_CONSUMER_NOTICES: flag.default(true) }).transform((e) => ({ enabled: e.PAL_CONSUMER_NOTICES })), env);

// The retention policy (domain/retention.ts): days each kind of record is kept; the daily purge applies it. Temporal
// keeps closed workflows for its namespace's retention, PAL_TEMPORAL_RETENTION_DAYS: the worker warns when they differ.
const days = (least: number) => z.coerce.number().int().min(least, `must be a whole number of days, at least ${least}`).max(36_500);
export const retentionConfig = (env: Env = process.env) =>
  parse(
    'retention',
    z
      .object({
        PAL_RETAIN_CONSUMER_DATA_DAYS: days(30).default(DEFAULT_RETENTION.consumerDataDays),
        PAL_RETAIN_REPORT_FILES_DAYS: days(30).default(DEFAULT_RETENTION.reportFileDays),
        PAL_RETAIN_SUBMISSIONS_DAYS: days(30).default(DEFAULT_RETENTION.submissionDays),
        PAL_RETAIN_OUTBOX_DAYS: days(7).default(DEFAULT_RETENTION.outboxDays),
        PAL_RETAIN_AUDIT_DAYS: days(365).default(DEFAULT_RETENTION.auditDays),
        PAL_TEMPORAL_RETENTION_DAYS: days(1).default(DEFAULT_TEMPORAL_RETENTION_DAYS),
      })
      // Workbook files and emails name consumers too: neither may outlive the consumer data itself.
      .superRefine((e, ctx) => {
        for (const key of ['PAL_RETAIN_REPORT_FILES_DAYS', 'PAL_RETAIN_OUTBOX_DAYS'] as const)
          if (e[key] > e.PAL_RETAIN_CONSUMER_DATA_DAYS) ctx.addIssue({ code: 'custom', path: [key], message: `must not be more than PAL_RETAIN_CONSUMER_DATA_DAYS (${e.PAL_RETAIN_CONSUMER_DATA_DAYS})` });
      })
      .transform((e) => ({
        policy: {
          consumerDataDays: e.PAL_RETAIN_CONSUMER_DATA_DAYS,
          reportFileDays: e.PAL_RETAIN_REPORT_FILES_DAYS,
          submissionDays: e.PAL_RETAIN_SUBMISSIONS_DAYS,
          outboxDays: e.PAL_RETAIN_OUTBOX_DAYS,
          auditDays: e.PAL_RETAIN_AUDIT_DAYS,
        } satisfies RetentionPolicy,
        temporalDays: e.PAL_TEMPORAL_RETENTION_DAYS,
      })),
    env,
  );

// Bearer tokens of the marketplace's own staff. Assisters have per-assister tokens in the database (pal assister token).
export const authConfig = (env: Env = process.env) =>
  parse(
    'API tokens',
    z
      .object({
        PAL_COORDINATOR_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
        PAL_CONTACT_CENTER_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
      })
      .transform((e) => ({ coordinatorToken: e.PAL_COORDINATOR_TOKEN, contactCenterToken: e.PAL_CONTACT_CENTER_TOKEN })),
    env,
  );

// The worker's performance options, set explicitly as Temporal recommends for production. The defaults suit a
// 2-core machine: the workflow cache (about 1 MB per cached workflow) is what bounds the worker's memory as open
// leads grow; a lead evicted from it is replayed from history when it next has work.
export const workerTuningConfig = (env: Env = process.env) =>
  parse(
    'worker',
    z
      .object({
        PAL_WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).default(500),
        PAL_WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: z.coerce.number().int().min(2).default(40),
        PAL_WORKER_MAX_CONCURRENT_ACTIVITIES: z.coerce.number().int().min(1).default(50),
        PAL_WORKER_MAX_CONCURRENT_LOCAL_ACTIVITIES: z.coerce.number().int().min(1).default(50),
        PAL_WORKER_WORKFLOW_TASK_POLLERS: z.coerce.number().int().min(2).default(4),
        PAL_WORKER_ACTIVITY_TASK_POLLERS: z.coerce.number().int().min(1).default(4),
      })
      .refine((e) => e.PAL_WORKER_WORKFLOW_TASK_POLLERS <= e.PAL_WORKER_MAX_CONCURRENT_WORKFLOW_TASKS, {
        path: ['PAL_WORKER_WORKFLOW_TASK_POLLERS'],
        message: 'must not exceed PAL_WORKER_MAX_CONCURRENT_WORKFLOW_TASKS',
      })
      .refine((e) => e.PAL_WORKER_ACTIVITY_TASK_POLLERS <= e.PAL_WORKER_MAX_CONCURRENT_ACTIVITIES, {
        path: ['PAL_WORKER_ACTIVITY_TASK_POLLERS'],
        message: 'must not exceed PAL_WORKER_MAX_CONCURRENT_ACTIVITIES',
      })
      .transform((e) => ({
        maxCachedWorkflows: e.PAL_WORKER_MAX_CACHED_WORKFLOWS,
        maxConcurrentWorkflowTaskExecutions: e.PAL_WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
        maxConcurrentActivityTaskExecutions: e.PAL_WORKER_MAX_CONCURRENT_ACTIVITIES,
        maxConcurrentLocalActivityExecutions: e.PAL_WORKER_MAX_CONCURRENT_LOCAL_ACTIVITIES,
        maxConcurrentWorkflowTaskPolls: e.PAL_WORKER_WORKFLOW_TASK_POLLERS,
        maxConcurrentActivityTaskPolls: e.PAL_WORKER_ACTIVITY_TASK_POLLERS,
      })),
    env,
  );

// The worker's Prometheus endpoint (README "Metrics"): none unless PAL_METRICS_PORT is set. On loopback by default,
// like the API: serving it to the network (0.0.0.0, or in a container) is the operator's choice.
export const prometheusConfig = (env: Env = process.env) =>
  parse(
    'metrics endpoint',
    z
      .object({
        PAL_METRICS_PORT: port.optional(),
        // Temporal's exporter binds an address, not a name.
        PAL_METRICS_HOST: z.string().refine((h) => isIP(h) !== 0, 'must be an IP address (127.0.0.1, 0.0.0.0, ::1, …), not a host name').default('127.0.0.1'),
        PAL_METRICS_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
      })
      .transform((e) =>
        e.PAL_METRICS_PORT === undefined
          ? undefined
          : { bindAddress: `${isIP(e.PAL_METRICS_HOST) === 6 ? `[${e.PAL_METRICS_HOST}]` : e.PAL_METRICS_HOST}:${e.PAL_METRICS_PORT}`, intervalMs: e.PAL_METRICS_INTERVAL_SECONDS * 1000 },
      ),
    env,
  );

// Alerts to the coordinator (README "Alerts"): the API process checks PAL's health every PAL_ALERT_INTERVAL_SECONDS
// (0: never) and emails PAL_ALERT_EMAIL (default PAL_COORDINATOR_EMAIL) once when a problem appears and once when it
// clears. Emails link Temporal UI only when PAL_TEMPORAL_UI_URL is set (its default, on loopback, helps nobody reading mail).
export const alertConfig = (env: Env = process.env) =>
  parse(
    'alerts',
    z
      .object({
        PAL_ALERT_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
        PAL_ALERT_EMAIL: z.string().email().optional(),
        PAL_COORDINATOR_EMAIL: coordinatorEmail,
        PAL_ALERT_OUTBOX_MINUTES: z.coerce.number().int().min(1).max(7 * 24 * 60).default(30),
        PAL_TEMPORAL_UI_URL: z.string().url().optional(),
        TEMPORAL_NAMESPACE: z.string().default('default'),
      })
      .transform((e) => ({
        intervalMs: e.PAL_ALERT_INTERVAL_SECONDS * 1000,
        to: e.PAL_ALERT_EMAIL ?? e.PAL_COORDINATOR_EMAIL,
        outboxMinutes: e.PAL_ALERT_OUTBOX_MINUTES,
        temporalUiUrl: e.PAL_TEMPORAL_UI_URL && `${e.PAL_TEMPORAL_UI_URL.replace(/\/+$/, '')}/namespaces/${encodeURIComponent(e.TEMPORAL_NAMESPACE)}`,
      })),
    env,
  );

// Lead rules that are configuration (domain.md): the state holiday list and how long a lead may stay open.
export const leadConfig = (env: Env = process.env) =>
  parse(
    'lead',
    z
      .object({
        PAL_LEAD_MAX_OPEN_DAYS: z.coerce.number().int().min(1).max(3650).default(DEFAULT_MAX_OPEN_DAYS),
        PAL_ROUTING_RETRY_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(DEFAULT_ROUTING_RETRY_MINUTES),
        PAL_STATE_HOLIDAYS: z.string().optional(),
        PAL_REFERRAL_ALERT_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(DEFAULT_REFERRAL_ALERT_MINUTES),
      })
      .transform((e) => ({
        workflowDefaults: {
          maxOpenDays: e.PAL_LEAD_MAX_OPEN_DAYS,
          routingRetryInterval: `${e.PAL_ROUTING_RETRY_MINUTES} minutes`,
          referralAlertAfter: `${e.PAL_REFERRAL_ALERT_MINUTES} minutes`,
        },
        holidayNames: e.PAL_STATE_HOLIDAYS?.split(',').map((n) => n.trim()).filter(Boolean),
      })),
    env,
  );

// The report calendar (domain.md): defaults reproduce the OE5 table.
export const reportCalendarConfig = (env: Env = process.env): ReportCalendarConfig =>
  parse(
    'report calendar',
    z
      .object({
        PAL_REPORT_PROGRAM_START: z.string().default(OE5_REPORT_CALENDAR.programStart),
        PAL_REPORT_FIRST_PERIOD_END: z.string().default(OE5_REPORT_CALENDAR.firstPeriodEnd),
        PAL_REPORT_PERIOD_DAYS: z.coerce.number().default(OE5_REPORT_CALENDAR.periodDays),
        PAL_REPORT_SEND_LAG_DAYS: z.coerce.number().default(OE5_REPORT_CALENDAR.sendLagDays),
        PAL_REPORT_DUE_LAG_DAYS: z.coerce.number().default(OE5_REPORT_CALENDAR.dueLagDays),
      })
      .transform((e, ctx) => {
        const config = {
          programStart: e.PAL_REPORT_PROGRAM_START,
          firstPeriodEnd: e.PAL_REPORT_FIRST_PERIOD_END,
          periodDays: e.PAL_REPORT_PERIOD_DAYS,
          sendLagDays: e.PAL_REPORT_SEND_LAG_DAYS,
          dueLagDays: e.PAL_REPORT_DUE_LAG_DAYS,
        };
        for (const message of validateReportCalendar(config)) ctx.addIssue({ code: 'custom', path: ['PAL_REPORT_*'], message });
        return config;
      }),
    env,
  );

// Routing: how much farther than the closest eligible assister a speaker of the consumer's language may be.
export const routingConfig = (env: Env = process.env) =>
  parse(
    'routing',
    z
      .object({ PAL_LANGUAGE_EXTRA_MILES: z.coerce.number().min(0).default(DEFAULT_LANGUAGE_EXTRA_MILES) })
      .transform((e) => ({ languageExtraMiles: e.PAL_LANGUAGE_EXTRA_MILES })),
    env,
  );
export type RoutingSettings = ReturnType<typeof routingConfig>;

// Performance: the distance beyond which a county counts as a geographic gap, and the minimum expectations below
// which an assister is flagged for review (two consecutive periods).
export const metricsConfig = (env: Env = process.env) =>
  parse(
    'metrics',
    z
      .object({
        PAL_GAP_MILES: z.coerce.number().positive().default(60),
        PAL_REVIEW_MIN_CONTACT_SHARE: z.coerce.number().min(0).max(1).default(0.8),
        PAL_REVIEW_MIN_14_DAY_SHARE: z.coerce.number().min(0).max(1).default(0.5),
        PAL_REVIEW_REPORT_ON_TIME: flag.default(true),
      })
      .transform((e) => ({
        gapMiles: e.PAL_GAP_MILES,
        minimums: {
          contactedWithinDeadline: e.PAL_REVIEW_MIN_CONTACT_SHARE,
          appointmentOrResolutionWithin14Days: e.PAL_REVIEW_MIN_14_DAY_SHARE,
          reportOnTime: e.PAL_REVIEW_REPORT_ON_TIME,
        },
      })),
    env,
  );

export type MetricsConfig = ReturnType<typeof metricsConfig>;

// PAL's HTTP API on Fastify: a thin layer over the Temporal client and store/. The routes (routes/*, one plugin per
// area) declare their zod schemas, which validate requests, shape replies and make the OpenAPI document; their
// roles (access.ts), body limits (bodies.ts) and error answers (errors.ts) are set here once for all of them.
import { readFileSync } from 'node:fs';
import type { Client } from '@temporalio/client';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Mailer } from '../../activities/mailer';
import { holidayCalendar, type HolidayCalendar } from '../../domain/business-days';
import { OE5_REPORT_CALENDAR, type ReportCalendarConfig } from '../../domain/report-calendar';
import { apiConfig, metricsConfig, oidcConfig, routingConfig, webConfig, type authConfig, type OidcSettings, type RoutingSettings } from '../../platform/config';
import type { Sql } from '../../store/database';
import type { MetricsSettings } from '../../store/metrics';
import { checkAccess } from './access';
import { jsonBodies, JSON_LIMIT } from './bodies';
import { answerErrors } from './errors';
import type { IntakeDeps } from './intake';
import { registerOpenApi } from './openapi';
import { assisterRoutes } from './routes/assisters';
import { auditRoutes } from './routes/audit';
import { contactPointRoutes } from './routes/contact-points';
import { healthRoutes } from './routes/health';
import { leadRoutes } from './routes/leads';
import { metricsRoutes } from './routes/metrics';
import { reportRoutes } from './routes/reports';
import { webPages } from '../web/plugin';
import type { WebSettings } from '../web/session';

export interface ApiDeps {
  client: Client;
  sql: Sql;
  taskQueue: string;
  tokens: ReturnType<typeof authConfig>;
  workflowDefaults?: IntakeDeps['workflowDefaults'];
  calendar?: ReportCalendarConfig;
  mailer?: Mailer;
  /** State holidays and performance settings for the metrics (default: PAL's defaults). */
  holidays?: HolidayCalendar;
  metrics?: MetricsSettings;
  /** Routing's language allowance (default: PAL_LANGUAGE_EXTRA_MILES's). */
  routing?: RoutingSettings;
  /** How many report workbooks one assister may submit an hour (default: PAL_REPORT_SUBMISSIONS_PER_HOUR's). */
  reportSubmissionsPerHour?: number;
  /** The certificate and key to serve HTTPS with (PAL_API_TLS_CERT, PAL_API_TLS_KEY); plain HTTP without. */
  https?: { cert: Buffer; key: Buffer };
  /** Behind a TLS proxy (PAL_API_BEHIND_TLS_PROXY): the client's address is the one the proxy reports (one hop). */
  behindTlsProxy?: boolean;
  /** The pages' settings (public URL, sessions; default: PAL's defaults). */
  web?: WebSettings;
  /** Staff sign-in through OpenID Connect (default: PAL_OIDC_*'s; none without PAL_OIDC_ISSUER). */
  oidc?: OidcSettings;
}

/** What every route may use: PostgreSQL, the Temporal client and PAL's settings (app.pal). */
export interface ApiContext {
  client: Client;
  sql: Sql;
  taskQueue: string;
  workflowDefaults?: IntakeDeps['workflowDefaults'];
  calendar: ReportCalendarConfig;
  mailer?: Mailer;
  holidays: HolidayCalendar;
  metrics: MetricsSettings;
  routing: RoutingSettings;
  reportSubmissionsPerHour: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    pal: ApiContext;
  }
}

/** The API, ready to listen: `await app.listen({ port, host })`, and `await app.close()`. */
export function createApiServer({ tokens, https, behindTlsProxy, ...deps }: ApiDeps): FastifyInstance {
  // Fastify types an HTTPS server apart; the routes see the same instance either way.
  // Per-client limits (sign-in) need the client's address, not the proxy's. Behind the TLS proxy (the only way in),
  // the immediate peer is the proxy and its X-Forwarded-For's last address is the client. A hop count would not do:
  // Fastify 5 trusts no one for a number, since it cannot check the peer.
  const app = Fastify({ bodyLimit: JSON_LIMIT, trustProxy: behindTlsProxy ? (_address: string, hop: number) => hop < 1 : false, ...(https && { https }) } as FastifyServerOptions).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('pal', {
    ...deps,
    calendar: deps.calendar ?? OE5_REPORT_CALENDAR,
    holidays: deps.holidays ?? holidayCalendar(),
    metrics: deps.metrics ?? metricsConfig({}),
    routing: deps.routing ?? routingConfig(),
    reportSubmissionsPerHour: deps.reportSubmissionsPerHour ?? apiConfig({}).reportSubmissionsPerHour,
  });
  jsonBodies(app);
  answerErrors(app);
  checkAccess(app, deps.sql, tokens);
  registerOpenApi(app);
  void app.register(healthRoutes);
  void app.register(leadRoutes, { prefix: '/api' });
  void app.register(assisterRoutes, { prefix: '/api/assisters' });
  void app.register(contactPointRoutes, { prefix: '/api/assisters' });
  void app.register(reportRoutes, { prefix: '/api/reports' });
  void app.register(metricsRoutes, { prefix: '/api' });
  void app.register(auditRoutes, { prefix: '/api' });
  void app.register(webPages, { sql: deps.sql, client: deps.client, mailer: deps.mailer, settings: deps.web ?? webConfig(), oidc: deps.oidc ?? oidcConfig(), routing: deps.routing ?? routingConfig() });
  return app;
}

/** What the API's configuration asks of the server: HTTPS with its certificate and key (read now), the submission limit. */
export function apiServerSettings(config: ReturnType<typeof apiConfig>): Pick<ApiDeps, 'https' | 'reportSubmissionsPerHour' | 'behindTlsProxy'> {
  const read = (file: string, variable: string) => {
    try {
      return readFileSync(file);
    } catch (err) {
      throw new Error(`${variable}: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  };
  const https = config.tls && { cert: read(config.tls.certFile, 'PAL_API_TLS_CERT'), key: read(config.tls.keyFile, 'PAL_API_TLS_KEY') };
  return { https, reportSubmissionsPerHour: config.reportSubmissionsPerHour, behindTlsProxy: config.behindTlsProxy };
}

// The pages people use, on PAL's Fastify server beside the API: USWDS served from its package, form bodies,
// cookies, CSRF on every form, a strict CSP (no inline script or style: pages work without JavaScript), and the
// portal's sessions. Encapsulated, so none of it changes how the JSON API behaves.
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import type { Client } from '@temporalio/client';
import type { FastifyError, FastifyInstance } from 'fastify';
import type { Mailer } from '../../activities/mailer';
import type { OidcSettings, RoutingSettings } from '../../platform/config';
import type { Sql } from '../../store/database';
import { Page } from './layout';
import { auditTrailRoutes } from './audit';
import { directoryRoutes } from './directory';
import { escalationRoutes } from './escalations';
import { findLeadRoutes } from './find-lead';
import { helpRoutes } from './help';
import { intakeRoutes } from './intake';
import { leadListRoutes } from './leads';
import { messageRoutes } from './messages';
import { oidcRoutes } from './oidc';
import { organizationRoutes } from './organization';
import { portalRoutes } from './portal';
import { programRoutes } from './program';
import { reportsRoutes } from './reports';
import { sendPage } from './render';
import { loadSessions, type WebSettings } from './session';
import { signInRoutes } from './sign-in';
import { staffRoutes } from './staff';

export interface WebDeps {
  sql: Sql;
  client: Client;
  mailer?: Mailer;
  settings: WebSettings;
  /** Staff sign-in through OpenID Connect (PAL_OIDC_*); without it staff use the email sign-in. */
  oidc?: OidcSettings;
  /** Routing's language allowance, for the intake's preview. */
  routing: RoutingSettings;
}

// The package's main file is dist/js/uswds.min.js; its dist folder holds the CSS, fonts and images.
const uswdsDist = join(require.resolve('@uswds/uswds'), '..', '..');

export async function webPages(app: FastifyInstance, deps: WebDeps): Promise<void> {
  // Pages are for people, not part of the API's OpenAPI document.
  app.addHook('onRoute', (route) => {
    route.schema = { ...route.schema, hide: true };
  });
  // Forms post as application/x-www-form-urlencoded; the API's JSON parsing does not apply here.
  app.removeAllContentTypeParsers();
  await app.register(fastifyFormbody, { bodyLimit: 64 * 1024 });
  await app.register(fastifyCookie);
  await app.register(fastifyCsrf, { cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax', secure: deps.settings.secureCookies } });
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        upgradeInsecureRequests: deps.settings.secureCookies ? [] : null,
      },
    },
    strictTransportSecurity: deps.settings.secureCookies,
  });
  await app.register(fastifyStatic, { root: uswdsDist, prefix: '/assets/uswds/', decorateReply: false, index: false });
  await app.register(fastifyStatic, { root: join(__dirname, 'assets'), prefix: '/assets/', decorateReply: false, index: false, allowedPath: (path) => path === '/pal.css' || path === '/session-timeout.js' });
  app.setErrorHandler((err: FastifyError, _request, reply) => {
    // A form without its CSRF token (or with an old one): nothing was done; the person starts again.
    if (err.code?.startsWith('FST_CSRF')) return sendPage(reply, <Problem title="This form has expired">Nothing was changed. Go back, reload the page and try again.</Problem>, 403);
    if (err.statusCode && err.statusCode < 500 && err.statusCode !== 413)
      return sendPage(reply, <Problem title="That request could not be handled">Nothing was changed. Go back and try again.</Problem>, err.statusCode);
    if (err.statusCode === 413) return sendPage(reply, <Problem title="That is too much to send">Nothing was changed. Send less, or a smaller file.</Problem>, 413);
    console.error(`portal: unexpected ${err instanceof Error ? err.name : 'error'}`);
    return sendPage(reply, <Problem title="Something went wrong">Nothing was changed. Try again in a moment.</Problem>, 500);
  });
  loadSessions(app, deps.sql, deps.settings);
  signInRoutes(app, deps);
  portalRoutes(app, deps);
  await reportsRoutes(app, deps);
  await organizationRoutes(app, deps);
  await intakeRoutes(app, deps);
  await staffRoutes(app, deps);
  await oidcRoutes(app, deps);
  await findLeadRoutes(app, deps);
  await escalationRoutes(app, deps);
  await leadListRoutes(app, deps);
  await directoryRoutes(app, deps);
  await messageRoutes(app, deps);
  await helpRoutes(app, deps);
  await programRoutes(app, deps);
  await auditTrailRoutes(app, deps);
}

function Problem({ title, children }: { title: string; children: string }) {
  return (
    <Page title={title}>
      <h1>{title}</h1>
      <p>{children}</p>
    </Page>
  );
}

// The set-up every suite of PAL's pages shares: a lead environment on the shared dev server with its directory, the
// API and pages on a free port, and (for browser suites) a context of the shared Chromium; all closed after the suite.
import type { Assister } from '../../domain/assister';
import { startTestApi } from './api';
import { connect, type BrowserSession } from './browser';
import { openLeadTestEnv, type LeadTestEnv } from './lead-env';

export interface PageSuite {
  t: LeadTestEnv;
  server: Awaited<ReturnType<typeof startTestApi>>;
  /** Only with `browser: true`. */
  b: BrowserSession;
}

/** Registers beforeAll/afterAll for the suite; the returned object is filled in before its first test. */
export function pageSuite(options: { assisters?: Assister[]; browser?: boolean } = {}): PageSuite {
  const suite = {} as PageSuite;
  beforeAll(async () => {
    suite.t = await openLeadTestEnv({ server: 'dev-server' });
    if (options.assisters?.length) await suite.t.addAssisters(options.assisters);
    suite.server = await startTestApi(suite.t, { mailer: suite.t.mailer });
    if (options.browser) suite.b = await connect();
  });
  afterAll(async () => {
    await suite.b?.close();
    await suite.server?.close();
    await suite.t?.close();
  });
  return suite;
}

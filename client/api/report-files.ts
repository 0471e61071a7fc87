// Report workbooks over HTTP, the same for the API and the portal's Reports page: the workbook as a download, and
// the hourly limit on returned ones. Each assister may submit PAL_REPORT_SUBMISSIONS_PER_HOUR workbooks an hour,
// counted once per server whichever way they come (the API's upload or the portal's form, any token or person);
// beyond that, 429 with Retry-After, before the body is read.
import rateLimit, { type FastifyRateLimitStore, type FastifyRateLimitStoreCtor, type RateLimitOptions } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { reportWorkbookFor } from '../../activities/reports';
import type { ReportPeriod } from '../../domain/report-calendar';
import type { Sql } from '../../store/database';
import { HttpError } from '../http';
import { XLSX } from './schemas';

/** The assister's workbook for the period, and the headers that make it a download named by assister and period. */
export async function reportDownload(sql: Sql, assisterId: string, period: ReportPeriod): Promise<{ headers: Record<string, string>; workbook: Buffer }> {
  const { workbook } = await reportWorkbookFor(sql, assisterId, period);
  return { workbook, headers: { 'content-type': XLSX, 'content-disposition': `attachment; filename="pal-report-${assisterId}-${period.referralsFrom}.xlsx"` } };
}

interface Window {
  count: number;
  startedAt: number;
}
const countsByServer = new WeakMap<object, Map<string, Window>>();

/** A rate-limit store that counts every route of every registration on this server in one table. */
function sharedCounts(server: object): FastifyRateLimitStoreCtor {
  const windows = countsByServer.get(server) ?? new Map<string, Window>();
  countsByServer.set(server, windows);
  return class SharedCounts implements FastifyRateLimitStore {
    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
      const now = Date.now();
      let window = windows.get(key);
      if (!window || window.startedAt + timeWindow <= now) windows.set(key, (window = { count: 0, startedAt: now }));
      window.count++;
      callback(null, { current: window.count, ttl: window.startedAt + timeWindow - now });
    }
    child(): FastifyRateLimitStore {
      return this;
    }
  };
}

/**
 * Registers the limit in this scope and returns the `config.rateLimit` of a submission route; `assisterOf` names
 * the assister a request submits for (checked before: the route's onRequest hooks run first).
 */
export async function reportSubmissionLimit(app: FastifyInstance, assisterOf: (request: FastifyRequest) => string): Promise<RateLimitOptions> {
  await app.register(rateLimit, { global: false, store: sharedCounts(app.server) });
  return {
    hook: 'preParsing',
    max: app.pal.reportSubmissionsPerHour,
    timeWindow: '1 hour',
    keyGenerator: (request) => `report-submissions:${assisterOf(request)}`,
    errorResponseBuilder: (_request, { max, ttl }) => new HttpError(429, `Too many report submissions for this assister: at most ${max} an hour. Try again in ${Math.ceil(ttl / 1000)} seconds`),
  };
}

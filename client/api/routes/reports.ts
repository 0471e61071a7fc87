// Preferred Assister Reports: an assister's workbook for a period (the coordinator's download), and a completed
// workbook submitted as the request body (raw .xlsx bytes, up to 21 MB; over 20 MB it is refused, not kept). Each
// assister may submit PAL_REPORT_SUBMISSIONS_PER_HOUR workbooks an hour, counted per API process whoever sends them
// (its own token, the coordinator's, or its people on the portal's Reports page: report-files.ts); beyond that, 429
// with Retry-After, before the body is read.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MAX_REPORT_ROWS } from '../../../activities/report-workbook';
import { knownAssister, pathAssister } from '../access';
import { rawBodies, WORKBOOK_LIMIT } from '../bodies';
import { periodQuery, resolvePeriod } from '../periods';
import { reportDownload, reportSubmissionLimit } from '../report-files';
import { submitReport } from '../report-submission';
import { refusals, submissionResultSchema, workbookBody, workbookReply, XLSX } from '../schemas';

const params = z.object({ assisterId: z.string().describe('The assister id') });
const tags = ['reports'];
const who = ['coordinator', 'that-assister'] as const;

export const reportRoutes: FastifyPluginAsyncZod = async (app) => {
  const { sql, calendar, reportSubmissionsPerHour } = app.pal;
  rawBodies(app);
  // After the caller's token and the assister are checked (onRequest), before the body is read.
  const rateLimit = await reportSubmissionLimit(app, pathAssister);

  app.get(
    '/:assisterId(^[a-z0-9-]+).xlsx',
    {
      config: { who },
      onRequest: knownAssister(sql),
      schema: {
        tags,
        summary: 'The report workbook of the period (default: the latest sent)',
        params,
        querystring: periodQuery,
        produces: [XLSX],
        response: { 200: workbookReply("The assister's Preferred Assister Report workbook, outcomes already reported prefilled"), ...refusals([400, 401, 403, 404]) },
      },
    },
    async (request, reply) => {
      const { assisterId } = request.params;
      const period = resolvePeriod(calendar, request.query.period);
      const { headers, workbook } = await reportDownload(sql, assisterId, period);
      return reply.headers(headers).send(workbook);
    },
  );

  app.post(
    '/:assisterId(^[a-z0-9-]+$)',
    {
      bodyLimit: WORKBOOK_LIMIT,
      config: { who, emptyBody: Buffer.alloc(0), rateLimit },
      onRequest: knownAssister(sql),
      schema: {
        tags,
        summary: 'Submit a completed report',
        description: 'Valid rows are recorded at once and applied to their lead workflows; rejected rows come back with row, column and reason. The same file again changes nothing.',
        params,
        querystring: periodQuery,
        consumes: [XLSX],
        body: workbookBody,
        response: {
          200: submissionResultSchema,
          422: submissionResultSchema.describe(
            `The file was refused whole (not an .xlsx, encrypted, too large, a zip bomb, no Report sheet, more than ${MAX_REPORT_ROWS.toLocaleString('en-US')} rows): rejectedFile says why`,
          ),
          ...refusals([400, 401, 403, 404, 413, 429], { 429: `More than ${reportSubmissionsPerHour} submissions for this assister in the last hour: Retry-After says how many seconds to wait` }),
        },
      },
    },
    async (request, reply) => {
      const result = await submitReport(app.pal, request.params.assisterId, resolvePeriod(calendar, request.query.period), request.body);
      return reply.code(result.rejectedFile ? 422 : 200).send(result);
    },
  );
};

// Performance figures for a report period: per assister and for the program (coordinator), an assister's own
// figures (its token), and the same as a workbook (coordinator).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { metricsWorkbook } from '../../../activities/metrics-workbook';
import { assisterRecord } from '../../../store/assisters';
import { periodMetrics } from '../../../store/metrics';
import { HttpError } from '../../http';
import { periodQuery, resolvePeriod } from '../periods';
import { periodMetricsSchema, refusals, workbookReply, XLSX } from '../schemas';

const querystring = periodQuery.extend({ assister: z.string().optional().describe("One assister's figures (coordinator; an assister always sees its own)") });
const tags = ['metrics'];

export const metricsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { sql, calendar, holidays, metrics: settings } = app.pal;

  /** The figures a caller may see: a coordinator all (?assister= narrows), an assister only its own. */
  async function visibleMetrics(request: FastifyRequest, query: z.infer<typeof querystring>) {
    const { identity } = request;
    const assisterId = identity.role === 'assister' ? identity.assisterId : query.assister;
    if (assisterId && !(await assisterRecord(sql, assisterId))) throw new HttpError(404, 'Assister not found');
    const figures = await periodMetrics(sql, resolvePeriod(calendar, query.period), holidays, settings, assisterId);
    return identity.role === 'assister' ? { ...figures, program: undefined, reviewFlags: [] } : figures;
  }

  app.get(
    '/metrics',
    {
      config: { who: ['coordinator', 'assister'] },
      schema: { tags, summary: 'Performance figures of a report period', querystring, response: { 200: periodMetricsSchema, ...refusals([400, 401, 403, 404]) } },
    },
    async (request) => visibleMetrics(request, request.query),
  );

  app.get(
    '/metrics.xlsx',
    {
      config: { who: ['coordinator'] },
      schema: { tags, summary: 'The performance figures as a workbook', querystring, produces: [XLSX], response: { 200: workbookReply('One sheet per view'), ...refusals([400, 401, 403, 404]) } },
    },
    async (request, reply) => {
      const figures = await visibleMetrics(request, request.query);
      return reply
        .header('content-type', XLSX)
        .header('content-disposition', `attachment; filename="pal-metrics-${figures.period.referralsFrom}.xlsx"`)
        .send(await metricsWorkbook({ ...figures, program: figures.program! }));
    },
  );
};

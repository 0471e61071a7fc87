// The audit trail of a period as CSV (coordinator): `pal audit export` and the console's Audit trail page give the
// same file (client/audit-export.ts). The export itself is audited, by the coordinator's token.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { calendarDateSchema } from '../../../domain/date-schema';
import { AUDIT_EXPORT_MAX_DAYS, auditPeriodProblems, sendAuditCsv } from '../../audit-export';
import { HttpError } from '../../http';
import { requesterOf } from '../access';
import { refusals } from '../schemas';

const querystring = z.object({
  from: calendarDateSchema('from').describe('The first day, a Minnesota calendar date (YYYY-MM-DD)'),
  to: calendarDateSchema('to').describe(`The last day, included (YYYY-MM-DD); at most ${AUDIT_EXPORT_MAX_DAYS} days after from, counting both`),
});
const CSV = 'text/csv';
const csvReply = {
  description:
    'The audit trail, oldest first, as an attachment: at (ISO, UTC), at (Minnesota time), actor, actor email, action, lead reference, assister id, detail (JSON). A cell beginning with = + - or @ begins with an apostrophe.',
  content: { [CSV]: { schema: z.string() } },
};

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  const { sql } = app.pal;
  app.get(
    '/audit',
    {
      config: { who: ['coordinator'] },
      schema: { tags: ['audit'], summary: 'The audit trail of a period, as CSV', querystring, produces: [CSV], response: { 200: csvReply, ...refusals([400, 401, 403]) } },
    },
    async (request, reply) => {
      const { from, to } = request.query;
      const problems = auditPeriodProblems(from, to, { from: 'from', to: 'to' });
      if (problems.length) throw new HttpError(400, problems.map((p) => p.message).join('; '));
      return sendAuditCsv(reply, sql, { from, to }, requesterOf(request.identity));
    },
  );
};

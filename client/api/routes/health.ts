// GET /healthz: whether the API reaches PostgreSQL and Temporal. Open to anyone (load balancers, monitors).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

const healthSchema = z.object({ status: z.enum(['ok', 'degraded']), database: z.enum(['ok', 'unavailable']), temporal: z.enum(['ok', 'unavailable']) });

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/healthz',
    {
      schema: {
        summary: 'Database and Temporal reachability',
        description: 'Open to anyone, without a token.',
        tags: ['health'],
        response: { 200: healthSchema.describe('Both are reachable'), 503: healthSchema.describe('One of them is not') },
      },
    },
    async (_request, reply) => {
      const { sql, client } = app.pal;
      const [database, temporal] = await Promise.all([
        sql`select 1`.then(() => 'ok' as const, () => 'unavailable' as const),
        client.workflowService.getSystemInfo({}).then(() => 'ok' as const, () => 'unavailable' as const),
      ]);
      const ok = database === 'ok' && temporal === 'ok';
      return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'degraded', database, temporal });
    },
  );
};

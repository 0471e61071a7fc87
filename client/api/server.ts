// PAL's HTTP API: a thin layer over the Temporal client and the database read model.
import { createServer, type Server } from 'node:http';
import type { Client } from '@temporalio/client';
import type { Sql } from '../../activities/database';
import { HttpError, sendError, sendJson } from '../http';

export interface ApiDeps {
  client: Client;
  sql: Sql;
}

export function createApiServer({ client, sql }: ApiDeps): Server {
  return createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://api');
      if (req.method === 'GET' && url.pathname === '/healthz') {
        const [database, temporal] = await Promise.all([
          sql`select 1`.then(() => 'ok', () => 'unavailable'),
          client.workflowService.getSystemInfo({}).then(() => 'ok', () => 'unavailable'),
        ]);
        const ok = database === 'ok' && temporal === 'ok';
        return sendJson(res, ok ? 200 : 503, { status: ok ? 'ok' : 'degraded', database, temporal });
      }
      throw new HttpError(404, 'Not found');
    } catch (err) {
      sendError(res, err);
    }
  });
}

// The organization's Preferred Assister Reports: periods, the workbook to download, the completed one to submit.
import type { FastifyInstance } from 'fastify';
import type { WebDeps } from './plugin';

export async function reportsRoutes(_app: FastifyInstance, _deps: WebDeps): Promise<void> {}

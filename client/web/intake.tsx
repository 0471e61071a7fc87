// The representative's intake: the lead form, routing preview, duplicate check, and Lead created.
import type { FastifyInstance } from 'fastify';
import type { WebDeps } from './plugin';

export async function intakeRoutes(_app: FastifyInstance, _deps: WebDeps): Promise<void> {}

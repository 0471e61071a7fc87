// The organization's page: contact point, people and invitations, suspension, figures and audit trail.
import type { FastifyInstance } from 'fastify';
import type { WebDeps } from './plugin';

export async function organizationRoutes(_app: FastifyInstance, _deps: WebDeps): Promise<void> {}

// Who may call a route. Each route names its roles (config.who); one hook checks the bearer token against them
// before anything else is read, sets request.identity, and the OpenAPI document states the same roles.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Requester } from '../../contracts/directory';
import type { authConfig } from '../../platform/config';
import { assisterRecord } from '../../store/assisters';
import type { Sql } from '../../store/database';
import { identify, type Identity } from '../auth';
import { bearerToken, HttpError } from '../http';

/**
 * coordinator, contact-center: the configured tokens. An assister's own token counts as "assister" (any assister;
 * the route shows it only its own), "lead-assister" (the lead's assister: the lead routes check the lead) or
 * "that-assister" (the assister named in the path).
 */
export type Role = 'coordinator' | 'contact-center' | 'assister' | 'lead-assister' | 'that-assister';

export const ROLE_LABELS: Record<Role, string> = {
  coordinator: 'coordinator',
  'contact-center': 'contact center',
  assister: 'an assister (its own figures)',
  'lead-assister': "the lead's assister",
  'that-assister': 'that assister',
};

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route; a route without it is open to anyone. */
    who?: readonly Role[];
  }
  interface FastifyRequest {
    identity: Identity;
  }
}

/** The assister a route's path names (`:id` or `:assisterId`). */
export const pathAssister = (request: FastifyRequest) => {
  const params = request.params as { id?: string; assisterId?: string };
  return params.assisterId ?? params.id ?? '';
};

export function checkAccess(app: FastifyInstance, sql: Sql, tokens: ReturnType<typeof authConfig>): void {
  app.decorateRequest('identity');
  app.addHook('onRequest', async (request) => {
    const who = request.routeOptions.config.who;
    if (!who) return;
    const identity = await identify(sql, tokens, bearerToken(request));
    if (!identity) throw new HttpError(401, 'A valid bearer token is required');
    const allowed = identity.role === 'assister' ? who.some((r) => r === 'assister' || r === 'lead-assister' || r === 'that-assister') : who.includes(identity.role);
    if (!allowed) throw new HttpError(403, `This action is not allowed for the ${identity.role} role`);
    if (identity.role === 'assister' && who.includes('that-assister') && identity.assisterId !== pathAssister(request)) {
      console.warn(`api: refused access to assister ${pathAssister(request)} for assister ${identity.assisterId}`);
      throw new HttpError(403, 'You may act only for your own organisation');
    }
    request.identity = identity;
  });
}

/** Who is asking, as the directory records it: "coordinator", or "assister:<id>" for an assister acting for itself. */
export const requesterOf = (identity: Identity): Requester => (identity.role === 'assister' ? `assister:${identity.assisterId}` : 'coordinator');

/** The assister the path names must be in the directory (404 otherwise); run after the role check. */
export const knownAssister = (sql: Sql) => async (request: FastifyRequest) => {
  if (!(await assisterRecord(sql, pathAssister(request)))) throw new HttpError(404, 'Assister not found');
};

// The OpenAPI 3.1 document, generated from the routes' zod schemas (@fastify/swagger) and served at /openapi.json,
// and Swagger UI at /docs. Each route's roles (config.who) become its security requirement, an x-pal-roles list
// and a "Who may call it" line in its description. Neither needs a token.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { ROLE_LABELS } from './access';

const description = [
  "PAL's HTTP API: leads, the assister directory, reports and performance of the Preferred Assister Lead program.",
  'Every call but /healthz needs `Authorization: Bearer <token>`: the coordinator\'s, the contact center\'s, or an',
  "assister's own (issued by the coordinator, valid 365 days unless said otherwise). Errors are `{ error, details? }`;",
  'a refused body lists every problem by field and never echoes what was sent.',
].join(' ');

export function registerOpenApi(app: FastifyInstance): void {
  void app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'PAL HTTP API', version: '1', description },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A coordinator, contact-center or assister token' } } },
    },
    transform: (document) => {
      const { schema, url } = jsonSchemaTransform(document);
      const who = document.route.config?.who;
      if (!who || schema.hide) return { schema, url };
      const roles = `Who may call it: ${who.map((r) => ROLE_LABELS[r]).join(', ')}.`;
      return { url, schema: { ...schema, description: `${schema.description ?? ''}\n\n${roles}`.trim(), security: [{ bearer: [] }], 'x-pal-roles': who } };
    },
  });
  void app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}

// "Why would this lead go there?": the routing decision for a lead without creating it, against the
// directory in the database or a proposed directory file (what-if).
import { routableAssisters } from '../activities/assisters';
import type { Sql } from '../activities/database';
import type { Assister } from '../domain/assister';
import type { Lead } from '../domain/lead';
import { route, routingFactsOf, type RoutableAssister, type RoutingDecision } from '../domain/routing';
import { minnesotaZipLocation } from '../domain/zip';

export const toRoutable = (a: Assister): RoutableAssister => ({ ...a, ...minnesotaZipLocation(a.zip)!, openLeads: a.openLeads ?? 0 });

export async function explainRoute(lead: Lead, directory: RoutableAssister[] | { sql: Sql }): Promise<RoutingDecision> {
  const assisters = Array.isArray(directory) ? directory : await routableAssisters(directory.sql);
  return route(routingFactsOf(lead), assisters);
}

// Routing (domain.md, "Routing"): which type of assister, then which assister. Pure: the directory is passed in.
import { greatCircleMiles, type Coordinates } from './geo';
import type { Determination, Lead } from './lead';
import { minnesotaZipLocation } from './zip';

export type AssisterType = 'navigator' | 'broker';
export type RoutingRule = 'no-application' | 'plan-selection' | 'public-program' | 'qhp' | 'pending-determination';

export interface RoutingFacts {
  applicationActive: boolean;
  planSelectionHelp: boolean;
  determinations: readonly Determination[];
}

/** The facts of a lead routing looks at, with the consumer's location from the ZIP. */
export function routingFactsOf(lead: Lead): RoutingFacts & { location: Coordinates } {
  return {
    applicationActive: lead.application.active,
    planSelectionHelp: lead.planSelectionHelp,
    determinations: lead.determinations,
    location: minnesotaZipLocation(lead.consumer.zip)!,
  };
}

/** The rules in order; the first that matches decides. */
export function assisterTypeFor(facts: RoutingFacts): { type: AssisterType; rule: RoutingRule } {
  if (!facts.applicationActive) return { type: 'navigator', rule: 'no-application' };
  if (facts.planSelectionHelp) return { type: 'broker', rule: 'plan-selection' };
  if (facts.determinations.some((d) => d === 'MA' || d === 'MinnesotaCare')) return { type: 'navigator', rule: 'public-program' };
  if (facts.determinations.includes('QHP')) return { type: 'broker', rule: 'qhp' };
  return { type: 'navigator', rule: 'pending-determination' };
}

export interface RoutableAssister extends Coordinates {
  id: string;
  type: AssisterType;
  status: 'active' | 'suspended';
  capacity: number;
  openLeads: number;
}

export type SkipReason = 'suspended' | 'at-capacity' | 'excluded';

export interface Candidate {
  assisterId: string;
  distanceMiles: number;
  openLeads: number;
  skipped?: SkipReason;
}

export interface RoutingDecision {
  assisterType: AssisterType;
  rule: RoutingRule;
  /** Undefined when no assister of the type can take the lead: it waits and the coordinator is alerted. */
  assisterId?: string;
  distanceMiles?: number;
  /** Every assister of the type, closest first, with why it was skipped. */
  candidates: Candidate[];
}

const round = (miles: number) => Math.round(miles * 10) / 10;

/**
 * The closest eligible assister of the right type (great-circle distance from the consumer's ZIP), ties to the
 * one with fewer open leads. `exclude` holds assisters that declined or were reassigned away from this lead.
 */
export function route(
  facts: RoutingFacts & { location: Coordinates },
  assisters: readonly RoutableAssister[],
  exclude: readonly string[] = [],
): RoutingDecision {
  const { type, rule } = assisterTypeFor(facts);
  const skipReason = (a: RoutableAssister): SkipReason | undefined =>
    exclude.includes(a.id) ? 'excluded' : a.status !== 'active' ? 'suspended' : a.openLeads >= a.capacity ? 'at-capacity' : undefined;
  const candidates = assisters
    .filter((a) => a.type === type)
    .map((a) => {
      const skipped = skipReason(a);
      return { assisterId: a.id, distanceMiles: round(greatCircleMiles(facts.location, a)), exactMiles: greatCircleMiles(facts.location, a), openLeads: a.openLeads, ...(skipped && { skipped }) };
    })
    .sort((a, b) => a.exactMiles - b.exactMiles || a.openLeads - b.openLeads || a.assisterId.localeCompare(b.assisterId))
    .map(({ exactMiles: _, ...c }) => c as Candidate);
  const chosen = candidates.find((c) => !c.skipped);
  return { assisterType: type, rule, assisterId: chosen?.assisterId, distanceMiles: chosen?.distanceMiles, candidates };
}

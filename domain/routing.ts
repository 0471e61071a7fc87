// Routing (domain.md, "Routing"): which type of assister, then which assister. Pure: the directory is passed in.
import { certificationLapsed } from './assister';
import { greatCircleMiles, type Coordinates } from './geo';
import type { Determination, Lead } from './lead';
import { minnesotaDate, type CalendarDate } from './time';
import { routingLanguage, speaks } from './languages';
import { minnesotaZipLocation } from './zip';

export type AssisterType = 'navigator' | 'broker';
/** The rules, and the representative's override that sends a lead the rules give a broker to a navigator. */
export const ROUTING_RULES = ['no-application', 'plan-selection', 'public-program', 'qhp', 'pending-determination', 'navigator-by-representative'] as const;
export type RoutingRule = (typeof ROUTING_RULES)[number];

export interface RoutingFacts {
  applicationActive: boolean;
  planSelectionHelp: boolean;
  determinations: readonly Determination[];
  /** The representative sent the lead to a navigator against the rules (domain.md, "Decision (overrides)"). */
  navigatorOverride?: boolean;
  /** The consumer's preferred language, as intake took it. */
  preferredLanguage?: string;
}

/** The facts of a lead routing looks at, with the consumer's location from the ZIP. */
export function routingFactsOf(lead: Lead): RoutingFacts & { location: Coordinates } {
  return {
    applicationActive: lead.application.active,
    planSelectionHelp: lead.planSelectionHelp,
    determinations: lead.determinations,
    location: minnesotaZipLocation(lead.consumer.zip)!,
    ...(lead.navigatorOverride && { navigatorOverride: true }),
    ...(lead.consumer.preferredLanguage && { preferredLanguage: lead.consumer.preferredLanguage }),
  };
}

type RulesRule = Exclude<RoutingRule, 'navigator-by-representative'>;

/** The rules in order; the first that matches decides. */
function rulesChoice(facts: RoutingFacts): { type: AssisterType; rule: RulesRule } {
  if (!facts.applicationActive) return { type: 'navigator', rule: 'no-application' };
  if (facts.planSelectionHelp) return { type: 'broker', rule: 'plan-selection' };
  if (facts.determinations.some((d) => d === 'MA' || d === 'MinnesotaCare')) return { type: 'navigator', rule: 'public-program' };
  if (facts.determinations.includes('QHP')) return { type: 'broker', rule: 'qhp' };
  return { type: 'navigator', rule: 'pending-determination' };
}

/**
 * The type and rule routing follows: the rules', or a navigator when the representative overrode a rule that
 * chooses a broker (`overriddenRule` names it). An override of a rule that already chooses a navigator changes
 * nothing; intake refuses it (navigatorOverrideRefusal).
 */
export function assisterTypeFor(facts: RoutingFacts): { type: AssisterType; rule: RoutingRule; overriddenRule?: RulesRule } {
  const byRules = rulesChoice(facts);
  return facts.navigatorOverride && byRules.type === 'broker' ? { type: 'navigator', rule: 'navigator-by-representative', overriddenRule: byRules.rule } : byRules;
}

/**
 * Why a representative may not send this lead to a navigator against the rules: only a lead the rules send to a
 * broker can be sent to a navigator instead (so never a broker for a public-program household, which goes to
 * navigators anyway). Undefined when the override may be used.
 */
export function navigatorOverrideRefusal(facts: RoutingFacts): string | undefined {
  const { type, rule } = rulesChoice(facts);
  if (type === 'broker') return undefined;
  return `The rules already send this lead to a navigator (rule ${rule}); sending it to a navigator instead is only for a lead the rules send to a broker`;
}

export interface RoutableAssister extends Coordinates {
  id: string;
  type: AssisterType;
  status: 'active' | 'suspended';
  capacity: number;
  openLeads: number;
  /** The last day its certification is valid; none on record: not certified. */
  certificationExpires?: CalendarDate;
  /** The languages its staff speak besides English. */
  languages?: readonly string[];
}

export const SKIP_REASONS = ['suspended', 'uncertified', 'certification-lapsed', 'at-capacity', 'excluded'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export interface Candidate {
  assisterId: string;
  distanceMiles: number;
  openLeads: number;
  skipped?: SkipReason;
  /** With a preferred language other than English: whether its staff speak it. */
  speaksLanguage?: boolean;
}

export interface RoutingDecision {
  assisterType: AssisterType;
  rule: RoutingRule;
  /** With rule navigator-by-representative: the rule that would have sent the lead to a broker. */
  overriddenRule?: RoutingRule;
  /** Undefined when no assister of the type can take the lead: it waits and the coordinator is alerted. */
  assisterId?: string;
  distanceMiles?: number;
  /** Every assister of the type, closest first, with why it was skipped. */
  candidates: Candidate[];
  /** A coordinator's named assister (a reassignment), and why it was not eligible when that was overridden. */
  target?: { assisterId: string; ineligible?: string };
  /**
   * The consumer's preferred language (other than English): whether the chosen assister speaks it, and the closer
   * eligible one passed over for it (at most `languageExtraMiles` closer), if any.
   */
  language?: { preferred: string; spoken: boolean; closerPassedOver?: { assisterId: string; extraMiles: number } };
}

const round = (miles: number) => Math.round(miles * 10) / 10;

/** Why routing would pass over an assister (the lead's exclusions aside), or undefined when it can take a lead. */
function ineligibility(a: RoutableAssister, today: CalendarDate): Exclude<SkipReason, 'excluded'> | undefined {
  if (a.status !== 'active') return 'suspended';
  if (a.certificationExpires === undefined) return 'uncertified';
  if (certificationLapsed(a.certificationExpires, today)) return 'certification-lapsed';
  return a.openLeads >= a.capacity ? 'at-capacity' : undefined;
}

const SKIP_WORDS: Record<SkipReason, string> = {
  suspended: 'is suspended',
  uncertified: 'has no certification on record',
  'certification-lapsed': 'has a lapsed certification',
  'at-capacity': 'is at capacity',
  excluded: 'was excluded',
};

export interface RoutingOptions {
  /** Today's Minnesota date, for certification (default: now). */
  today?: CalendarDate;
  /** A coordinator's reassignment to this assister; see namedAssisterIneligibility. */
  target?: string;
  /** How much farther a speaker of the consumer's language may be than the closest eligible assister. */
  languageExtraMiles?: number;
}

/** Decision: a speaker of the consumer's language is chosen over a closer assister up to this much farther. */
export const DEFAULT_LANGUAGE_EXTRA_MILES = 30;

/**
 * The closest eligible assister of the right type (great-circle distance from the consumer's ZIP), ties to the
 * one with fewer open leads. `exclude` holds assisters that declined or were reassigned away from this lead.
 * With a `target`, the lead goes to it unless the one rule no override lifts forbids it (then it is routed as
 * usually, and the decision says why); the workflow has refused an ineligible target without an override before.
 */
export function route(
  facts: RoutingFacts & { location: Coordinates },
  assisters: readonly RoutableAssister[],
  exclude: readonly string[] = [],
  options: RoutingOptions = {},
): RoutingDecision {
  const { type, rule, overriddenRule } = assisterTypeFor(facts);
  const today = options.today ?? minnesotaDate(new Date());
  const skipReason = (a: RoutableAssister): SkipReason | undefined => (exclude.includes(a.id) ? 'excluded' : ineligibility(a, today));
  const language = routingLanguage(facts.preferredLanguage);
  const measured = assisters
    .filter((a) => a.type === type)
    .map((a) => {
      const skipped = skipReason(a);
      return {
        assisterId: a.id,
        distanceMiles: round(greatCircleMiles(facts.location, a)),
        exactMiles: greatCircleMiles(facts.location, a),
        openLeads: a.openLeads,
        ...(skipped && { skipped }),
        ...(language && { speaksLanguage: speaks(a.languages, language) }),
      };
    })
    .sort((a, b) => a.exactMiles - b.exactMiles || a.openLeads - b.openLeads || a.assisterId.localeCompare(b.assisterId));
  const closest = measured.find((c) => !c.skipped);
  // Decision (language): the closest eligible speaker of the consumer's language, if at most languageExtraMiles
  // farther than the closest eligible assister; otherwise the closest.
  const speaker = language && closest && !closest.speaksLanguage ? measured.find((c) => !c.skipped && c.speaksLanguage) : undefined;
  const extraMiles = speaker && closest ? speaker.exactMiles - closest.exactMiles : Infinity;
  const chosen = speaker && extraMiles <= (options.languageExtraMiles ?? DEFAULT_LANGUAGE_EXTRA_MILES) ? speaker : closest;
  const candidates = measured.map(({ exactMiles: _, ...c }) => c as Candidate);
  const decision: RoutingDecision = {
    assisterType: type,
    rule,
    ...(overriddenRule && { overriddenRule }),
    assisterId: chosen?.assisterId,
    distanceMiles: chosen?.distanceMiles,
    candidates,
    ...(language &&
      chosen && {
        language: { preferred: language, spoken: !!chosen.speaksLanguage, ...(chosen !== closest && closest && { closerPassedOver: { assisterId: closest.assisterId, extraMiles: round(extraMiles) } }) },
      }),
  };
  if (options.target === undefined) return decision;
  const target = assisters.find((a) => a.id === options.target);
  const refusal = namedAssisterIneligibility(facts, assisters, options.target, today);
  // A named assister is the coordinator's choice: the language choice does not apply.
  const { language: _, ...named } = decision;
  if (!target || (refusal && !refusal.overridable)) return { ...decision, target: { assisterId: options.target, ineligible: refusal?.reason } };
  return {
    ...named,
    assisterType: target.type,
    assisterId: target.id,
    distanceMiles: round(greatCircleMiles(facts.location, target)),
    target: { assisterId: target.id, ...(refusal && { ineligible: refusal.reason }) },
  };
}

/** How routing weighed the consumer's language, in words (intake's preview, pal route). */
export function languageWords(d: Pick<RoutingDecision, 'language' | 'assisterId' | 'candidates'>, name: (assisterId: string) => string = (id) => id): string {
  const l = d.language;
  if (!l) return '';
  if (l.closerPassedOver)
    return `${l.preferred}: ${name(d.assisterId!)} speaks it, ${l.closerPassedOver.extraMiles} miles farther than ${name(l.closerPassedOver.assisterId)}, the closest, which does not`;
  if (l.spoken) return `${l.preferred}: the closest eligible assister speaks it`;
  return d.candidates.some((c) => c.speaksLanguage && !c.skipped)
    ? `${l.preferred}: no eligible assister that speaks it is close enough; the closest was chosen`
    : `${l.preferred}: no eligible assister of this type lists it; the closest was chosen`;
}

/**
 * Why a coordinator should not reassign a lead to a named assister (domain.md, "Decision (overrides)"): suspended,
 * without a valid certification, at capacity, or of the other type than the rules choose. Each may be overridden
 * with a reason, except one: never to a broker for a household the `public-program` rule sends to navigators.
 * Undefined when the assister is eligible.
 */
export function namedAssisterIneligibility(
  facts: RoutingFacts,
  assisters: readonly RoutableAssister[],
  assisterId: string,
  today: CalendarDate,
): { reason: string; overridable: boolean } | undefined {
  const target = assisters.find((a) => a.id === assisterId);
  if (!target) return { reason: `Assister ${assisterId} is not in the directory`, overridable: false };
  const { type, rule } = assisterTypeFor(facts);
  if (target.type === 'broker' && rule === 'public-program')
    return { reason: `Assister ${assisterId} is a broker, and brokers may not assist a household with a public program determination (rule public-program)`, overridable: false };
  if (target.type !== type) return { reason: `Assister ${assisterId} is a ${target.type}; rule ${rule} sends this lead to a ${type}`, overridable: true };
  const skipped = ineligibility(target, today);
  return skipped && { reason: `Assister ${assisterId} ${SKIP_WORDS[skipped]}`, overridable: true };
}

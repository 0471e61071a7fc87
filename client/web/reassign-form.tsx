// Reassign lead, on the staff lead page and on a lead's escalation in the queue: the assisters of the lead's type,
// closest first, each with why routing would pass it over (an override and a reason send the lead there anyway).
// The form posts to the lead page's reassign action, which asks first (a confirmation page naming whom the lead goes
// to, posting the same values with confirm=yes) and then comes back to `returnTo` when given.
import { route, routingFactsOf, type RoutableAssister, type SkipReason } from '../../domain/routing';
import { leadReference } from '../../domain/lead-reference';
import type { RoutingSettings } from '../../platform/config';
import { routableAssisters } from '../../store/assisters';
import type { Sql } from '../../store/database';
import type { PortalLead } from '../../store/portal-leads';
import { routingExclusions } from '../../store/routing-exclusions';
import { SKIPPED_WORDS } from './intake-page';
import { SelectField, TextField } from './layout';

export interface ReassignCandidate {
  assisterId: string;
  name: string;
  distanceMiles: number;
  skipped?: SkipReason;
  /** The one a reassignment to "the next eligible assister" goes to. */
  next?: true;
}

type ReassignedLead = Pick<PortalLead, 'id' | 'intake' | 'assisterId'>;

/** Why "the next eligible assister" cannot be chosen: nobody is eligible. */
export const NO_ELIGIBLE_ASSISTER = 'No assister is eligible for this lead now: choose an assister by name to reassign it';

/** Where a reassignment made from the queue returns: an escalation's page, nothing else. */
export const reassignReturn = (path: string | undefined) => (path && /^\/coordinator\/escalations\/\d{1,12}$/.test(path) ? path : undefined);

/**
 * Whom the workflow sends the lead to when reassigned to "the next eligible assister": routing as its workflow
 * routes, past the assisters it excludes (declined, reassigned away) and past its assister now, which the
 * reassignment excludes too. Undefined when no assister is eligible.
 */
export async function nextEligibleAssister(sql: Sql, lead: ReassignedLead, routing: RoutingSettings, assisters?: readonly RoutableAssister[]): Promise<string | undefined> {
  const { excluded, assisterId } = await routingExclusions(sql, lead.id);
  const exclude = assisterId ? [...excluded, assisterId] : excluded;
  return route(routingFactsOf(lead.intake), assisters ?? (await routableAssisters(sql)), exclude, routing).assisterId;
}

/**
 * Whom a reassignment sends the lead to, named for its confirmation: the assister chosen, or the next eligible one;
 * else why it cannot go (checked again when the confirmation is posted, as its hidden fields can say anything).
 */
export async function reassignTarget(sql: Sql, lead: ReassignedLead, chosen: string | undefined, routing: RoutingSettings): Promise<{ name: string } | { problem: string }> {
  const id = chosen || (await nextEligibleAssister(sql, lead, routing));
  if (!id) return { problem: NO_ELIGIBLE_ASSISTER };
  const [assister] = await sql<{ name: string }[]>`select name from assisters where id = ${id}`;
  if (!assister) return { problem: 'Select an assister from the list' };
  if (id === lead.assisterId) return { problem: `Lead is already assigned to ${assister.name}` };
  return assister;
}

/**
 * Whom the lead could go to instead of its assister: routing's candidates with their distances and skips (those an
 * override lifts; a lead's exclusions need none), and the next eligible one marked.
 */
export async function reassignmentCandidates(sql: Sql, lead: ReassignedLead, routing: RoutingSettings): Promise<ReassignCandidate[]> {
  const assisters = await routableAssisters(sql);
  const decision = route(routingFactsOf(lead.intake), assisters, [], routing);
  const next = await nextEligibleAssister(sql, lead, routing, assisters);
  const names = new Map((await sql<{ id: string; name: string }[]>`select id, name from assisters`).map((a) => [a.id, a.name]));
  return decision.candidates
    .filter((c) => c.assisterId !== lead.assisterId)
    .map((c) => ({ ...c, name: names.get(c.assisterId) ?? c.assisterId, ...(c.assisterId === next && { next: true as const }) }));
}

export function ReassignForm(props: {
  referenceNumber: number;
  csrf: string;
  candidates: ReassignCandidate[];
  value(field: string): string | undefined;
  errorFor(field: string): string | undefined;
  returnTo?: string;
}) {
  const { value, errorFor } = props;
  // The workflow's own choice among them: named, so nobody reassigns blind; with none, not offered.
  const next = props.candidates.find((c) => c.next);
  return (
    <>
      <h2 id="reassign-lead">Reassign lead</h2>
      <p>Routing would pass over an assister marked as skipped; sending the lead there needs an override and a reason, which the lead's history keeps.</p>
      <form class="usa-form" method="post" action={`/leads/${leadReference(props.referenceNumber)}/reassign`} novalidate>
        <input type="hidden" name="_csrf" value={props.csrf} />
        {props.returnTo && <input type="hidden" name="return" value={props.returnTo} />}
        {!next && <p id="reassign-none">No assister is eligible for this lead now: each one of its type is skipped or has had the lead already. Choose an assister by name to reassign it.</p>}
        <SelectField
          id="reassign-to"
          label="Assister"
          required={!next}
          empty={next ? `The next eligible assister: ${next.name}, ${next.distanceMiles} miles` : '- Select an assister -'}
          options={Object.fromEntries(props.candidates.map((a) => [a.assisterId, `${a.name}, ${a.distanceMiles} miles${a.skipped ? ` (skipped: ${SKIPPED_WORDS[a.skipped]})` : ''}`]))}
          value={value('reassign-to')}
          error={errorFor('reassign-to')}
        />
        <TextField id="reassign-reason" label="Reason" required={false} hint="Needed to override eligibility; kept in the lead's history" value={value('reassign-reason')} error={errorFor('reassign-reason')} />
        <div class="usa-checkbox">
          <input class="usa-checkbox__input" id="reassign-override" type="checkbox" name="reassign-override" value="yes" checked={value('reassign-override') === 'yes'} />
          <label class="usa-checkbox__label" for="reassign-override">
            Override eligibility
          </label>
        </div>
        <button class="usa-button" type="submit">
          Reassign lead
        </button>
      </form>
    </>
  );
}

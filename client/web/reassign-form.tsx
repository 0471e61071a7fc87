// Reassign lead, on the staff lead page and on a lead's escalation in the queue: the assisters of the lead's type,
// closest first, each with why routing would pass it over (an override and a reason send the lead there anyway).
// The form posts to the lead page's reassign action, which comes back to `returnTo` when given.
import { route, routingFactsOf, type SkipReason } from '../../domain/routing';
import { leadReference } from '../../domain/lead-reference';
import { routableAssisters } from '../../store/assisters';
import type { Sql } from '../../store/database';
import type { PortalLead } from '../../store/portal-leads';
import { SKIPPED_WORDS } from './intake-page';
import { SelectField, TextField } from './layout';

export interface ReassignCandidate {
  assisterId: string;
  name: string;
  distanceMiles: number;
  skipped?: SkipReason;
}

/** Where a reassignment made from the queue returns: an escalation's page, nothing else. */
export const reassignReturn = (path: string | undefined) => (path && /^\/coordinator\/escalations\/\d{1,12}$/.test(path) ? path : undefined);

/** Whom the lead could go to instead of its assister: routing's candidates with their distances and skips. */
export async function reassignmentCandidates(sql: Sql, lead: Pick<PortalLead, 'intake' | 'assisterId'>): Promise<ReassignCandidate[]> {
  const decision = route(routingFactsOf(lead.intake), await routableAssisters(sql));
  const names = new Map((await sql<{ id: string; name: string }[]>`select id, name from assisters`).map((a) => [a.id, a.name]));
  return decision.candidates.filter((c) => c.assisterId !== lead.assisterId).map((c) => ({ ...c, name: names.get(c.assisterId) ?? c.assisterId }));
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
  // Routing's own choice among them (the current assister is not a candidate): named, so nobody reassigns blind.
  const next = props.candidates.find((c) => !c.skipped);
  return (
    <>
      <h2 id="reassign-lead">Reassign lead</h2>
      <p>Routing would pass over an assister marked as skipped; sending the lead there needs an override and a reason, which the lead's history keeps.</p>
      <form class="usa-form" method="post" action={`/leads/${leadReference(props.referenceNumber)}/reassign`} novalidate>
        <input type="hidden" name="_csrf" value={props.csrf} />
        {props.returnTo && <input type="hidden" name="return" value={props.returnTo} />}
        <SelectField
          id="reassign-to"
          label="Assister"
          required={false}
          empty={next ? `The next eligible assister: ${next.name}, ${next.distanceMiles} miles` : 'The next eligible assister (none now: the lead would wait)'}
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

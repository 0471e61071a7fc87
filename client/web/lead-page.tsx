// One lead as its assister sees it: every item of the lead (domain.md, "A lead"), its deadlines and history, and
// one form per action. A refused action comes back here with the error summary first and the reason beside its field.
import type { ComponentChildren } from 'preact';
import type { HolidayCalendar } from '../../domain/business-days';
import { leadDeadlines } from '../../domain/deadlines';
import { leadReference } from '../../domain/lead-reference';
import { RESOLUTIONS } from '../../domain/resolutions';
import type { PortalLead } from '../../store/portal-leads';
import { ErrorSummary, Item, Notice, Page, SelectField, TextArea, TextField, type FieldError } from './layout';
import type { SignedIn } from './session';
import { consumerName, eventWords, onDate, statusWords, when } from './words';
import { minnesotaDate } from '../../domain/time';

export interface ActionForm {
  action: string;
  values: Record<string, string | undefined>;
  errors: FieldError[];
}

const DONE: Record<string, string> = {
  contact: 'Contact recorded',
  appointment: 'Appointment recorded',
  resolution: 'Resolution recorded',
  decline: 'Lead declined. PAL is sending it to another assister.',
};

const yesNo = (v: boolean | undefined) => (v === undefined ? '—' : v ? 'Yes' : 'No');

/** A form of one date whose button says what it does. */
function DateAction(props: { title: string; field: string; label: string; to: string; csrf: string; value?: string; error?: string }) {
  return (
    <>
      <h2 id={props.title.toLowerCase().replace(/ /g, '-')}>{props.title}</h2>
      <form class="usa-form" method="post" action={props.to} novalidate>
        <input type="hidden" name="_csrf" value={props.csrf} />
        <TextField id={props.field} label={props.label} type="date" value={props.value} error={props.error} />
        <button class="usa-button" type="submit">
          {props.title}
        </button>
      </form>
    </>
  );
}

export function LeadPage({ lead, person, csrf, holidays, form, done, thread }: { lead: PortalLead; person: SignedIn; csrf: string; holidays: HolidayCalendar; form?: ActionForm; done?: string; thread?: ComponentChildren }) {
  const reference = leadReference(lead.referenceNumber);
  const c = lead.intake.consumer;
  const open = !lead.closedAt;
  const errors = form?.errors ?? [];
  const errorFor = (field: string) => errors.find((e) => e.field === field)?.message;
  const value = (field: string) => (form ? form.values[field] : undefined);
  const action = (name: string) => `/portal/leads/${reference}/${name}`;
  return (
    <Page title={`Lead ${reference}`} error={errors.length > 0} person={person} csrf={csrf}>
      <ErrorSummary errors={errors} />
      {done && Object.hasOwn(DONE, done) && <Notice heading={DONE[done]!} />}
      <h1>Lead {reference}</h1>
      <p class="usa-intro">
        {consumerName(c)}. Status: {statusWords(lead.status, 'assister')}.
      </p>
      <LeadFacts lead={lead} holidays={holidays} />
      {open && !person.viewedBy && (
        <>
          <DateAction title="Record contact" field="contact-date" label="Contact date" to={action('contact')} csrf={csrf} value={value('contact-date')} error={errorFor('contact-date')} />
          <DateAction title="Record appointment" field="appointment-date" label="Appointment date" to={action('appointment')} csrf={csrf} value={value('appointment-date')} error={errorFor('appointment-date')} />
          <h2>Record resolution</h2>
          <form class="usa-form" method="post" action={action('resolution')} novalidate>
            <input type="hidden" name="_csrf" value={csrf} />
            <fieldset class="usa-fieldset" id="contact-made" aria-describedby={errorFor('contact-made') ? 'contact-made-error' : undefined}>
              <legend class="usa-legend">Contact made</legend>
              {errorFor('contact-made') && (
                <span class="usa-error-message" id="contact-made-error">
                  {errorFor('contact-made')}
                </span>
              )}
              {(['yes', 'no'] as const).map((v) => (
                <div class="usa-radio" key={v}>
                  <input class="usa-radio__input" id={`contact-made-${v}`} type="radio" name="contact-made" value={v} checked={value('contact-made') === v} />
                  <label class="usa-radio__label" for={`contact-made-${v}`}>
                    {v === 'yes' ? 'Yes' : 'No'}
                  </label>
                </div>
              ))}
            </fieldset>
            <TextField id="resolution-contact-date" label="Date of contact" type="date" required={false} hint="When contact was made" value={value('resolution-contact-date')} error={errorFor('resolution-contact-date')} />
            <SelectField id="resolution" label="Resolution" options={Object.fromEntries(RESOLUTIONS.map((r) => [r, r]))} value={value('resolution')} error={errorFor('resolution')} />
            <TextArea id="comment" label="Comment" required={false} value={value('comment')} error={errorFor('comment')} />
            <button class="usa-button" type="submit">
              Record resolution
            </button>
          </form>
          {!lead.contactDate && (
            <>
              <h2>Decline lead</h2>
              <form class="usa-form" method="post" action={action('decline')} novalidate>
                <input type="hidden" name="_csrf" value={csrf} />
                <TextField id="decline-reason" label="Reason for declining" value={value('decline-reason')} error={errorFor('decline-reason')} />
                <button class="usa-button usa-button--secondary" type="submit">
                  Decline lead
                </button>
              </form>
            </>
          )}
        </>
      )}
      {thread}
      <LeadHistory lead={lead} />
      <p>
        <a href="/portal">Back to your leads</a>
      </p>
    </Page>
  );
}

/** Every item of the lead (domain.md, "A lead") and its deadlines: the same for its assister and for staff. */
export function LeadFacts({ lead, holidays }: { lead: PortalLead; holidays: HolidayCalendar }) {
  const c = lead.intake.consumer;
  const deadlines = lead.referredAt ? leadDeadlines(lead.referredAt, holidays) : undefined;
  return (
    <>
      <h2>Consumer</h2>
      {lead.purgedAt && <p>The consumer's details were removed on {onDate(minnesotaDate(lead.purgedAt))} under PAL's retention policy.</p>}
      <dl>
        {!lead.purgedAt && (
          <>
            <Item label="Name">{`${c.firstName} ${c.lastName}`}</Item>
            <Item label="Phone">{c.phone}</Item>
            <Item label="Email">{c.email ?? '—'}</Item>
            <Item label="ZIP code">{c.zip}</Item>
            <Item label="Preferred language">{c.preferredLanguage ?? '—'}</Item>
          </>
        )}
        <Item label="Has an active account">{yesNo(lead.intake.account.active)}</Item>
        {!lead.purgedAt && <Item label="User login">{lead.intake.account.userLogin ?? '—'}</Item>}
        <Item label="Has a completed application">{yesNo(lead.intake.application.active)}</Item>
        <Item label="Current determinations">{lead.intake.determinations.length ? lead.intake.determinations.join(', ') : 'None yet'}</Item>
        {!lead.purgedAt && <Item label="Reason for help">{lead.intake.reasonForHelp}</Item>}
        <Item label="Asks for help choosing a plan">{yesNo(lead.intake.planSelectionHelp)}</Item>
        {!lead.purgedAt && <Item label="Guidance provided">{lead.intake.guidanceProvided}</Item>}
        <Item label="Consent to share">{yesNo(lead.intake.consentToShare)}</Item>
      </dl>
      <h2>Deadlines</h2>
      <dl>
        <Item label="Received">{lead.referredAt ? when(lead.referredAt) : '—'}</Item>
        <Item label="Contact the consumer by">{deadlines ? when(deadlines.contactDeadlineAt) : '—'}</Item>
        <Item label="Complete an appointment by">{deadlines ? when(deadlines.appointmentDeadlineAt) : '—'}</Item>
        <Item label="Contact made on">{lead.contactDate ? onDate(lead.contactDate) : 'Not yet'}</Item>
        <Item label="Appointment on">{lead.appointmentDate ? onDate(lead.appointmentDate) : 'Not yet'}</Item>
        <Item label="Resolution">{lead.resolution ?? 'Not yet'}</Item>
      </dl>
    </>
  );
}

/** What happened to the lead, oldest first. */
export function LeadHistory({ lead }: { lead: Pick<PortalLead, 'events'> }) {
  return (
    <>
      <h2>History</h2>
      <ol class="usa-list">
        {lead.events.map((e, i) => (
          <li key={i}>
            {when(e.at)}: {eventWords(e.type)}
          </li>
        ))}
      </ol>
    </>
  );
}

// The organization's page as its people see it: contact point (and a change waiting to take effect, with its
// steps), people, suspension, figures and audit trail. Only the contact point gets the forms; colleagues read.
// A refused form comes back here with the error summary first and the reason beside its field.
import type { AssisterRecord } from '../../domain/assister';
import type { AssisterPeriodMetrics, ReportReturn } from '../../domain/metrics';
import type { AuditLine, ContactPointChangeView } from '../../store/portal-organization';
import type { PortalPerson } from '../../store/portal-people';
import type { ActionForm } from './lead-page';
import { DataTable, ErrorSummary, Notice, Page, PostForm, SectionError, SelectField, TextField } from './layout';
import type { SignedIn } from './session';
import { onDate, slugWords, when } from './words';

export const SUSPENSION_WORDS: Record<string, string> = {
  'no-new-leads': 'We cannot take new leads',
  'appointments-delayed': 'We cannot complete appointments within two weeks',
};
/** Why an organization lifts its own suspension (the API's resume asks for none; the portal records one). */
export const RESUMPTION_REASONS = ['can-take-new-leads', 'appointments-on-time'] as const;
export const RESUMPTION_WORDS: Record<string, string> = {
  'can-take-new-leads': 'We can take new leads again',
  'appointments-on-time': 'We can complete appointments within two weeks again',
};

export const AUDIT_LIMIT = 50;

export interface PeriodFigures {
  label: string;
  figures: AssisterPeriodMetrics;
}

export interface OrganizationView {
  person: SignedIn;
  csrf: string;
  assister: AssisterRecord;
  suspension?: { at: Date; by: string; reason?: string };
  change?: ContactPointChangeView;
  people: (PortalPerson & { createdAt: Date; invitedBy: string })[];
  emails: Map<number, string>;
  periods: PeriodFigures[];
  audit: AuditLine[];
  publicUrl: string;
  form?: ActionForm;
  done?: string;
}

const DONE: Record<string, { heading: string; text?: (v: OrganizationView) => string }> = {
  'request-contact-point-change': {
    heading: 'Contact point change requested',
    text: () => 'PAL emailed a confirmation code to the new address and an approval code to the current contact point. Leads keep going to the current address until the change takes effect.',
  },
  'confirm-contact-point': { heading: 'New address confirmed' },
  'approve-contact-point-change': { heading: 'Change approved' },
  'withdraw-contact-point-change': { heading: 'Change withdrawn', text: () => 'Leads and reports keep going to the current contact point.' },
  'invite-colleague': { heading: 'Colleague invited', text: (v) => `PAL emailed them how to sign in: at ${v.publicUrl}/portal/sign-in, with their email address.` },
  'remove-colleague': { heading: 'Colleague removed', text: () => 'They are signed out and can no longer sign in.' },
  'suspend-organization': { heading: 'Organization suspended', text: () => 'PAL sends your organization no new leads. Your open leads continue.' },
  'resume-organization': { heading: 'Organization resumed', text: () => 'PAL can send your organization new leads again.' },
};

/** What the audit trail's actions were, as people read them: [done, tried and refused or not allowed]. */
const AUDIT_WORDS: Record<string, [string, string]> = {
  'signed-in': ['Signed in', ''],
  'signed-out': ['Signed out', ''],
  'viewed-organization': ['Viewed the organization page', ''],
  'viewed-leads': ['Viewed the list of leads', ''],
  'viewed-lead': ['Viewed a lead', ''],
  'refused-other-organizations-lead': ["Asked for another organization's lead (nothing shown)", ''],
  contact: ['Recorded contact', 'Record contact'],
  appointment: ['Recorded an appointment', 'Record appointment'],
  resolution: ['Recorded a resolution', 'Record resolution'],
  decline: ['Declined a lead', 'Decline lead'],
  'downloaded-report': ['Downloaded a report', ''],
  'submitted-report': ['Submitted a report', 'Submit report'],
  'request-contact-point-change': ['Requested a contact point change', 'Request contact point change'],
  'confirm-contact-point': ['Confirmed the new contact point address', 'Confirm new address'],
  'approve-contact-point-change': ['Approved the contact point change', 'Approve change'],
  'withdraw-contact-point-change': ['Withdrew the contact point change', 'Withdraw change'],
  'invite-colleague': ['Invited a colleague', 'Invite colleague'],
  'remove-colleague': ['Removed a colleague', 'Remove colleague'],
  'suspend-organization': ['Suspended the organization', 'Suspend organization'],
  'resume-organization': ['Resumed the organization', 'Resume organization'],
};

function auditWhat(e: AuditLine, emails: Map<number, string>): string {
  const [, base = e.action, outcome] = /^(.*?)(?:-(refused|not-allowed))?$/.exec(e.action) ?? [];
  const words = AUDIT_WORDS[base];
  const said = !words ? slugWords(base) : outcome ? words[1] || words[0] : words[0];
  const colleague = typeof e.detail.personId === 'number' ? emails.get(e.detail.personId) : undefined;
  const reason = typeof e.detail.reason === 'string' ? (SUSPENSION_WORDS[e.detail.reason] ?? RESUMPTION_WORDS[e.detail.reason]) : undefined;
  const period = typeof e.detail.period === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(e.detail.period) ? `, referrals from ${onDate(e.detail.period)}` : undefined;
  return [said, colleague && `: ${colleague}`, reason && ` (${reason})`, period, outcome && (outcome === 'refused' ? ': refused' : ': not allowed')].filter(Boolean).join('');
}

/** Who did it: a person by their address, the directory, the coordinator. */
function actorWords(actor: string, emails: Map<number, string>): string {
  const id = /^person:(\d+)$/.exec(actor)?.[1];
  if (id) return emails.get(Number(id)) ?? 'A former account';
  if (actor === 'directory') return 'PAL directory';
  if (actor === 'coordinator' || actor.startsWith('staff:')) return 'PAL coordinator';
  return actor.startsWith('assister:') ? 'Your organization' : actor;
}

const REPORT_WORDS: Record<ReportReturn, string> = { 'on-time': 'Returned on time', late: 'Returned late', missing: 'Overdue', pending: 'Not due yet', none: 'None owed' };
const percent = (share: number | null) => (share === null ? '—' : `${Math.round(share * 100)}%`);

function Item({ label, children }: { label: string; children: preact.ComponentChildren }) {
  return (
    <>
      <dt class="text-bold">{label}</dt>
      <dd class="margin-left-0 margin-bottom-1">{children}</dd>
    </>
  );
}

/** The section a field's form stands in. */
const SECTION_OF: Record<string, string> = {
  'new-contact-point': 'contact-point',
  'confirmation-code': 'contact-point',
  'approval-code': 'contact-point',
  email: 'people',
  'suspend-reason': 'suspension',
  'resume-reason': 'suspension',
};

/** A form of the organization page whose button says what it does. */
function ActionForm({ action, ...props }: { action: string; csrf: string; button: string; secondary?: boolean; children?: preact.ComponentChildren }) {
  return <PostForm to={`/portal/organization/${action}`} {...props} />;
}

function PendingChange({ change, current }: { change: ContactPointChangeView; current: string }) {
  const approval = !change.approvalNeeded
    ? 'Not needed: the PAL coordinator asked for this change'
    : change.approvedAt
      ? `Approved by ${change.approvedBy === 'coordinator' ? 'the PAL coordinator' : 'the current contact point'} on ${when(change.approvedAt)}`
      : `Waiting for the current contact point (${current}) or the PAL coordinator`;
  return (
    <>
      <h3>Change waiting to take effect</h3>
      <dl>
        <Item label="New address">{change.newEmail}</Item>
        <Item label="Requested">{`${when(change.requestedAt)}, by ${change.requestedBy === 'coordinator' ? 'the PAL coordinator' : 'your organization'}`}</Item>
        <Item label="New address confirmed">{change.addressConfirmedAt ? `Yes, on ${when(change.addressConfirmedAt)}` : 'Not yet: PAL emailed a confirmation code to the new address'}</Item>
        <Item label="Approval">{approval}</Item>
        {change.escalatedAt && <Item label="Escalated">{`To the PAL coordinator on ${when(change.escalatedAt)}: not confirmed within two business days`}</Item>}
      </dl>
      <p>The change takes effect once the new address is confirmed{change.approvalNeeded ? ' and the change is approved' : ''}. Until then leads and reports go to {current}.</p>
    </>
  );
}

export function OrganizationPage(v: OrganizationView) {
  const { person, csrf, assister, change, form } = v;
  // A coordinator viewing the page read-only (portal-view.ts) gets no forms, whatever role the view carries.
  const canAct = person.role === 'contact-point' && !person.viewedBy;
  const suspendedByUs = assister.status === 'suspended' && assister.suspendedBy !== 'coordinator';
  // The fields this page shows; a refusal of a form the page no longer shows (the change went on meanwhile, the
  // coordinator suspended) stands under its section's heading instead.
  const shown = new Set([
    ...(canAct ? ['email'] : []),
    ...(canAct && !change ? ['new-contact-point'] : []),
    ...(canAct && change && !change.addressConfirmedAt ? ['confirmation-code'] : []),
    ...(canAct && change?.approvalNeeded && !change.approvedAt ? ['approval-code'] : []),
    ...(canAct && assister.status === 'active' ? ['suspend-reason'] : []),
    ...(canAct && suspendedByUs ? ['resume-reason'] : []),
  ]);
  const errors = (form?.errors ?? []).map((e) => (shown.has(e.field) || !Object.hasOwn(SECTION_OF, e.field) ? e : { ...e, field: SECTION_OF[e.field]! }));
  // Field ids are unique on the page, so a field names its form.
  const errorFor = (field: string) => errors.find((e) => e.field === field)?.message;
  const value = (field: string) => form?.values[field];
  const done = v.done && Object.hasOwn(DONE, v.done) ? DONE[v.done] : undefined;
  const colleagues = v.people.filter((p) => p.role === 'colleague');
  return (
    <Page title="Your organization" error={errors.length > 0} person={person} csrf={csrf}>
      <ErrorSummary errors={errors} />
      {done && <Notice heading={done.heading}>{done.text?.(v)}</Notice>}
      <h1>Your organization</h1>
      <p class="usa-intro">{person.organization}</p>

      <h2 id="contact-point" tabIndex={-1}>
        Contact point
      </h2>
      <SectionError id="contact-point" message={errorFor('contact-point')} />
      <p>
        Leads and reports go to <strong>{assister.email}</strong>, your organization's contact point.
      </p>
      {change ? <PendingChange change={change} current={assister.email} /> : <p>No change of contact point is waiting.</p>}
      {!canAct ? (
        <p>Only your organization's contact point can change it.</p>
      ) : !change ? (
        <ActionForm action="request-contact-point-change" csrf={csrf} button="Request contact point change">
          <TextField
            id="new-contact-point"
            label="New contact point address"
            type="email"
            autocomplete="off"
            hint="It takes effect once the new address confirms it receives mail (PAL emails it a code) and the change is approved with the code PAL emails to the current contact point."
            value={value('new-contact-point')}
            error={errorFor('new-contact-point')}
          />
        </ActionForm>
      ) : (
        <>
          {!change.addressConfirmedAt && (
            <ActionForm action="confirm-contact-point" csrf={csrf} button="Confirm new address">
              <TextField id="confirmation-code" label="Confirmation code" autocomplete="off" hint={`The code PAL emailed to ${change.newEmail}`} error={errorFor('confirmation-code')} />
            </ActionForm>
          )}
          {change.approvalNeeded && !change.approvedAt && (
            <ActionForm action="approve-contact-point-change" csrf={csrf} button="Approve change">
              <TextField
                id="approval-code"
                label="Approval code"
                autocomplete="off"
                hint={`The code PAL emailed to the current contact point, ${assister.email}. Approve only a change your organization asked for.`}
                error={errorFor('approval-code')}
              />
            </ActionForm>
          )}
          <p>Once the change takes effect, the current contact point is signed out; the new address signs in as the contact point.</p>
          {change.requestedBy === 'coordinator' ? (
            <p>The PAL coordinator asked for this change: only the coordinator can withdraw it.</p>
          ) : (
            <ActionForm action="withdraw-contact-point-change" csrf={csrf} button="Withdraw change" secondary />
          )}
        </>
      )}

      <h2 id="people" tabIndex={-1}>
        People
      </h2>
      <SectionError id="people" message={errorFor('people')} />
      <DataTable
        caption={`People with a PAL account at ${person.organization}`}
        columns={['Email', 'Role', 'Added', 'Invited by', ...(canAct ? ['Account'] : [])]}
        rows={v.people.map((p) => [
          p.email,
          p.role === 'contact-point' ? 'Contact point' : 'Colleague',
          when(p.createdAt),
          actorWords(p.invitedBy, v.emails),
          ...(canAct
            ? [
                p.role === 'colleague' ? (
                  <form method="post" action="/portal/organization/remove-colleague">
                    <input type="hidden" name="_csrf" value={csrf} />
                    <input type="hidden" name="person" value={String(p.id)} />
                    <button class="usa-button usa-button--unstyled" type="submit">
                      Remove<span class="usa-sr-only">{` ${p.email}`}</span>
                    </button>
                  </form>
                ) : (
                  '—'
                ),
              ]
            : []),
        ])}
      />
      {colleagues.length === 0 && <p>No colleagues yet.</p>}
      {canAct ? (
        <>
          <h3>Invite colleague</h3>
          <ActionForm action="invite-colleague" csrf={csrf} button="Invite colleague">
            <TextField
              id="email"
              label="Email address"
              type="email"
              autocomplete="off"
              hint="Your colleague signs in with this address and sees your organization's leads. PAL emails them how to sign in."
              value={value('email')}
              error={errorFor('email')}
            />
          </ActionForm>
        </>
      ) : (
        <p>Only your organization's contact point can invite or remove people.</p>
      )}

      <h2 id="suspension" tabIndex={-1}>
        Suspension
      </h2>
      <SectionError id="suspension" message={errorFor('suspension')} />
      {assister.status === 'active' ? (
        <p>Active: PAL can send your organization new leads.</p>
      ) : (
        <p>
          {`Suspended${v.suspension ? ` since ${when(v.suspension.at)}` : ''} by ${suspendedByUs ? 'your organization' : 'the PAL coordinator'}`}
          {v.suspension?.reason && `, because: ${SUSPENSION_WORDS[v.suspension.reason] ?? v.suspension.reason}`}. PAL sends no new leads; your open leads continue.
          {!suspendedByUs && ' Only the PAL coordinator can lift this suspension.'}
        </p>
      )}
      {!canAct ? (
        <p>Only your organization's contact point can suspend or resume it.</p>
      ) : assister.status === 'active' ? (
        <ActionForm action="suspend-organization" csrf={csrf} button="Suspend organization">
          <SelectField id="suspend-reason" label="Reason" options={SUSPENSION_WORDS} value={value('suspend-reason')} error={errorFor('suspend-reason')} />
        </ActionForm>
      ) : (
        suspendedByUs && (
          <ActionForm action="resume-organization" csrf={csrf} button="Resume organization">
            <SelectField id="resume-reason" label="Reason" options={RESUMPTION_WORDS} value={value('resume-reason')} error={errorFor('resume-reason')} />
          </ActionForm>
        )
      )}

      <h2 id="figures">Figures</h2>
      <Figures periods={v.periods} />

      <h2 id="audit-trail">Audit trail</h2>
      <p>
        PAL records every view of a lead, every download and every action with the person and the time, never the consumer's data. This page shows the {AUDIT_LIMIT} most recent
        events; ask your PAL coordinator for older ones.
      </p>
      {v.audit.length === 0 ? (
        <p>Nothing recorded yet.</p>
      ) : (
        <DataTable
          caption={`The ${v.audit.length} most recent events, newest first`}
          columns={['When', 'Who', 'What', 'Lead']}
          rowHeaders={false}
          rows={v.audit.map((e) => [when(e.at), e.personEmail ?? actorWords(e.actor, v.emails), auditWhat(e, v.emails), e.leadReference ?? '—'])}
        />
      )}
    </Page>
  );
}

/** The organization's figures per report period (domain.md: contact within deadline, appointments, reports on time, resolutions). */
function Figures({ periods }: { periods: PeriodFigures[] }) {
  const rows: [string, (f: AssisterPeriodMetrics) => string][] = [
    ['Leads received', (f) => String(f.leadsReceived)],
    ['Contacted within the deadline', (f) => percent(f.contactedWithinDeadline)],
    ['Median business hours to contact', (f) => (f.businessHoursToContact.median === null ? '—' : String(f.businessHoursToContact.median))],
    ['Appointment or resolution within two weeks', (f) => percent(f.appointmentOrResolutionWithin14Days)],
    ['Report', (f) => REPORT_WORDS[f.report]],
    ['Escalations', (f) => String(f.escalations)],
    ...Object.keys(periods[0]?.figures.resolutionMix ?? {}).map((r): [string, (f: AssisterPeriodMetrics) => string] => [
      `Resolution: ${r}`,
      (f) => String(f.resolutionMix[r as keyof AssisterPeriodMetrics['resolutionMix']] ?? 0),
    ]),
  ];
  return (
    <DataTable
      caption="Your organization's figures by report period: leads referred in the period and what became of them"
      columns={['Figure', ...periods.map((p) => p.label)]}
      rows={rows.map(([label, show]) => [label, ...periods.map((p) => show(p.figures))])}
    />
  );
}

/** A period's label: its referral dates, and "so far" while it runs. */
export const periodLabel = (from: string, to: string, running: boolean) => `${onDate(from)} to ${onDate(to)}${running ? ' (so far)' : ''}`;

// The coordinators' Directory pages as people see them: the list with its filter, one assister with its actions, the
// Add assister form, and an import file's upload and preview. The routes (directory.tsx) read and act; these render.
import type { AssisterRecord } from '../../domain/assister';
import type { AssisterChange, AssisterSummary, ImportProblem } from '../../store/assisters';
import type { AssisterTokenInfo } from '../../store/assister-tokens';
import type { ImportPreview } from '../../store/directory-imports';
import type { ContactPointChangeView } from '../../store/portal-organization';
import { MAX_LISTED_PROBLEMS } from '../api/report-submission';
import { Confirmation, DataTable, ErrorSummary, Item, Notice, Page, PostForm as ActionForm, SectionError, SelectField, TextField, type FieldError } from './layout';
import type { StaffSignedIn } from './session';
import { onDate, slugWords, when } from './words';

/** The records an import file holds at most: a file of more is refused at upload, before anything is kept. */
export const MAX_IMPORT_RECORDS = 5_000;
export const TYPE_WORDS: Record<string, string> = { navigator: 'Navigator', broker: 'Broker' };
export const STATUS_WORDS: Record<string, string> = { active: 'Active', suspended: 'Suspended' };
/** The API's suspension reasons (domain/assister.ts), as a coordinator reads them. */
export const SUSPENSION_REASON_WORDS: Record<string, string> = { 'no-new-leads': 'Cannot take new leads', 'appointments-delayed': 'Cannot complete appointments within two weeks' };

/** The record's fields in the words of the Add and Edit assister forms' labels; the History names changes by them too. */
const FIELD_LABELS = {
  name: 'Name',
  type: 'Type',
  zip: 'ZIP code',
  email: 'Contact point email',
  publicPhone: 'Public phone',
  capacity: 'Capacity',
  openLeads: 'Open leads from outside PAL',
  certification: 'Certification',
  certificationExpires: 'Certification expires',
  languages: 'Languages',
  // Changed by Suspend assister and Resume assister, not by the forms.
  status: 'Status',
  suspendedBy: 'Suspended by',
  reason: 'Reason',
} satisfies Record<Exclude<keyof AssisterRecord, 'id'> | 'reason', string>;
const fieldLabel = (field: string) => (FIELD_LABELS as Record<string, string | undefined>)[field] ?? field;

/** A form's fields and its refusal, kept to show again. */
export interface FormState {
  action?: string;
  values: Record<string, string | undefined>;
  errors: FieldError[];
}

const errorOf = (form: FormState | undefined) => (field: string) => form?.errors.find((e) => e.field === field)?.message;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const byWords = (by: string | null) => (!by ? '—' : by === 'coordinator' ? 'a coordinator' : by.startsWith('assister:') ? 'the organization itself' : by);

export function DirectoryList(props: { me: StaffSignedIn; csrf: string; assisters: AssisterSummary[]; waiting: Map<string, number>; type?: string; status?: string; today: string; done?: string }) {
  const { me, assisters, waiting, today } = props;
  return (
    <Page title="Directory" person={me} csrf={props.csrf}>
      {props.done && <Notice heading="Import applied">{props.done}</Notice>}
      <h1>Directory</h1>
      <p>
        <a href="/coordinator/directory/new">Add assister</a> · <a href="/coordinator/directory/import">Import directory</a>
      </p>
      <form class="usa-form" method="get" action="/coordinator/directory">
        <SelectField id="type" label="Type" options={TYPE_WORDS} value={props.type} required={false} empty="Any type" />
        <SelectField id="status" label="Status" options={STATUS_WORDS} value={props.status} required={false} empty="Any status" />
        <button class="usa-button" type="submit">
          Filter
        </button>
      </form>
      {assisters.length === 0 ? (
        <p>No assister matches.</p>
      ) : (
        <DataTable
          caption={plural(assisters.length, 'assister')}
          columns={['Assister', 'Type', 'Status', 'Certification', 'Capacity', 'Open leads', 'Pending']}
          rows={assisters.map((a) => {
            const pending = [a.pendingContactPoint && `Contact point change to ${a.pendingContactPoint}`, waiting.get(a.id) && plural(waiting.get(a.id)!, 'request') + ' being carried out'].filter(Boolean);
            return [
              <>
                <a href={`/coordinator/directory/${a.id}`}>{a.name}</a> ({a.id})
              </>,
              TYPE_WORDS[a.type],
              STATUS_WORDS[a.status],
              certificationWords(a, today),
              a.capacity,
              a.openLeads,
              pending.length ? pending.join('; ') : 'Nothing',
            ];
          })}
        />
      )}
    </Page>
  );
}

function certificationWords(a: Pick<AssisterRecord, 'certification' | 'certificationExpires'>, today: string) {
  const expires = `${a.certificationExpires < today ? 'lapsed' : 'expires'} ${onDate(a.certificationExpires)}`;
  return `${a.certification ?? 'None recorded'}, ${expires}`;
}

/** The assister's fields as a form shows them (Add assister and Edit assister share them). */
export function AssisterFields({ values, form, adding }: { values: Record<string, string | undefined>; form?: FormState; adding: boolean }) {
  const errorFor = errorOf(form);
  return (
    <>
      {adding && <TextField id="id" label="Id" hint="2 to 63 lowercase letters, digits or dashes; it never changes" autocomplete="off" value={values.id} error={errorFor('id')} />}
      <TextField id="name" label={FIELD_LABELS.name} autocomplete="off" value={values.name} error={errorFor('name')} />
      <SelectField id="type" label={FIELD_LABELS.type} options={TYPE_WORDS} value={values.type} error={errorFor('type')} />
      <TextField id="zip" label={FIELD_LABELS.zip} hint="Where the organization is: routing measures distances from it" autocomplete="off" value={values.zip} error={errorFor('zip')} />
      {adding && <TextField id="email" label={FIELD_LABELS.email} type="email" autocomplete="off" hint="Leads and reports go to this address" value={values.email} error={errorFor('email')} />}
      <TextField id="public-phone" label={FIELD_LABELS.publicPhone} required={false} hint="For consumers, read to them when a lead is created; leave empty for none" autocomplete="off" value={values['public-phone']} error={errorFor('public-phone')} />
      <TextField id="capacity" label={FIELD_LABELS.capacity} hint="How many open leads it takes at most" autocomplete="off" value={values.capacity} error={errorFor('capacity')} />
      <TextField id="open-leads" label={FIELD_LABELS.openLeads} required={false} autocomplete="off" value={values['open-leads']} error={errorFor('open-leads')} />
      <TextField id="certification" label={FIELD_LABELS.certification} hint="A navigator's certification id, or a broker's NPN" autocomplete="off" value={values.certification} error={errorFor('certification')} />
      <TextField id="certification-expires" label={FIELD_LABELS.certificationExpires} type="date" hint="The last day it is valid" value={values['certification-expires']} error={errorFor('certification-expires')} />
      <TextField id="languages" label={FIELD_LABELS.languages} required={false} hint="Spoken by its staff besides English, separated by semicolons, for example Spanish; Hmong. Routing prefers a speaker of the consumer's language a little farther away." autocomplete="off" value={values.languages} error={errorFor('languages')} />
    </>
  );
}

export function NewAssisterPage({ me, csrf, form }: { me: StaffSignedIn; csrf: string; form?: FormState }) {
  const errors = form?.errors ?? [];
  return (
    <Page title="Add assister" error={errors.length > 0} person={me} csrf={csrf}>
      <ErrorSummary errors={errors} />
      <h1>Add assister</h1>
      <p>The new assister is active at once and can receive leads. Its contact point can sign in to the portal with its address.</p>
      <ActionForm to="/coordinator/directory/new" csrf={csrf} button="Add assister">
        <AssisterFields values={form?.values ?? {}} form={form} adding />
      </ActionForm>
      <p>
        <a href="/coordinator/directory">Back to the directory</a>
      </p>
    </Page>
  );
}

export interface AssisterView {
  me: StaffSignedIn;
  csrf: string;
  assister: AssisterSummary;
  /** The record as stored: its openLeads are those from outside PAL only. */
  record: AssisterRecord;
  suspension?: { at: Date; by: string; reason?: string };
  change?: ContactPointChangeView;
  tokens: AssisterTokenInfo[];
  history: AssisterChange[];
  today: string;
  form?: FormState;
  done?: { heading: string; text?: string };
}

/** The actions on an assister's page that ask first (Move leads, Revoke access): a confirmation page, then the action. */
export const CONFIRMED_ACTIONS = ['move-leads', 'revoke-access'] as const;
export type ConfirmedAction = (typeof CONFIRMED_ACTIONS)[number];

/**
 * Move leads' and Revoke access's confirmation: how many leads or tokens it touches now, by the assister's name.
 * Only the assister's own open PAL leads move: its open leads less those from outside PAL.
 */
export function AssisterActionConfirmation({ me, csrf, action, assister: a, record, tokens }: { me: StaffSignedIn; csrf: string; action: ConfirmedAction; assister: AssisterSummary; record: AssisterRecord; tokens: AssisterTokenInfo[] }) {
  const page = `/coordinator/directory/${a.id}`;
  const moving = a.openLeads - record.openLeads;
  const active = tokens.filter((t) => !t.revokedAt && t.expiresAt > new Date()).length;
  const [question, consequence, button] =
    action === 'move-leads'
      ? [`Move ${plural(moving, 'open lead')} from ${a.name}?`, "Each goes to the next eligible assister, as routing chooses it, and each lead's workflow records the move. They do not come back.", 'Confirm move']
      : [`Revoke the access of ${a.name}?`, `PAL revokes its ${plural(active, 'API token')} and signs its people out of the portal. They can sign in again while their address is in the directory.`, 'Confirm revoke'];
  return <Confirmation person={me} csrf={csrf} question={question} consequence={consequence} to={`${page}/${action}`} values={{}} button={button} secondary cancel={`${page}#${action}`} />;
}

/** What a history entry changed, as "Field: old → new", each field by its label. */
/** A recorded value in the words the pages use for it (a type, a status, a suspension reason, who suspended). */
const VALUE_WORDS: Record<string, (value: string) => string> = {
  type: (v) => TYPE_WORDS[v] ?? v,
  status: (v) => STATUS_WORDS[v] ?? v,
  reason: (v) => SUSPENSION_REASON_WORDS[v] ?? v,
  suspendedBy: (v) => byWords(v),
};
const valueWords = (field: string, v: unknown) => (v === null || v === undefined ? '—' : (VALUE_WORDS[field] ?? String)(String(v)));

const changeWords = (change: Record<string, unknown>) =>
  Object.entries(change)
    .map(([field, v]) => `${fieldLabel(field)}: ${Array.isArray(v) ? `${valueWords(field, v[0])} → ${valueWords(field, v[1])}` : valueWords(field, v)}`)
    .join('; ');

export function AssisterPage(v: AssisterView) {
  const { me, csrf, assister: a, change, form } = v;
  const errors = form?.errors ?? [];
  const errorFor = errorOf(form);
  const to = (action: string) => `/coordinator/directory/${a.id}/${action}`;
  // The edit form shows what was typed after a refusal, else the record.
  const edit =
    form?.action === 'edit'
      ? form.values
      : {
          name: a.name,
          type: a.type,
          zip: a.zip,
          'public-phone': a.publicPhone ?? '',
          capacity: String(a.capacity),
          'open-leads': String(v.record.openLeads),
          certification: a.certification ?? '',
          'certification-expires': a.certificationExpires,
          languages: a.languages.join('; '),
        };
  return (
    <Page title={a.name} error={errors.length > 0} person={me} csrf={csrf}>
      <ErrorSummary errors={errors} />
      {v.done && <Notice heading={v.done.heading}>{v.done.text}</Notice>}
      <h1>{a.name}</h1>
      <dl>
        <Item label="Id">{a.id}</Item>
        <Item label="Type">{TYPE_WORDS[a.type]}</Item>
        <Item label="Status">
          {a.status === 'active'
            ? 'Active'
            : `Suspended by ${byWords(a.suspendedBy)}${v.suspension ? ` since ${when(v.suspension.at)}` : ''}${v.suspension?.reason ? `, because: ${SUSPENSION_REASON_WORDS[v.suspension.reason] ?? v.suspension.reason}` : ''}`}
        </Item>
        <Item label="Contact point">{a.email}</Item>
        <Item label="Public phone">{a.publicPhone ?? 'None'}</Item>
        <Item label="ZIP code">{a.zip}</Item>
        <Item label="Capacity">{a.capacity}</Item>
        <Item label="Open leads">{a.openLeads}</Item>
        <Item label="Certification">{certificationWords(a, v.today)}</Item>
        <Item label="Languages">{a.languages.length ? `English, ${a.languages.join(', ')}` : 'English only'}</Item>
      </dl>
      <PortalViewForm id={a.id} csrf={csrf} />

      <h2 id="edit-assister" tabIndex={-1}>
        Edit assister
      </h2>
      <ActionForm to={to('edit')} csrf={csrf} button="Edit assister">
        <AssisterFields values={edit} form={form?.action === 'edit' ? form : undefined} adding={false} />
      </ActionForm>

      <h2 id="contact-point" tabIndex={-1}>
        Contact point
      </h2>
      <SectionError id="contact-point" message={errorFor('contact-point')} />
      {change ? (
        <>
          <p>{`A change to ${change.newEmail} was requested by ${byWords(change.requestedBy)} on ${when(change.requestedAt)}.`}</p>
          <ul class="usa-list">
            <li>{change.addressConfirmedAt ? `The new address confirmed it on ${when(change.addressConfirmedAt)}.` : 'The new address has not confirmed it yet.'}</li>
            {change.approvalNeeded && <li>{change.approvedAt ? `Approved on ${when(change.approvedAt)}.` : 'It waits for approval: the organization asked with its own credentials.'}</li>}
          </ul>
          {change.approvalNeeded && !change.approvedAt && <ActionForm to={to('approve-change')} csrf={csrf} button="Approve change" />}
          <ActionForm to={to('withdraw-change')} csrf={csrf} button="Withdraw change" secondary />
        </>
      ) : (
        <ActionForm to={to('change-contact-point')} csrf={csrf} button="Change contact point">
          <TextField
            id="new-contact-point"
            label="New contact point address"
            type="email"
            autocomplete="off"
            hint="It takes effect once the new address confirms it with the code PAL emails there"
            value={form?.action === 'change-contact-point' ? form.values['new-contact-point'] : undefined}
            error={errorFor('new-contact-point')}
          />
        </ActionForm>
      )}

      <h2 id="suspension" tabIndex={-1}>
        Suspension
      </h2>
      <SectionError id="suspension" message={errorFor('suspension')} />
      {a.status === 'active' ? (
        <ActionForm to={to('suspend')} csrf={csrf} button="Suspend assister">
          <SelectField id="suspend-reason" label="Reason" options={SUSPENSION_REASON_WORDS} value={form?.values['suspend-reason']} error={errorFor('suspend-reason')} />
        </ActionForm>
      ) : (
        <>
          <p>PAL sends it no new leads; its open leads continue.</p>
          <ActionForm to={to('resume')} csrf={csrf} button="Resume assister" />
        </>
      )}

      <h2 id="move-leads" tabIndex={-1}>
        Move leads
      </h2>
      <SectionError id="move-leads" message={errorFor('move-leads')} />
      <p>Sends each of its open PAL leads to the next eligible assister, as routing chooses it. Each lead's workflow records the move.</p>
      <ActionForm to={to('move-leads')} csrf={csrf} button="Move leads" secondary />

      <h2 id="revoke-access" tabIndex={-1}>
        Revoke access
      </h2>
      <SectionError id="revoke-access" message={errorFor('revoke-access')} />
      <p>Revokes every API token of the assister and signs its people out of the portal. They can sign in again while their address is in the directory.</p>
      <ActionForm to={to('revoke-access')} csrf={csrf} button="Revoke access" secondary />

      <h2>API tokens</h2>
      {v.tokens.length === 0 ? (
        <p>No tokens issued.</p>
      ) : (
        <DataTable
          caption={`${plural(v.tokens.length, 'token')}, newest first`}
          columns={['Issued', 'Expires', 'Last used', 'Revoked']}
          rows={v.tokens.map((t) => [when(t.issuedAt), when(t.expiresAt), t.lastUsedAt ? when(t.lastUsedAt) : 'Never', t.revokedAt ? when(t.revokedAt) : 'No'])}
        />
      )}

      <h2>History</h2>
      <DataTable
        caption="Changes to the assister, newest first"
        columns={['When', 'What', 'By', 'Changes']}
        rows={[...v.history].reverse().map((h) => [when(h.at), slugWords(h.kind), h.changedBy, changeWords(h.change)])}
      />
      <p>
        <a href="/coordinator/directory">Back to the directory</a>
      </p>
    </Page>
  );
}

/** View portal pages: a POST (with its CSRF token), so another site cannot switch the organization a coordinator views. */
function PortalViewForm({ id, csrf }: { id: string; csrf: string }) {
  return (
    <>
      <p>Its leads, reports and organization page as its people see them, read-only.</p>
      <ActionForm to={`/coordinator/directory/${id}/portal`} csrf={csrf} button="View portal pages" outline />
    </>
  );
}

/** What GET of the View portal pages address shows: the form, as nothing changes on GET. */
export function PortalViewPage({ me, csrf, assister }: { me: StaffSignedIn; csrf: string; assister: Pick<AssisterRecord, 'id' | 'name'> }) {
  return (
    <Page title={`View portal pages of ${assister.name}`} person={me} csrf={csrf}>
      <h1>{`View portal pages of ${assister.name}`}</h1>
      <PortalViewForm id={assister.id} csrf={csrf} />
      <p>
        <a href={`/coordinator/directory/${assister.id}`}>Back to the assister</a>
      </p>
    </Page>
  );
}

export function ImportUploadPage({ me, csrf, errors = [], problems = [] }: { me: StaffSignedIn; csrf: string; errors?: FieldError[]; problems?: ImportProblem[] }) {
  const fileError = errors.find((e) => e.field === 'directory-file')?.message;
  return (
    <Page title="Import directory" error={errors.length > 0} person={me} csrf={csrf}>
      <ErrorSummary errors={errors} />
      <h1>Import directory</h1>
      <p>
        Upload a .csv file with a header row (columns id, name, type, zip, email, status, capacity, certification, certificationExpires, and optionally openLeads, publicPhone, languages) or a .json list of assisters, at most {MAX_IMPORT_RECORDS.toLocaleString('en-US')}{' '}
        assisters. The next page shows what it would change; nothing changes until you apply it. An import never removes or suspends an assister, and a new contact point takes effect only once its address confirms it.
      </p>
      {problems.length > 0 && <ProblemTable problems={problems} />}
      <form class="usa-form" method="post" action="/coordinator/directory/import" enctype="multipart/form-data" novalidate>
        <input type="hidden" name="_csrf" value={csrf} />
        <div class={`usa-form-group${fileError ? ' usa-form-group--error' : ''}`}>
          <label class={`usa-label${fileError ? ' usa-label--error' : ''}`} for="directory-file">
            Directory file
          </label>
          <div class="usa-hint" id="directory-file-hint">
            A .json or .csv file
          </div>
          {fileError && (
            <span class="usa-error-message" id="directory-file-error" role="alert">
              {fileError}
            </span>
          )}
          <input
            class="usa-file-input"
            id="directory-file"
            name="directory-file"
            type="file"
            accept=".json,.csv,application/json,text/csv"
            aria-describedby={`directory-file-hint${fileError ? ' directory-file-error' : ''}`}
            aria-invalid={fileError ? 'true' : undefined}
          />
        </div>
        <button class="usa-button" type="submit">
          Preview import
        </button>
      </form>
      <p>
        <a href="/coordinator/directory">Back to the directory</a>
      </p>
    </Page>
  );
}

/** The file's problems, the first MAX_LISTED_PROBLEMS of them listed: the page stays small whatever the file holds. */
function ProblemTable({ problems }: { problems: ImportProblem[] }) {
  const listed = problems.slice(0, MAX_LISTED_PROBLEMS);
  return (
    <DataTable
      caption={
        listed.length < problems.length
          ? `Records of the file that PAL will not take: the first ${listed.length} of ${problems.length.toLocaleString('en-US')} problems (the rest show once these are corrected)`
          : 'Records of the file that PAL will not take'
      }
      columns={['Record', 'Field', 'Problem']}
      id="import-problems"
      rows={listed.map((p) => [p.record, p.field, p.message])}
    />
  );
}

export function ImportPreviewPage(props: { me: StaffSignedIn; csrf: string; sha256: string; digest: string; fileName: string; preview: ImportPreview; errors?: FieldError[] }) {
  const { me, csrf, preview: p } = props;
  const errors = props.errors ?? [];
  const nothing = !p.added.length && !p.changed.length && !p.contactPoints.length;
  return (
    <Page title="Import preview" error={errors.length > 0} person={me} csrf={csrf}>
      <ErrorSummary errors={errors} />
      <h1 id="import-preview" tabIndex={-1}>
        Import preview
      </h1>
      <p class="usa-intro">{`${props.fileName}: nothing has changed yet.`}</p>
      <h2>{`Added: ${plural(p.added.length, 'assister')}`}</h2>
      {p.added.length > 0 && (
        <ul class="usa-list">
          {p.added.map((a) => (
            <li key={a.id}>{`${a.name} (${a.id})`}</li>
          ))}
        </ul>
      )}
      <h2>{`Changed: ${plural(p.changed.length + p.contactPoints.length, 'assister')}`}</h2>
      {(p.changed.length > 0 || p.contactPoints.length > 0) && (
        <DataTable
          caption="Each change, old → new"
          columns={['Assister', 'Field', 'Old → new']}
          rows={[
            ...p.changed.flatMap((c) => Object.entries(c.changes).map(([field, [old, now]]) => [`${c.name} (${c.id})`, field, `${String(old ?? '—')} → ${String(now ?? '—')}`])),
            ...p.contactPoints.map((c) => [c.assisterId, 'email (once the new address confirms it)', `${c.oldEmail} → ${c.newEmail}`]),
          ]}
        />
      )}
      <p>{`Unchanged: ${plural(p.unchanged, 'assister')}.`}</p>
      <h2>{`Removed or suspended: none`}</h2>
      <p>
        {p.notInFile.length
          ? `${plural(p.notInFile.length, 'assister')} of the directory ${p.notInFile.length === 1 ? 'is' : 'are'} not in the file (${p.notInFile.map((a) => a.id).join(', ')}): an import never removes or suspends an assister, so they stay as they are. Suspend one on its page.`
          : 'Every assister of the directory is in the file. An import never removes or suspends an assister.'}
      </p>
      {nothing ? (
        <p>The file changes nothing.</p>
      ) : (
        <ActionForm to={`/coordinator/directory/import/${props.sha256}/apply`} csrf={csrf} button="Apply import">
          <input type="hidden" name="preview" value={props.digest} />
        </ActionForm>
      )}
      <p>
        <a href="/coordinator/directory/import">Upload another file</a> · <a href="/coordinator/directory">Back to the directory</a>
      </p>
    </Page>
  );
}

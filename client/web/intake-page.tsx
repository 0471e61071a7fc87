// The representative's pages: the intake form with every item of the lead (domain.md, "A lead"), its routing
// preview and duplicate check, and Lead created with the words to read to the consumer.
import { parsePhoneNumber } from 'libphonenumber-js';
import { DETERMINATIONS, type Determination } from '../../domain/lead';
import { languageWords, type RoutingDecision, type RoutingRule, type SkipReason } from '../../domain/routing';
import type { CreatedLead } from '../../store/created-leads';
import type { DuplicateMatch, OpenLeadOfConsumer } from '../../store/duplicates';
import type { NavigatorOverride } from '../../store/navigator-overrides';
import { ErrorSummary, Item, Notice, Page, TextArea, TextField, type FieldError } from './layout';
import type { StaffSignedIn } from './session';
import { statusWords, when } from './words';

export type FormValues = Record<string, string | undefined>;

/** The yes/no items of the lead: the field, its label, and what to ask when none is chosen. */
export const YES_NO = {
  'account-active': ['Has an active account', 'Select whether the consumer has an active account'],
  'application-active': ['Has a completed application', 'Select whether the consumer has a completed application'],
  'plan-selection-help': ['Asks for help choosing a plan', 'Select whether the consumer asks for help choosing a plan'],
  'consent-to-share': ['Consent to share', 'Select whether the consumer consents to share their information with an assister'],
  'working-with-assister': ['Already working with an assister', 'Select whether the consumer is already working with an assister'],
} as const;

const DETERMINATION_WORDS: Record<Determination, string> = { MA: 'Medical Assistance (MA)', MinnesotaCare: 'MinnesotaCare', QHP: 'Qualified health plan (QHP)' };

const RULE_WORDS: Record<RoutingRule, string> = {
  'no-application': 'no completed application',
  'plan-selection': 'a completed application, and the consumer asks for help choosing a plan',
  'public-program': 'a completed application with a public program determination (MA or MinnesotaCare): navigators only, brokers may not assist',
  qhp: 'a completed application with a QHP determination',
  'pending-determination': 'a completed application, no determination yet',
  'navigator-by-representative': 'the representative sent it to a navigator against the rule',
};

export const SKIPPED_WORDS: Record<SkipReason, string> = {
  suspended: 'suspended',
  uncertified: 'no certification on record',
  'certification-lapsed': 'certification lapsed',
  'at-capacity': 'at capacity',
  excluded: 'excluded',
};

const MATCH_WORDS: Record<DuplicateMatch, string> = { phone: 'same phone', email: 'same email', 'name-and-zip': 'same name and ZIP code' };

export interface Preview {
  decision: RoutingDecision;
  /** Assister names by id, for those the preview shows. */
  names: Record<string, string>;
}

export interface IntakeProps {
  staff: StaffSignedIn;
  csrf: string;
  /** Sent with the form so that sending it twice creates one lead. */
  requestId: string;
  values?: FormValues;
  errors?: FieldError[];
  preview?: Preview;
  duplicates?: OpenLeadOfConsumer[];
}

function ErrorMessage({ id, error }: { id: string; error?: string }) {
  return error ? (
    <span class="usa-error-message" id={`${id}-error`} role="alert">
      {error}
    </span>
  ) : null;
}

function Hint({ id, hint }: { id: string; hint?: string }) {
  return hint ? (
    <div class="usa-hint" id={`${id}-hint`}>
      {hint}
    </div>
  ) : null;
}

/** A question answered Yes or No; the first radio carries the field's id, so the error summary's link reaches it. */
function YesNo({ id, legend, value, error, hint }: { id: string; legend: string; value?: string; error?: string; hint?: string }) {
  const described = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`usa-form-group${error ? ' usa-form-group--error' : ''}`}>
      <fieldset class="usa-fieldset" aria-describedby={described}>
        <legend class="usa-legend">{legend}</legend>
        <Hint id={id} hint={hint} />
        <ErrorMessage id={id} error={error} />
        {(['yes', 'no'] as const).map((v) => (
          <div class="usa-radio" key={v}>
            <input class="usa-radio__input" id={v === 'yes' ? id : `${id}-no`} type="radio" name={id} value={v} checked={value === v} />
            <label class="usa-radio__label" for={v === 'yes' ? id : `${id}-no`}>
              {v === 'yes' ? 'Yes' : 'No'}
            </label>
          </div>
        ))}
      </fieldset>
    </div>
  );
}

const miles = (m: number) => `${m} mile${m === 1 ? '' : 's'}`;
const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The candidates routing skipped for the chosen one: every one closer (candidates are closest first), or all when none was chosen. */
/** Why routing passed a closer assister over: a skip reason, or (chosen for the consumer's language) the language. */
const passedOverWords = (c: RoutingDecision['candidates'][number], language?: string) => (c.skipped ? SKIPPED_WORDS[c.skipped] : `does not speak ${language ?? 'the consumer’s language'}`);

export function skippedCloser(decision: RoutingDecision) {
  const chosen = decision.candidates.findIndex((c) => c.assisterId === decision.assisterId);
  return decision.candidates.slice(0, chosen === -1 ? undefined : chosen);
}

/** What routing would do, before anything is created: type, assister, distance, rule, and closer ones skipped. */
function RoutingPreview({ preview: { decision, names } }: { preview: Preview }) {
  const skipped = skippedCloser(decision);
  const name = (id: string) => `${names[id] ?? id} (${id})`;
  return (
    <div class="usa-summary-box margin-bottom-3" role="region" aria-labelledby="routing-preview-heading" id="routing-preview" tabIndex={-1} autofocus>
      <div class="usa-summary-box__body">
        <h2 class="usa-summary-box__heading" id="routing-preview-heading">
          Routing preview
        </h2>
        <p>Nothing has been created. If you create the lead now, PAL sends it here:</p>
        <dl>
          <Item label="Type">{capitalized(decision.assisterType)}</Item>
          <Item label="Assister">{decision.assisterId ? name(decision.assisterId) : `No ${decision.assisterType} can take the lead now: PAL holds it and alerts the coordinator`}</Item>
          <Item label="Distance">{decision.distanceMiles === undefined ? '—' : `${miles(decision.distanceMiles)} from the consumer's ZIP code`}</Item>
          <Item label="Rule">
            {`${decision.rule}: ${RULE_WORDS[decision.rule]}`}
            {decision.overriddenRule && ` (the rule ${decision.overriddenRule}, ${RULE_WORDS[decision.overriddenRule]}, would send it to a broker)`}
          </Item>
          {decision.language && <Item label="Language">{languageWords(decision, name)}</Item>}
          <Item label={decision.assisterId ? 'Closer ones skipped' : 'Skipped'}>
            {skipped.length === 0 ? (
              'None'
            ) : (
              <ul class="usa-list">
                {skipped.map((c) => (
                  <li key={c.assisterId}>{`${name(c.assisterId)}, ${miles(c.distanceMiles)}: ${passedOverWords(c, decision.language?.preferred)}`}</li>
                ))}
              </ul>
            )}
          </Item>
        </dl>
      </div>
    </div>
  );
}

/** Open leads of the same consumer, by reference only, with what matched. */
function Duplicates({ duplicates }: { duplicates: OpenLeadOfConsumer[] }) {
  return (
    <div class="usa-alert usa-alert--warning margin-bottom-3" role="region" aria-labelledby="duplicates-heading">
      <div class="usa-alert__body">
        <h2 class="usa-alert__heading" id="duplicates-heading">
          This consumer may already have an open lead
        </h2>
        <ul class="usa-list">
          {duplicates.map((d) => (
            <li key={d.leadId}>
              {`Lead ${d.reference}, created ${when(d.createdAt)}, ${d.assisterName ? `with ${d.assisterName}` : 'waiting for an assister'} (${statusWords(d.status, 'staff')}): ${d.matchedBy.map((m) => MATCH_WORDS[m]).join(', ')}`}
            </li>
          ))}
        </ul>
        <p class="usa-alert__text">Check with the consumer before creating another lead. To create one anyway, check Create it anyway below.</p>
      </div>
    </div>
  );
}

export function IntakePage({ staff, csrf, requestId, values = {}, errors = [], preview, duplicates = [] }: IntakeProps) {
  const errorFor = (field: string) => errors.find((e) => e.field === field)?.message;
  const text = (id: string, label: string, more: { type?: 'text' | 'email'; autocomplete?: string; hint?: string; required?: boolean } = {}) => (
    <TextField id={id} label={label} value={values[id]} error={errorFor(id)} autocomplete="off" {...more} />
  );
  const yesNo = (id: keyof typeof YES_NO, hint?: string) => <YesNo id={id} legend={YES_NO[id][0]} value={values[id]} error={errorFor(id)} hint={hint} />;
  const determinationsError = errorFor('determinations');
  const overrideError = errorFor('navigator-override');
  return (
    <Page title="Intake" error={errors.length > 0} person={staff} csrf={csrf}>
      <ErrorSummary errors={errors} />
      <h1>Intake</h1>
      {preview && <RoutingPreview preview={preview} />}
      {duplicates.length > 0 && <Duplicates duplicates={duplicates} />}
      <p>Every item of the lead. Preview routing shows where the lead would go; nothing is created until you press Create lead.</p>
      <form class="usa-form usa-form--large" method="post" action="/intake" novalidate>
        <input type="hidden" name="_csrf" value={csrf} />
        <input type="hidden" name="request-id" value={requestId} />
        <h2>Consumer</h2>
        {text('first-name', 'First name')}
        {text('last-name', 'Last name')}
        {text('phone', 'Phone', { hint: 'A US phone number, for example 651-555-0134' })}
        {text('email', 'Email', { type: 'email', required: false, hint: 'Optional' })}
        {text('zip', 'ZIP code', { hint: 'A Minnesota ZIP code, 5 digits' })}
        {text('preferred-language', 'Preferred language', { required: false, hint: 'Optional, for example Spanish' })}
        <h2>Account and application</h2>
        {yesNo('account-active')}
        {text('user-login', 'User login', { required: false, hint: 'Only when the consumer has an active account' })}
        {yesNo('application-active', 'A completed application exists')}
        <div class={`usa-form-group${determinationsError ? ' usa-form-group--error' : ''}`}>
          <fieldset class="usa-fieldset" aria-describedby={['determinations-hint', determinationsError && 'determinations-error'].filter(Boolean).join(' ')}>
            <legend class="usa-legend">Current determinations</legend>
            <Hint id="determinations" hint="Check each one the household has; none when there is none yet" />
            <ErrorMessage id="determinations" error={determinationsError} />
            {DETERMINATIONS.map((d, i) => (
              <div class="usa-checkbox" key={d}>
                <input class="usa-checkbox__input" id={i === 0 ? 'determinations' : `determination-${d}`} type="checkbox" name={`determination-${d}`} value="yes" checked={values[`determination-${d}`] === 'yes'} />
                <label class="usa-checkbox__label" for={i === 0 ? 'determinations' : `determination-${d}`}>
                  {DETERMINATION_WORDS[d]}
                </label>
              </div>
            ))}
          </fieldset>
        </div>
        <h2>Help needed</h2>
        <TextArea id="reason-for-help" label="Reason for help" hint="Why the consumer is seeking help from an assister" value={values['reason-for-help']} error={errorFor('reason-for-help')} />
        {yesNo('plan-selection-help')}
        <TextArea id="guidance-provided" label="Guidance provided" hint="What you told the consumer" value={values['guidance-provided']} error={errorFor('guidance-provided')} />
        <h2>Consent</h2>
        {yesNo('consent-to-share', 'The consumer agrees that PAL sends their information to an assister. No consent, no lead.')}
        {yesNo('working-with-assister', 'A consumer already working with an assister gets no lead.')}
        <h2>Routing</h2>
        <div class={`usa-form-group${overrideError ? ' usa-form-group--error' : ''}`}>
          <fieldset class="usa-fieldset" aria-describedby={['navigator-override-hint', overrideError && 'navigator-override-error'].filter(Boolean).join(' ')}>
            <legend class="usa-legend">Send to a navigator instead</legend>
            <Hint id="navigator-override" hint="Only when the rules choose a broker: PAL sends the lead to the closest eligible navigator instead. A household with MA or MinnesotaCare goes to a navigator by the rules." />
            <ErrorMessage id="navigator-override" error={overrideError} />
            <div class="usa-checkbox">
              <input class="usa-checkbox__input" id="navigator-override" type="checkbox" name="navigator-override" value="yes" checked={values['navigator-override'] === 'yes'} />
              <label class="usa-checkbox__label" for="navigator-override">
                Send the lead to the closest eligible navigator
              </label>
            </div>
            {text('navigator-reason', 'Reason for sending to a navigator', { required: false, hint: "Needed when you send the lead to a navigator. Kept in the lead's record for staff; never sent to the assister." })}
          </fieldset>
        </div>
        {duplicates.length > 0 && (
          <div class={`usa-form-group${errorFor('create-anyway') ? ' usa-form-group--error' : ''}`}>
            <ErrorMessage id="create-anyway" error={errorFor('create-anyway')} />
            <div class="usa-checkbox">
              <input class="usa-checkbox__input" id="create-anyway" type="checkbox" name="create-anyway" value="yes" checked={values['create-anyway'] === 'yes'} aria-describedby={errorFor('create-anyway') ? 'create-anyway-error' : undefined} />
              <label class="usa-checkbox__label" for="create-anyway">
                Create it anyway
              </label>
            </div>
          </div>
        )}
        <div class="margin-top-4">
          <button class="usa-button usa-button--outline" type="submit" name="intent" value="preview">
            Preview routing
          </button>
          <button class="usa-button" type="submit" name="intent" value="create">
            Create lead
          </button>
        </div>
      </form>
    </Page>
  );
}

const spoken = new Intl.DateTimeFormat('en-US', { timeZone: 'America/Chicago', weekday: 'long', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit' });
const phoneWords = (phone: string) => parsePhoneNumber(phone, 'US').formatNational();

/** For staff only: the lead was sent to a navigator against the rule, by whom and why. */
export function SentToNavigator({ override }: { override: NavigatorOverride }) {
  return (
    <>
      <h2>Sent to a navigator against the rule</h2>
      <dl>
        <Item label="Rule overridden">{`${override.overriddenRule}: ${RULE_WORDS[override.overriddenRule]}`}</Item>
        <Item label="Sent to a navigator by">{`${override.byEmail ?? override.by}, ${when(override.at)}`}</Item>
        <Item label="Reason for sending to a navigator">{override.reason}</Item>
      </dl>
    </>
  );
}

/** The lead just created: the words to read to the consumer, then the lead's facts. */
export function LeadCreatedPage({ staff, csrf, reference, lead, repeated, override }: { staff: StaffSignedIn; csrf: string; reference: string; lead: CreatedLead; repeated: boolean; override?: NavigatorOverride }) {
  const { assister, contactDeadlineAt } = lead;
  const deadline = contactDeadlineAt && spoken.format(contactDeadlineAt);
  return (
    <Page title="Lead created" person={staff} csrf={csrf}>
      {repeated && <Notice kind="info" heading="This form was sent before">This is the lead it created; nothing new was created.</Notice>}
      <h1>Lead created</h1>
      <p class="usa-intro">Reference {reference}</p>
      <h2>Read this to the consumer</h2>
      <div class="usa-summary-box margin-bottom-3">
        <div class="usa-summary-box__body">
          <p>
            Your reference number is <strong>{`${reference.slice(0, 4)} ${reference.slice(4)}`}</strong>.
          </p>
          {assister ? (
            <>
              <p>{`${assister.name} will call you${deadline ? ` by ${deadline}` : ''}.`}</p>
              {assister.publicPhone ? <p>{`If you want to reach them, their phone number is ${phoneWords(assister.publicPhone)}.`}</p> : <p>The organization will call you; please answer calls from numbers you do not know.</p>}
            </>
          ) : (
            <p>An assister organization near you will call you. We are finding one for you now.</p>
          )}
        </div>
      </div>
      <h2>The lead</h2>
      <dl>
        <Item label="Reference">{reference}</Item>
        <Item label="Organization">{assister?.name ?? 'None yet: no assister can take the lead now. PAL holds it and alerts the coordinator.'}</Item>
        <Item label="Organization's public phone">{assister?.publicPhone ? phoneWords(assister.publicPhone) : 'None on record: the organization will call the consumer'}</Item>
        <Item label="Contact deadline">{contactDeadlineAt ? when(contactDeadlineAt) : 'Set when an assister takes the lead'}</Item>
      </dl>
      {override && <SentToNavigator override={override} />}
      <p>
        <a href="/intake">Start a new intake</a>
      </p>
    </Page>
  );
}

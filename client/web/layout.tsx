// The frame of every page: the U.S. Web Design System's header, a main region with one heading, and a footer.
// Server-rendered; pages work without JavaScript (USWDS's script only improves the menu on small screens).
import type { ComponentChildren } from 'preact';

export interface PageProps {
  title: string;
  /** A page that shows a refused form says so first in its title ("Error: …"). */
  error?: boolean;
  /**
   * Who is signed in (a person of an assister organization, or a staff member), shown with the Sign out button and
   * the pages of their kind of account; their session's idle time drives the idle warning.
   */
  person?: { email: string; organization: string; idleSeconds?: number; assisterId?: string; viewedBy?: unknown } | { email: string; role: 'contact-center' | 'coordinator'; idleSeconds?: number };
  csrf?: string;
  children: ComponentChildren;
}

const ROLE_WORDS = { 'contact-center': 'Contact center', coordinator: 'Coordinator' };

/** The pages of each kind of account, its start page first. */
function navigation(person: NonNullable<PageProps['person']>): [string, string][] {
  if ('organization' in person)
    return [
      ['/portal', 'Your leads'],
      ['/portal/reports', 'Reports'],
      ['/portal/organization', 'Organization'],
    ];
  return person.role === 'coordinator'
    ? [
        ['/coordinator', 'Escalations'],
        ['/coordinator/leads', 'Leads'],
        ['/coordinator/directory', 'Directory'],
        ['/coordinator/program', 'Program'],
        ['/coordinator/audit', 'Audit trail'],
        ['/coordinator/staff', 'Staff'],
        ['/intake', 'Intake'],
        ['/leads/find', 'Find a lead'],
      ]
    : [
        ['/intake', 'Intake'],
        ['/leads/find', 'Find a lead'],
      ];
}

export function Page({ title, error, person, csrf, children }: PageProps) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${error ? 'Error: ' : ''}${title} | PAL`}</title>
        <link rel="stylesheet" href="/assets/uswds/css/uswds.min.css" />
        <link rel="stylesheet" href="/assets/pal.css" />
      </head>
      <body>
        <a class="usa-skipnav" href="#main-content">
          Skip to main content
        </a>
        <header class="usa-header usa-header--basic">
          <div class="usa-nav-container pal-header">
            <div class="usa-navbar">
              <div class="usa-logo">
                <em class="usa-logo__text">
                  <a href={person ? navigation(person)[0]![0] : '/portal/sign-in'} title="PAL home">
                    PAL: Preferred Assister Leads
                  </a>
                </em>
              </div>
            </div>
            {person && (
              <nav aria-label="PAL" class="pal-nav">
                <ul class="usa-list usa-list--unstyled pal-nav__list">
                  {navigation(person).map(([href, words]) => (
                    <li key={href}>
                      <a href={href}>{words}</a>
                    </li>
                  ))}
                  <li class="pal-nav__who">
                    {person.email} ({'organization' in person ? person.organization : ROLE_WORDS[person.role]})
                  </li>
                  <li>
                    <form method="post" action="/portal/sign-out">
                      <input type="hidden" name="_csrf" value={csrf} />
                      <button type="submit" class="usa-button usa-button--unstyled">
                        Sign out
                      </button>
                    </form>
                  </li>
                </ul>
              </nav>
            )}
          </div>
        </header>
        <main id="main-content" class="grid-container pal-main" tabIndex={-1}>
          {person && 'organization' in person && person.viewedBy !== undefined && <ReadOnlyView organization={person.organization} assisterId={person.assisterId} />}
          {children}
        </main>
        {person?.idleSeconds && <SessionWarning idleSeconds={person.idleSeconds} />}
        <footer class="usa-footer usa-footer--slim">
          <div class="grid-container pal-footer">
            PAL, the Preferred Assister Lead program of the health insurance marketplace.
            {person?.idleSeconds && ` For your security, PAL signs you out after ${Math.round(person.idleSeconds / 60)} minutes without use.`}
          </div>
        </footer>
        {person?.idleSeconds && <script src="/assets/session-timeout.js" defer />}
      </body>
    </html>
  );
}

/** A coordinator viewing an organization's portal pages (portal-view.ts): they read, they cannot act. */
function ReadOnlyView({ organization, assisterId }: { organization: string; assisterId?: string }) {
  return (
    <div class="usa-alert usa-alert--info usa-alert--slim">
      <div class="usa-alert__body">
        <p class="usa-alert__text">
          {`Read-only: you are viewing the portal pages of ${organization} as a coordinator. Nothing can be changed here. `}
          <a href={`/coordinator/directory/${assisterId ?? ''}`}>Back to the directory</a>
        </p>
      </div>
    </div>
  );
}

/** Hidden until the idle warning's script shows it (assets/session-timeout.js); without JavaScript it stays hidden. */
function SessionWarning({ idleSeconds }: { idleSeconds: number }) {
  return (
    <div id="session-warning" class="usa-alert usa-alert--warning pal-session-warning" role="alertdialog" aria-labelledby="session-warning-heading" aria-describedby="session-warning-text" tabIndex={-1} data-idle-seconds={idleSeconds} hidden>
      <div class="usa-alert__body">
        <h2 class="usa-alert__heading" id="session-warning-heading">
          Your session is ending
        </h2>
        <p class="usa-alert__text" id="session-warning-text" />
        <button type="button" class="usa-button" id="session-keep">
          Stay signed in
        </button>
        <a class="usa-button" id="session-sign-in" href="/portal/sign-in" target="_blank" rel="noopener" hidden>
          Sign in again in a new tab
        </a>
      </div>
    </div>
  );
}

export interface FieldError {
  /** The id of the field the error belongs to. */
  field: string;
  message: string;
}

/** The error summary: first in the main region, focused when the page loads, each error a link to its field. */
export function ErrorSummary({ errors }: { errors: FieldError[] }) {
  if (!errors.length) return null;
  return (
    <div class="usa-alert usa-alert--error" role="alert" tabIndex={-1} autofocus id="error-summary" aria-labelledby="error-summary-heading">
      <div class="usa-alert__body">
        <h2 class="usa-alert__heading" id="error-summary-heading">
          There is a problem
        </h2>
        <ul class="usa-list">
          {errors.map((e) => (
            <li key={e.field}>
              <a href={`#${e.field}`}>{e.message}</a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

/** A success or information message after an action (post/redirect/get). */
export function Notice({ kind = 'success', heading, children }: { kind?: 'success' | 'info' | 'warning'; heading: string; children?: ComponentChildren }) {
  return (
    <div class={`usa-alert usa-alert--${kind}`} role="status">
      <div class="usa-alert__body">
        <h2 class="usa-alert__heading">{heading}</h2>
        {children && <p class="usa-alert__text">{children}</p>}
      </div>
    </div>
  );
}

/** A labelled text field with its error message beside it (USWDS form group). */
/**
 * A USWDS form group: the label, the hint and the error message, then the control. The control is described by the
 * hint and the error (`describedBy`), so a screen reader reads them with it.
 */
function FormGroup({ id, label, hint, error, children }: { id: string; label: string; hint?: string; error?: string; children: ComponentChildren }) {
  return (
    <div class={`usa-form-group${error ? ' usa-form-group--error' : ''}`}>
      <label class={`usa-label${error ? ' usa-label--error' : ''}`} for={id}>
        {label}
      </label>
      {hint && (
        <div class="usa-hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {error && (
        <span class="usa-error-message" id={`${id}-error`} role="alert">
          {error}
        </span>
      )}
      {children}
    </div>
  );
}

const describedBy = (id: string, hint?: string, error?: string) => [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;

export function TextField(props: { id: string; label: string; value?: string; error?: string; type?: 'text' | 'email' | 'date'; autocomplete?: string; hint?: string; required?: boolean }) {
  const { id, label, value, error, type = 'text', autocomplete, hint, required = true } = props;
  // Preact types inputs by their `type`; this field chooses it at run time.
  const input = {
    class: `usa-input${error ? ' usa-input--error' : ''}`,
    id,
    name: id,
    type,
    value,
    autocomplete,
    required,
    'aria-invalid': error ? 'true' : undefined,
    'aria-describedby': describedBy(id, hint, error),
  } as preact.InputHTMLAttributes<HTMLInputElement>;
  return (
    <FormGroup id={id} label={label} hint={hint} error={error}>
      <input {...input} />
    </FormGroup>
  );
}

/** A labelled select with its error message beside it (USWDS form group); options are value → words. */
export function SelectField(props: { id: string; label: string; options: Record<string, string>; value?: string; error?: string; required?: boolean; empty?: string }) {
  const { id, label, options, value, error, required = true, empty = '- Select -' } = props;
  return (
    <FormGroup id={id} label={label} error={error}>
      <select class={`usa-select${error ? ' usa-input--error' : ''}`} id={id} name={id} required={required} aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy(id, undefined, error)}>
        <option value="">{empty}</option>
        {Object.entries(options).map(([v, words]) => (
          <option key={v} value={v} selected={value === v}>
            {words}
          </option>
        ))}
      </select>
    </FormGroup>
  );
}

/** A labelled text area with its hint and error message beside it (USWDS form group). */
export function TextArea(props: { id: string; label: string; value?: string; error?: string; hint?: string; required?: boolean; maxLength?: number }) {
  const { id, label, value, error, hint, required = true, maxLength = 2000 } = props;
  return (
    <FormGroup id={id} label={label} hint={hint} error={error}>
      <textarea class={`usa-textarea${error ? ' usa-input--error' : ''}`} id={id} name={id} maxLength={maxLength} required={required} aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy(id, hint, error)}>
        {value ?? ''}
      </textarea>
    </FormGroup>
  );
}

/** A form that posts one action with the CSRF token; its button says what it does. */
/** A form of one button: `secondary` (red) for what cannot be taken back, `outline` for what only shows something. */
export function PostForm(props: { to: string; csrf: string; button: string; secondary?: boolean; outline?: boolean; children?: ComponentChildren }) {
  return (
    <form class="usa-form" method="post" action={props.to} novalidate>
      <input type="hidden" name="_csrf" value={props.csrf} />
      {props.children}
      <button class={`usa-button${props.secondary ? ' usa-button--secondary' : props.outline ? ' usa-button--outline' : ''}`} type="submit">
        {props.button}
      </button>
    </form>
  );
}

/** A refusal of a form without a field of its own (a button alone), under its section's heading. */
export function SectionError({ id, message }: { id: string; message?: string }) {
  return message ? (
    <p class="usa-error-message" id={`${id}-error`} role="alert">
      {message}
    </p>
  ) : null;
}

/** A column's header: its words, or words only a screen reader reads (a column of buttons). */
export type TableColumn = string | { label: string; hidden: true };

/**
 * A USWDS table, stacked on narrow screens: a caption, scoped column headers, the first cell of each row its row
 * header (unless `rowHeaders` is false), each cell labelled with its column's words (data-label) for the stacked
 * layout. `id` makes the table a focus target (an error summary's link). In a scroll wrapper unless `wrap` is false
 * (the caller has its own, or a grid column holds it); `compact` for the tables beside the program page's charts.
 */
export function DataTable(props: { caption: string; columns: TableColumn[]; rows: ComponentChildren[][]; rowHeaders?: boolean; id?: string; wrap?: boolean; compact?: boolean }) {
  const { caption, columns, rows, rowHeaders = true, id, wrap = true, compact } = props;
  const label = (c: TableColumn) => (typeof c === 'string' ? c : c.label);
  const table = (
    <table class={`usa-table usa-table--borderless usa-table--stacked${compact ? ' usa-table--compact pal-data-table' : ''}`} id={id} tabIndex={id ? -1 : undefined}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          {columns.map((c, i) => (
            <th key={i} scope="col">
              {typeof c === 'string' ? c : <span class="usa-sr-only">{c.label}</span>}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r, row) => (
          <tr key={row}>
            {r.map((cell, i) =>
              i === 0 && rowHeaders ? (
                <th key={i} scope="row" data-label={label(columns[0]!)}>
                  {cell}
                </th>
              ) : (
                <td key={i} data-label={label(columns[i]!)}>
                  {cell}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
  return wrap ? <div class="pal-table-wrap">{table}</div> : table;
}

/** One item of a description list: its label, then what it is. */
export function Item({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <>
      <dt class="text-bold">{label}</dt>
      <dd class="margin-left-0 margin-bottom-1">{children}</dd>
    </>
  );
}

/**
 * The confirmation step of an action that cannot be taken back (the GOV.UK / USWDS pattern): the question as the
 * heading, what follows, and the same values posted again with `confirm=yes`; Cancel goes back by a link and changes
 * nothing. The route checks everything again when the confirmation is posted: the hidden values are only what was typed.
 * `secondary` (red) as the action's own button is.
 */
export function Confirmation(props: { person: PageProps['person']; csrf: string; question: string; consequence: string; to: string; values: Record<string, string | undefined>; button: string; secondary?: boolean; cancel: string }) {
  return (
    <Page title={props.question} person={props.person} csrf={props.csrf}>
      <h1>{props.question}</h1>
      <p class="usa-intro">{props.consequence}</p>
      <form class="usa-form" method="post" action={props.to} novalidate>
        <input type="hidden" name="_csrf" value={props.csrf} />
        {Object.entries(props.values).map(([name, value]) => value !== undefined && <input key={name} type="hidden" name={name} value={value} />)}
        <input type="hidden" name="confirm" value="yes" />
        <ul class="usa-button-group">
          <li class="usa-button-group__item">
            <button class={`usa-button${props.secondary ? ' usa-button--secondary' : ''}`} type="submit">
              {props.button}
            </button>
          </li>
          <li class="usa-button-group__item">
            <a class="usa-button usa-button--unstyled" href={props.cancel}>
              Cancel
            </a>
          </li>
        </ul>
      </form>
    </Page>
  );
}

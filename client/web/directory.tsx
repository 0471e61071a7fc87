// The coordinators' Directory (/coordinator/directory): the assisters with status, certification, capacity, open
// leads and what is pending; one assister's page with its actions; Add assister; Import directory with a preview.
// Every action takes the API's own code path (client/api/directory-requests.ts, directory-import.ts,
// store/assister-tokens.ts): the directory workflows decide, as for `pal` and the JSON API. An import is previewed by
// running the import's own transaction and rolling it back; Apply import applies the file kept server-side by its
// digest (claimed first, so it applies once), and only while it would still make the changes that were previewed. A
// file holds at most MAX_IMPORT_RECORDS records. Move leads and Revoke access ask first: a confirmation page, whose
// Confirm button posts again with confirm=yes. Every view and action is audited.
import { createHash } from 'node:crypto';
import fastifyMultipart from '@fastify/multipart';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { assisterUpdateSchema, contactPointChangeSchema, newAssisterSchema, suspensionSchema, type AssisterRecord } from '../../domain/assister';
import { minnesotaDate } from '../../domain/time';
import { assisterHistory, assisterRecord, listAssisters } from '../../store/assisters';
import { assisterTokens, revokeAssisterTokens } from '../../store/assister-tokens';
import { recordAudit } from '../../store/audit';
import { claimImportFile, importFile, keepImportFile, previewDirectoryImport, releaseImportFile, waitingRequests, type ImportPreview } from '../../store/directory-imports';
import { latestSuspension, pendingChangeView } from '../../store/portal-organization';
import { DIRECTORY_LIMIT } from '../api/bodies';
import { importDirectory, validateDirectory } from '../api/directory-import';
import { approveContactPoint, cancelContactPoint, requestAssisterChange, requestContactPointChange } from '../api/directory-requests';
import { parseDirectory } from '../cli/files';
import { HttpError } from '../http';
import { staffSignedIn } from './access';
import { AssisterActionConfirmation, AssisterPage, CONFIRMED_ACTIONS, DirectoryList, ImportPreviewPage, ImportUploadPage, MAX_IMPORT_RECORDS, NewAssisterPage, PortalViewPage, STATUS_WORDS, TYPE_WORDS, type ConfirmedAction, type FormState } from './directory-page';
import { Page, type FieldError } from './layout';
import type { WebDeps } from './plugin';
import { viewOrganization } from './portal-view';
import { sendPage } from './render';
import { actorOf, formFields, type StaffSignedIn } from './session';

const COORDINATOR = ['coordinator'] as const;
type Body = Record<string, string | undefined>;

/** Each form field and the API's name for it, with the words a refusal of it shows. */
const FIELDS: [field: string, key: string, message: string][] = [
  ['id', 'id', 'Enter an id of 2 to 63 lowercase letters, digits or dashes, like north-star-navigators'],
  ['name', 'name', "Enter the organization's name: one line, at most 200 characters"],
  ['type', 'type', 'Select the type'],
  ['zip', 'zip', 'Enter a Minnesota ZIP code'],
  ['email', 'email', 'Enter the contact point email like name@example.org'],
  ['public-phone', 'publicPhone', 'Enter a US phone number like 651-555-0100, or leave it empty'],
  ['capacity', 'capacity', 'Enter the capacity as a whole number'],
  ['open-leads', 'openLeads', 'Enter the open leads from outside PAL as a whole number'],
  ['certification', 'certification', "Enter the certification: a navigator's certification id or a broker's NPN"],
  ['certification-expires', 'certificationExpires', 'Enter the last day the certification is valid'],
  ['languages', 'languages', 'Enter language names separated by semicolons, like Spanish; Hmong (each at most 40 characters, 20 at most)'],
];

/** The form's values as the API's body: empty optional fields left out (an empty public phone removes it on edit). */
function assisterBody(values: Body, adding: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = adding ? { status: 'active' } : {};
  for (const [field, key] of FIELDS) {
    // The id never changes; the contact point changes only through a confirmed change.
    if (!adding && (field === 'id' || field === 'email')) continue;
    const value = values[field]?.trim();
    if (field === 'public-phone' && !value) {
      if (!adding) body[key] = null;
    } else if (value || (value !== undefined && field !== 'open-leads' && (adding || field !== 'certification'))) body[key] = value;
  }
  return body;
}

/** The schema's refusals beside their fields, in the page's words (the rule's own words for the rule across fields). */
function fieldErrors(error: z.ZodError): FieldError[] {
  const errors: FieldError[] = [];
  for (const issue of error.issues) {
    const entry = FIELDS.find(([, key]) => key === issue.path[0]);
    if (!entry || errors.some((e) => e.field === entry[0])) continue;
    // The page's own words for a field; a rule across fields (a broker's certification is its NPN) in its own words.
    const acrossFields = issue.code === 'custom' && entry[0] === 'certification';
    errors.push({ field: entry[0], message: acrossFields ? issue.message.replace(/^./, (c) => c.toUpperCase()) : entry[2] });
  }
  return errors.length ? errors : [{ field: 'name', message: 'Change at least one field' }];
}

/** A refusal by the shared directory code (its HttpError) or by a contact-point change's workflow. */
function refusalOf(err: unknown): string | undefined {
  if (err instanceof HttpError && err.status < 500) return err.message;
  if (err instanceof WorkflowUpdateFailedError) return (err.cause as Error | undefined)?.message ?? 'PAL could not do this';
  return undefined;
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
/** What a preview shows, as a digest: Apply import goes ahead only while the file would still make these changes. */
const previewDigest = (preview: ImportPreview) => sha256(JSON.stringify(preview));

// The notices read the redirect's query, which anyone can write into a link: they show numbers and field names only.
const count = (v: string | undefined) => Number(v) || 0;
const changedFields = (v: string | undefined) => (v ?? '').split(', ').filter((key) => FIELDS.some(([, known]) => known === key));

const DONE: Record<string, { heading: string; text?: (q: Record<string, string>) => string }> = {
  added: { heading: 'Assister added', text: () => 'It is active and can receive leads.' },
  edit: { heading: 'Assister updated', text: (q) => (changedFields(q.changed).length ? `Changed: ${changedFields(q.changed).join(', ')}.` : 'Nothing changed: it was already so.') },
  'change-contact-point': { heading: 'Contact point change requested', text: () => 'PAL emailed a confirmation code to the new address. Leads keep going to the current address until it is confirmed.' },
  'approve-change': { heading: 'Change approved', text: () => 'It takes effect once the new address has confirmed it.' },
  'withdraw-change': { heading: 'Change withdrawn', text: () => 'Leads and reports keep going to the current contact point.' },
  suspend: { heading: 'Assister suspended', text: () => 'PAL sends it no new leads; its open leads continue until you move them.' },
  resume: { heading: 'Assister resumed', text: () => 'PAL can send it new leads again.' },
  'move-leads': { heading: 'Leads moved', text: (q) => `${count(q.moved)} open leads moved to the next eligible assisters${count(q.refused) ? `; ${count(q.refused)} could not be moved (closed or moved meanwhile)` : ''}.` },
  'revoke-access': { heading: 'Access revoked', text: (q) => `${count(q.revoked)} API tokens revoked; its people were signed out of the portal.` },
};

export async function directoryRoutes(app: FastifyInstance, { sql, settings }: WebDeps): Promise<void> {
  // The API's context (client, sql, task queue): the pages' actions go where the API's go.
  const pal = app.pal;
  const today = () => minnesotaDate(new Date());
  const audit = (me: StaffSignedIn, action: string, detail: Record<string, unknown> = {}) => recordAudit(sql, { actor: actorOf(me), action, detail });
  const coordinator = (request: FastifyRequest, reply: FastifyReply) => staffSignedIn(request, reply, settings, COORDINATOR);
  const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;

  app.get('/coordinator/directory', async (request, reply) => {
    const me = coordinator(request, reply);
    if (!me) return reply;
    const query = request.query as Record<string, unknown>;
    const pick = (v: unknown, words: Record<string, string>) => (typeof v === 'string' && Object.hasOwn(words, v) ? v : undefined);
    const type = pick(query.type, TYPE_WORDS);
    const status = pick(query.status, STATUS_WORDS);
    const assisters = (await listAssisters(sql)).filter((a) => (!type || a.type === type) && (!status || a.status === status));
    await audit(me, 'viewed-directory', { type: type ?? null, status: status ?? null });
    const imported = query.done === 'imported' ? `${Number(query.inserted) || 0} added, ${Number(query.updated) || 0} updated, ${Number(query.contact) || 0} contact point changes waiting for confirmation.` : undefined;
    return sendPage(reply, <DirectoryList me={me} csrf={reply.generateCsrf()} assisters={assisters} waiting={await waitingRequests(sql)} type={type} status={status} today={today()} done={imported} />);
  });

  app.get('/coordinator/directory/new', async (request, reply) => {
    const me = coordinator(request, reply);
    return me ? sendPage(reply, <NewAssisterPage me={me} csrf={reply.generateCsrf()} />) : reply;
  });

  app.post('/coordinator/directory/new', { preHandler: app.csrfProtection }, async (request, reply) => {
    const me = coordinator(request, reply);
    if (!me) return reply;
    const values = formFields(request.body);
    const parsed = newAssisterSchema.safeParse(assisterBody(values, true));
    let errors = parsed.success ? [] : fieldErrors(parsed.error);
    if (parsed.success) {
      const result = await requestAssisterChange(pal, 'add', parsed.data.id, 'coordinator', parsed.data);
      await audit(me, result.ok ? 'added-assister' : 'add-assister-refused', { assisterId: parsed.data.id, requestId: result.requestId });
      if (result.ok) return reply.redirect(`/coordinator/directory/${parsed.data.id}?done=added`, 303);
      errors = [{ field: 'id', message: result.problem ?? 'PAL could not add it' }];
    }
    return sendPage(reply, <NewAssisterPage me={me} csrf={reply.generateCsrf()} form={{ values, errors }} />, 400);
  });

  async function showAssister(reply: FastifyReply, me: StaffSignedIn, assister: AssisterRecord, options: { form?: FormState; done?: string; query?: Record<string, string>; status?: number } = {}) {
    const [summary] = await listAssisters(sql, assister.id);
    const done = options.done && Object.hasOwn(DONE, options.done) ? DONE[options.done]! : undefined;
    const page = (
      <AssisterPage
        me={me}
        csrf={reply.generateCsrf()}
        assister={summary!}
        record={assister}
        suspension={assister.status === 'suspended' ? await latestSuspension(sql, assister.id) : undefined}
        change={await pendingChangeView(sql, assister.id)}
        tokens={await assisterTokens(sql, assister.id)}
        history={await assisterHistory(sql, assister.id)}
        today={today()}
        form={options.form}
        done={done && { heading: done.heading, text: done.text?.(options.query ?? {}) }}
      />
    );
    return sendPage(reply, page, options.status);
  }

  /** The assister named in the path; an unknown one answers 404 with a page that says so. */
  async function assisterOf(request: FastifyRequest, reply: FastifyReply, me: StaffSignedIn) {
    const id = idOf(request);
    const found = /^[a-z0-9-]{1,63}$/.test(id) ? await assisterRecord(sql, id) : undefined;
    if (!found)
      void sendPage(reply, <NotFoundPage me={me} csrf={reply.generateCsrf()} />, 404);
    return found;
  }

  app.get('/coordinator/directory/:id', async (request, reply) => {
    const me = coordinator(request, reply);
    if (!me) return reply;
    const assister = await assisterOf(request, reply, me);
    if (!assister) return reply;
    await audit(me, 'viewed-assister', { assisterId: assister.id });
    const query = Object.fromEntries(Object.entries(request.query as Record<string, unknown>).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
    return showAssister(reply, me, assister, { done: query.done, query });
  });

  // Read-only portal pages of the organization (portal-view.ts): remembered for /portal by a POST, then shown there.
  // GET only shows the form: nothing changes on GET, so another site's link cannot switch what a coordinator views.
  app.get('/coordinator/directory/:id/portal', async (request, reply) => {
    const me = coordinator(request, reply);
    if (!me) return reply;
    const assister = await assisterOf(request, reply, me);
    return assister ? sendPage(reply, <PortalViewPage me={me} csrf={reply.generateCsrf()} assister={assister} />) : reply;
  });

  app.post('/coordinator/directory/:id/portal', { preHandler: app.csrfProtection }, async (request, reply) => {
    const me = coordinator(request, reply);
    if (!me) return reply;
    const assister = await assisterOf(request, reply, me);
    if (!assister) return reply;
    await audit(me, 'opened-portal-view', { assisterId: assister.id });
    viewOrganization(reply, settings, assister.id);
    return reply.redirect('/portal', 303);
  });

  /** One action: what it sends (the API's code path), the field its refusal stands beside, what the redirect says. */
  type Outcome = { refused: string; errors?: FieldError[] } | { query?: Record<string, string | number>; detail?: Record<string, unknown> };
  const actions: Record<string, { field: string; run(a: AssisterRecord, body: Body): Promise<Outcome> }> = {
    edit: {
      field: 'name',
      async run(a, body) {
        const parsed = assisterUpdateSchema.safeParse(assisterBody(body, false));
        if (!parsed.success) return { refused: 'Not valid', errors: fieldErrors(parsed.error) };
        const result = await requestAssisterChange(pal, 'update', a.id, 'coordinator', parsed.data);
        if (!result.ok) return { refused: result.problem ?? 'Refused' };
        return { query: { changed: Object.keys(result.changes ?? {}).join(', ') }, detail: { requestId: result.requestId, fields: Object.keys(result.changes ?? {}) } };
      },
    },
    'change-contact-point': {
      field: 'new-contact-point',
      async run(a, body) {
        const email = (body['new-contact-point'] ?? '').trim();
        if (!contactPointChangeSchema.safeParse({ email }).success) return { refused: 'Enter the new address like name@example.org' };
        const change = await requestContactPointChange(pal, a.id, email, 'coordinator');
        return { detail: { changeId: change.changeId } };
      },
    },
    'approve-change': {
      field: 'contact-point',
      async run(a) {
        await approveContactPoint(pal, a.id, undefined, 'coordinator');
        return {};
      },
    },
    'withdraw-change': {
      field: 'contact-point',
      async run(a) {
        await cancelContactPoint(pal, a.id, 'coordinator');
        return {};
      },
    },
    suspend: {
      field: 'suspend-reason',
      async run(a, body) {
        const details = suspensionSchema.safeParse({ reason: body['suspend-reason'] });
        if (!details.success) return { refused: 'Select the reason for suspending' };
        return requested(await requestAssisterChange(pal, 'suspend', a.id, 'coordinator', details.data), 'suspend', { reason: details.data.reason });
      },
    },
    resume: { field: 'suspension', run: async (a) => requested(await requestAssisterChange(pal, 'resume', a.id, 'coordinator'), 'resume') },
    'move-leads': {
      field: 'move-leads',
      async run(a) {
        const result = await requestAssisterChange(pal, 'move-leads', a.id, 'coordinator');
        return requested(result, 'move leads of', {}, { moved: result.moved ?? 0, refused: result.refused ?? 0 });
      },
    },
    'revoke-access': {
      field: 'revoke-access',
      async run(a) {
        const revoked = await revokeAssisterTokens(sql, a.id);
        return { query: { revoked }, detail: { revoked } };
      },
    },
  };

  function requested(result: Awaited<ReturnType<typeof requestAssisterChange>>, kind: 'suspend' | 'resume' | 'move leads of', detail: Record<string, unknown> = {}, query?: Record<string, number>): Outcome {
    if (!result.ok) return { refused: result.problem ?? `PAL could not ${kind} it` };
    return { query, detail: { ...detail, requestId: result.requestId } };
  }

  app.post('/coordinator/directory/:id/:action', { preHandler: app.csrfProtection }, async (request, reply) => {
    const me = coordinator(request, reply);
    if (!me) return reply;
    const name = (request.params as { action: string }).action;
    const action = Object.hasOwn(actions, name) ? actions[name]! : undefined;
    if (!action) return reply.code(404).send();
    const assister = await assisterOf(request, reply, me);
    if (!assister) return reply;
    const body = formFields(request.body);
    // Move leads and Revoke access ask first: nothing changes, and nothing is audited, until the confirmation is posted.
    if ((CONFIRMED_ACTIONS as readonly string[]).includes(name) && body.confirm !== 'yes') {
      const [summary] = await listAssisters(sql, assister.id);
      const tokens = await assisterTokens(sql, assister.id);
      return sendPage(reply, <AssisterActionConfirmation me={me} csrf={reply.generateCsrf()} action={name as ConfirmedAction} assister={summary!} record={assister} tokens={tokens} />);
    }
    let outcome: Outcome;
    try {
      outcome = await action.run(assister, body);
    } catch (err) {
      const refused = refusalOf(err);
      if (refused === undefined) throw err;
      outcome = { refused };
    }
    if ('refused' in outcome) {
      await audit(me, `directory-${name}-refused`, { assisterId: assister.id });
      const errors = outcome.errors ?? [{ field: action.field, message: outcome.refused }];
      return showAssister(reply, me, assister, { form: { action: name, values: body, errors }, status: 400 });
    }
    await audit(me, `directory-${name}`, { assisterId: assister.id, ...outcome.detail });
    const query = new URLSearchParams({ done: name, ...Object.fromEntries(Object.entries(outcome.query ?? {}).map(([k, v]) => [k, String(v)])) });
    return reply.redirect(`/coordinator/directory/${assister.id}?${query}`, 303);
  });

  // Import directory: the upload, its preview (nothing written), and Apply import.
  app.get('/coordinator/directory/import', async (request, reply) => {
    const me = coordinator(request, reply);
    return me ? sendPage(reply, <ImportUploadPage me={me} csrf={reply.generateCsrf()} />) : reply;
  });

  const gone = (reply: FastifyReply, me: StaffSignedIn, message: string) => sendPage(reply, <ImportUploadPage me={me} csrf={reply.generateCsrf()} errors={[{ field: 'directory-file', message }]} />, 404);

  /** Imports the claimed file's records while they would still make the previewed changes; else why not. */
  async function applyImport(records: unknown[], previewed: string | undefined) {
    const validation = validateDirectory(records);
    const preview = validation.ok ? await previewDirectoryImport(sql, validation.assisters) : undefined;
    // The directory changed since the preview (or another file's preview was posted): show what it would do now.
    if (!validation.ok || !preview?.ok || previewDigest(preview.preview) !== previewed)
      return { refused: 'The directory changed since this preview, so it was not applied: check the changes below and apply again' };
    try {
      return await importDirectory(pal, validation.assisters);
    } catch (err) {
      const refused = refusalOf(err);
      if (refused === undefined) throw err;
      return { refused };
    }
  }

  async function showPreview(reply: FastifyReply, me: StaffSignedIn, digest: string, file: { fileName: string; records: unknown[] }, errors: FieldError[] = []) {
    const validation = validateDirectory(file.records);
    const preview = validation.ok ? await previewDirectoryImport(sql, validation.assisters) : validation;
    const csrf = reply.generateCsrf();
    if (!preview.ok)
      return sendPage(reply, <ImportUploadPage me={me} csrf={csrf} problems={preview.problems} errors={[{ field: 'import-problems', message: `${file.fileName}: nothing can be imported; correct the records listed and upload it again` }]} />, 400);
    return sendPage(reply, <ImportPreviewPage me={me} csrf={csrf} sha256={digest} digest={previewDigest(preview.preview)} fileName={file.fileName} preview={preview.preview} errors={errors} />, errors.length ? 409 : 200);
  }

  app.get('/coordinator/directory/import/:sha256', async (request, reply) => {
    const me = coordinator(request, reply);
    if (!me) return reply;
    const digest = (request.params as { sha256: string }).sha256;
    const file = /^[0-9a-f]{64}$/.test(digest) ? await importFile(sql, digest) : undefined;
    if (!file) return gone(reply, me, 'That preview is gone (applied, older than a day, or replaced by newer uploads): upload the file again');
    await audit(me, 'previewed-directory-import', { sha256: digest });
    return showPreview(reply, me, digest, file);
  });

  app.post('/coordinator/directory/import/:sha256/apply', { preHandler: app.csrfProtection }, async (request, reply) => {
    const me = coordinator(request, reply);
    if (!me) return reply;
    const digest = (request.params as { sha256: string }).sha256;
    // The file is claimed before anything is imported: of two Apply posts, only one gets it.
    const file = /^[0-9a-f]{64}$/.test(digest) ? await claimImportFile(sql, digest) : undefined;
    if (!file) return gone(reply, me, 'That import was applied already (or is being applied), or its preview is gone; this Apply import changed nothing. Upload the file again to preview it');
    // Not applied (refused, or failed): the file is given back, to preview and apply again.
    const result = await applyImport(file.records, formFields(request.body).preview).catch(async (err: unknown) => {
      await releaseImportFile(sql, digest);
      throw err;
    });
    if ('refused' in result) {
      await releaseImportFile(sql, digest);
      await audit(me, 'apply-directory-import-refused', { sha256: digest });
      return showPreview(reply, me, digest, file, [{ field: 'import-preview', message: result.refused }]);
    }
    await audit(me, 'applied-directory-import', { sha256: digest, inserted: result.inserted, updated: result.updated });
    return reply.redirect(`/coordinator/directory?done=imported&inserted=${result.inserted}&updated=${result.updated}&contact=${result.contactPointChanges.length}`, 303);
  });

  // The upload has a scope of its own: multipart bodies apply to it alone.
  await app.register(async (form) => {
    form.addHook('onRequest', async (request, reply) => {
      if (request.staff?.role !== 'coordinator') return staffSignedIn(request, reply, settings, COORDINATOR) ?? reply;
    });
    await form.register(fastifyMultipart, {
      attachFieldsToBody: 'keyValues',
      limits: { fileSize: DIRECTORY_LIMIT, files: 1, fields: 1, fieldSize: 1024, parts: 2, headerPairs: 20 },
      async onFile(part) {
        const bytes = await part.toBuffer();
        part.value = { fileName: part.filename, bytes };
      },
    });
    form.post('/coordinator/directory/import', { preHandler: form.csrfProtection }, async (request, reply) => {
      const me = coordinator(request, reply);
      if (!me) return reply;
      const upload = (request.body as { 'directory-file'?: unknown } | undefined)?.['directory-file'];
      const file = upload && typeof upload === 'object' && 'bytes' in upload ? (upload as { fileName: string; bytes: Buffer }) : undefined;
      const refuse = (message: string) => sendPage(reply, <ImportUploadPage me={me} csrf={reply.generateCsrf()} errors={[{ field: 'directory-file', message }]} />, 400);
      if (!file?.bytes.length) return refuse('Choose the directory file (.json or .csv)');
      let records: unknown[];
      try {
        records = parseDirectory(file.bytes.toString('utf8'), file.fileName);
      } catch {
        return refuse('The file is neither a JSON array of assisters nor CSV with a header row (a .csv file)');
      }
      if (records.length > MAX_IMPORT_RECORDS)
        return refuse(`The file holds ${records.length.toLocaleString('en-US')} records; PAL imports at most ${MAX_IMPORT_RECORDS.toLocaleString('en-US')} at a time. Nothing was kept: split the file and import each part`);
      const digest = sha256(file.bytes);
      await keepImportFile(sql, { sha256: digest, fileName: file.fileName.slice(0, 200), records, uploadedBy: actorOf(me) });
      await audit(me, 'uploaded-directory-import', { sha256: digest, records: records.length });
      return reply.redirect(`/coordinator/directory/import/${digest}`, 303);
    });
  });
}

function NotFoundPage({ me, csrf }: { me: StaffSignedIn; csrf: string }) {
  return (
    <Page title="Assister not found" person={me} csrf={csrf}>
      <h1>Assister not found</h1>
      <p>
        The directory has no such assister. <a href="/coordinator/directory">Back to the directory</a>
      </p>
    </Page>
  );
}

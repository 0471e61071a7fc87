// The coordinators' Directory pages over HTTP: only a coordinator may use them, every form needs its CSRF token, each
// action reaches the state the JSON API reaches for a twin assister, an import preview writes nothing until Apply
// import, and Apply import applies only the previewed file while it would still make the previewed changes.
import { h } from 'preact';
import { render } from 'preact-render-to-string';
import { leadWorkflowId, statusQuery } from '../../contracts/lead';
import { validateDirectory } from '../../client/api/directory-import';
import { requestContactPointChange } from '../../client/api/directory-requests';
import { MAX_LISTED_PROBLEMS } from '../../client/api/report-submission';
import { MAX_IMPORT_RECORDS } from '../../client/web/directory-page';
import { OrganizationPage } from '../../client/web/organization-page';
import { connectDatabase } from '../../store/database';
import { assisterRecord, assisterHistory } from '../../store/assisters';
import { assisterTokens } from '../../store/assister-tokens';
import { KEPT_IMPORT_FILES, previewDirectoryImport } from '../../store/directory-imports';
import { addStaff } from '../../store/staff';
import { testTokens } from '../support/api';
import { csrfOf, Visitor } from '../support/browserless';
import { testDatabaseUrl } from '../support/database';
import { eventually } from '../support/eventually';
import { pageSuite } from '../support/page-suite';
import { signIn } from '../support/portal';
import { assister, sampleLead } from '../support/samples';

// Twins: each page action on dp-page-*, the same API call on dp-api-*; the records must end up alike.
const suite = pageSuite({ assisters: [assister('dp-page-a', '55106'), assister('dp-api-a', '55106'), assister('dp-move-to', '55101')] });

const api = (path: string, method = 'POST', body?: unknown) =>
  fetch(new URL(path, suite.server.url), {
    method,
    headers: { authorization: `Bearer ${testTokens.coordinatorToken}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

/** The record as both twins should have it: everything but what names the twin. */
async function state(id: string) {
  const r = await assisterRecord(suite.t.sql, id);
  const { id: _id, name: _name, email: _email, ...rest } = r!;
  const history = (await assisterHistory(suite.t.sql, id)).map((h) => ({ kind: h.kind, changedBy: h.changedBy, fields: Object.keys(h.change).sort() }));
  return { ...rest, history };
}

/** A directory file as `pal assister import` reads it, posted as the page's form posts it (multipart, CSRF first). */
async function upload(visitor: Visitor, fileName: string, content: string, csrf?: string) {
  const form = new FormData();
  form.append('_csrf', csrf ?? csrfOf((await visitor.request('/coordinator/directory/import')).html));
  form.append('directory-file', new Blob([content], { type: 'application/octet-stream' }), fileName);
  const res = await fetch(new URL('/coordinator/directory/import', suite.server.url), {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: ['pal_session', '_csrf'].map((c) => `${c}=${visitor.cookie(c) ?? ''}`).join('; ') },
    body: form,
  });
  return { status: res.status, location: res.headers.get('location'), html: await res.text() };
}

let coordinator: Visitor;
beforeAll(async () => {
  await addStaff(suite.t.sql, 'dp-coordinator@mnsure.example.org', 'coordinator', 'test');
  coordinator = new Visitor(suite.server.url);
  await signIn(coordinator, 'dp-coordinator@mnsure.example.org');
});

test('a representative is refused, and a form without its CSRF token changes nothing', async () => {
  const { t, server } = suite;
  await addStaff(t.sql, 'dp-rep@mnsure.example.org', 'contact-center', 'test');
  const rep = new Visitor(server.url);
  await signIn(rep, 'dp-rep@mnsure.example.org');
  for (const path of ['/coordinator/directory', '/coordinator/directory/dp-page-a', '/coordinator/directory/new', '/coordinator/directory/import']) {
    const page = await rep.request(path);
    expect(page.status).toBe(403);
    expect(page.html).toContain('This page is not for your account');
    expect(page.html).not.toContain('dp-page-a organization');
  }
  const refused = await rep.request('/coordinator/directory/dp-page-a/suspend', { form: { _csrf: csrfOf((await rep.request('/intake')).html), 'suspend-reason': 'no-new-leads' } });
  expect(refused.status).toBe(403);
  expect(refused.html).toContain('This page is not for your account');

  const repUpload = await upload(rep, 'directory.json', '[]', csrfOf((await rep.request('/intake')).html));
  expect(repUpload.status).toBe(403);
  expect(repUpload.html).toContain('This page is not for your account');
  const uploadWithoutToken = await upload(coordinator, 'directory.json', JSON.stringify([assister('dp-sneaked', '55101')]), '');
  expect(uploadWithoutToken.status).toBe(403);
  expect(uploadWithoutToken.html).toContain('This form has expired');
  expect((await t.sql`select count(*)::int as n from directory_import_files`)[0]!.n).toBe(0);

  const noToken = await coordinator.request('/coordinator/directory/dp-page-a/suspend', { form: { 'suspend-reason': 'no-new-leads' } });
  expect(noToken.status).toBe(403);
  expect(noToken.html).toContain('This form has expired');
  expect((await assisterRecord(t.sql, 'dp-page-a'))!.status).toBe('active');
  // Signed out: to the sign-in page.
  expect((await new Visitor(server.url).request('/coordinator/directory')).location).toBe('/portal/sign-in');
});

test('the list shows each assister with its status, certification, capacity, open leads and what is pending; the filter narrows it', async () => {
  const page = await coordinator.request('/coordinator/directory?type=navigator&status=active');
  expect(page.status).toBe(200);
  expect(page.html).toContain('<h1>Directory</h1>');
  expect(page.html).toMatch(/<a href="\/coordinator\/directory\/dp-page-a">dp-page-a organization<\/a>/);
  expect(page.html).toContain('MN-NAV-1001, expires Thu, Dec 31, 2099');
  expect((await coordinator.request('/coordinator/directory?type=broker')).html).not.toContain('dp-page-a organization');
  const [audit] = await suite.t.sql`select detail from audit_events where action = 'viewed-directory' order by id desc limit 1`;
  expect(audit!.detail).toEqual({ type: 'broker', status: null });
});

test('each action on the assister page reaches the state the API reaches', async () => {
  const { t } = suite;
  const page = (id: string) => `/coordinator/directory/${id}`;
  const act = async (id: string, action: string, fields: Record<string, string> = {}) => {
    const res = await coordinator.submit(page(id), `${page(id)}/${action}`, fields);
    expect(res.status).toBe(303);
    return coordinator.request(res.location!);
  };

  // Edit assister: a refused value is shown beside its field, the typed values kept; nothing changes.
  const editFields = { name: 'dp organization', type: 'navigator', zip: '55106', 'public-phone': '651-555-0100', capacity: '7', 'open-leads': '0', certification: 'MN-NAV-2002', 'certification-expires': '2098-06-30', languages: 'Spanish; Hmong' };
  const refused = await coordinator.submit(page('dp-page-a'), `${page('dp-page-a')}/edit`, { ...editFields, capacity: 'seven' });
  expect(refused.status).toBe(400);
  expect(refused.html).toContain('There is a problem');
  expect(refused.html).toMatch(/id="capacity-error"[^>]*>Enter the capacity as a whole number/);
  expect(refused.html).toContain('value="seven"');
  expect((await assisterRecord(t.sql, 'dp-page-a'))!.capacity).toBe(10);

  const { name: _name, ...update } = editFields;
  expect((await act('dp-page-a', 'edit', { ...editFields, name: 'dp-page-a organization' })).html).toContain('Assister updated');
  expect((await api('/api/assisters/dp-api-a', 'PATCH', { capacity: 7, publicPhone: update['public-phone'], certification: 'MN-NAV-2002', certificationExpires: '2098-06-30', languages: ['Spanish', 'Hmong'] })).status).toBe(200);
  expect(await state('dp-page-a')).toEqual(await state('dp-api-a'));
  expect((await assisterRecord(t.sql, 'dp-page-a'))!.languages).toEqual(['Spanish', 'Hmong']);
  expect((await coordinator.request(page('dp-page-a'))).html).toMatch(/Languages<\/dt><dd[^>]*>English, Spanish, Hmong</);
  // The History names each change by the Edit assister form's labels, never the record's field names.
  const history = (await coordinator.request(page('dp-page-a'))).html.split('<h2>History</h2>')[1]!;
  expect(history).toMatch(/data-label="What">Updated<\/td>/);
  expect(history).toContain('Public phone: — → 651-555-0100');
  expect(history).toContain('Certification expires: 2099-12-31 → 2098-06-30');
  expect(history).toContain('Capacity: 10 → 7');
  expect(history).not.toMatch(/publicPhone|certificationExpires|capacity:/);

  // Suspend assister needs a reason; then Resume assister.
  const noReason = await coordinator.submit(page('dp-page-a'), `${page('dp-page-a')}/suspend`, {});
  expect(noReason.status).toBe(400);
  expect(noReason.html).toMatch(/id="suspend-reason-error"[^>]*>Select the reason for suspending/);
  expect((await act('dp-page-a', 'suspend', { 'suspend-reason': 'appointments-delayed' })).html).toContain('Assister suspended');
  expect((await api('/api/assisters/dp-api-a/suspend', 'POST', { reason: 'appointments-delayed' })).status).toBe(200);
  expect(await state('dp-page-a')).toEqual(await state('dp-api-a'));
  expect((await coordinator.request(page('dp-page-a'))).html).toContain('because: Cannot complete appointments within two weeks');
  // The History says the suspension in the page's words, not the record's codes.
  const suspended = (await coordinator.request(page('dp-page-a'))).html;
  expect(suspended).toContain('Status: Active → Suspended');
  expect(suspended).toContain('Reason: Cannot complete appointments within two weeks');
  expect(suspended).not.toMatch(/appointments-delayed|→ suspended/);
  expect((await act('dp-page-a', 'resume')).html).toContain('Assister resumed');
  expect((await api('/api/assisters/dp-api-a/resume')).status).toBe(200);
  expect(await state('dp-page-a')).toEqual(await state('dp-api-a'));

  // Approve change: a change the organization asked for with its own credentials.
  const deps = { client: t.env.client, sql: t.sql, taskQueue: t.taskQueue };
  await requestContactPointChange(deps, 'dp-page-a', 'new-page@assisters.example.org', 'assister:dp-page-a');
  await requestContactPointChange(deps, 'dp-api-a', 'new-api@assisters.example.org', 'assister:dp-api-a');
  expect((await coordinator.request('/coordinator/directory')).html).toContain('Contact point change to new-page@assisters.example.org');
  expect((await act('dp-page-a', 'approve-change')).html).toContain('Change approved');
  expect((await api('/api/assisters/dp-api-a/contact-point/approve', 'POST', {})).status).toBe(200);
  const approvals = await t.sql`select assister_id, approved_by from contact_point_changes where assister_id in ('dp-page-a', 'dp-api-a') order by assister_id`;
  expect(approvals.map((r) => r.approved_by)).toEqual(['coordinator', 'coordinator']);
  // Approving again is refused beside the contact point, as the API refuses it.
  const twice = await coordinator.submit(page('dp-page-a'), `${page('dp-page-a')}/approve-change`, {});
  expect(twice.status).toBe(400);
  expect(twice.html).toMatch(/id="contact-point-error"[^>]*>This contact point change is already approved/);

  // Revoke access asks first: the confirmation, Cancel and a confirmation without its CSRF token change nothing.
  for (const id of ['dp-page-a', 'dp-api-a']) expect((await api(`/api/assisters/${id}/tokens`, 'POST', {})).status).toBe(201);
  const unrevoked = async () => (await assisterTokens(t.sql, 'dp-page-a')).filter((k) => k.revokedAt === null).length;
  const asked = await coordinator.submit(page('dp-page-a'), `${page('dp-page-a')}/revoke-access`, {});
  expect(asked.status).toBe(200);
  expect(asked.html).toContain('<h1>Revoke the access of dp-page-a organization?</h1>');
  expect(asked.html).toContain('PAL revokes its 1 API token and signs its people out of the portal.');
  expect(asked.html).toMatch(/<button class="usa-button usa-button--secondary" type="submit">Confirm revoke<\/button>/);
  expect(asked.html).toContain('<a class="usa-button usa-button--unstyled" href="/coordinator/directory/dp-page-a#revoke-access">Cancel</a>');
  expect(asked.html).toContain('<input type="hidden" name="confirm" value="yes"/>');
  expect((await coordinator.request(page('dp-page-a'))).status).toBe(200);
  expect((await coordinator.request(`${page('dp-page-a')}/revoke-access`, { form: { confirm: 'yes' } })).status).toBe(403);
  expect(await unrevoked()).toBe(1);
  expect(await t.sql`select 1 from audit_events where action = 'directory-revoke-access'`).toHaveLength(0);
  // Then every token revoked, as DELETE /tokens does.
  const revoked = await coordinator.request(`${page('dp-page-a')}/revoke-access`, { form: { _csrf: csrfOf(asked.html), confirm: 'yes' } });
  expect(revoked.status).toBe(303);
  expect((await coordinator.request(revoked.location!)).html).toContain('1 API tokens revoked');
  expect((await api('/api/assisters/dp-api-a/tokens', 'DELETE')).status).toBe(200);
  for (const id of ['dp-page-a', 'dp-api-a']) expect((await assisterTokens(t.sql, id)).every((k) => k.revokedAt !== null)).toBe(true);

  const audited = await t.sql<{ action: string }[]>`select action from audit_events where actor like 'staff:%' and detail->>'assisterId' = 'dp-page-a' order by id`;
  expect(audited.map((a) => a.action)).toEqual(expect.arrayContaining(['viewed-assister', 'directory-edit', 'directory-edit-refused', 'directory-suspend', 'directory-resume', 'directory-approve-change', 'directory-revoke-access']));
});

test('Add assister adds it through the request workflow; an existing id is refused beside the field', async () => {
  const fields = { id: 'dp-added', name: 'Added Navigators', type: 'navigator', zip: '55101', email: 'added@assisters.example.org', capacity: '5', certification: 'MN-NAV-3003', 'certification-expires': '2099-01-31' };
  const done = await coordinator.submit('/coordinator/directory/new', '/coordinator/directory/new', fields);
  expect(done.status).toBe(303);
  expect(done.location).toBe('/coordinator/directory/dp-added?done=added');
  expect((await coordinator.request(done.location!)).html).toContain('Assister added');
  expect(await assisterRecord(suite.t.sql, 'dp-added')).toMatchObject({ name: 'Added Navigators', status: 'active', capacity: 5, certification: 'MN-NAV-3003' });
  const again = await coordinator.submit('/coordinator/directory/new', '/coordinator/directory/new', fields);
  expect(again.status).toBe(400);
  expect(again.html).toMatch(/id="id-error"[^>]*>Assister dp-added is already in the directory/);
  expect(again.html).toContain('value="Added Navigators"');
});

test("Move leads sends the assister's open leads to the next eligible assister", async () => {
  const { t } = suite;
  await t.addAssisters([assister('dp-move-from', '55106', { capacity: 100 })]);
  await t.sql`update assisters set capacity = 0 where id in ('dp-page-a', 'dp-api-a', 'dp-added')`;
  const created = await t.createLead(sampleLead({ consumer: { ...sampleLead().consumer, zip: '55106' } }));
  if (!created.ok) throw new Error('refused');
  const handle = t.env.client.workflow.getHandle(leadWorkflowId(created.lead.leadId));
  expect((await eventually(() => handle.query(statusQuery), (v) => v.status === 'awaiting-contact')).assisterId).toBe('dp-move-from');
  await t.sql`update assisters set capacity = 0 where id = 'dp-move-from'`;
  // It asks first, counting the assister's open PAL leads; the confirmation and Cancel move nothing.
  const asked = await coordinator.submit('/coordinator/directory/dp-move-from', '/coordinator/directory/dp-move-from/move-leads', {});
  expect(asked.status).toBe(200);
  expect(asked.html).toContain('<h1>Move 1 open lead from dp-move-from organization?</h1>');
  expect(asked.html).toContain("Each goes to the next eligible assister, as routing chooses it, and each lead's workflow records the move.");
  expect(asked.html).toMatch(/<button class="usa-button usa-button--secondary" type="submit">Confirm move<\/button>/);
  expect(asked.html).toContain('<a class="usa-button usa-button--unstyled" href="/coordinator/directory/dp-move-from#move-leads">Cancel</a>');
  expect((await coordinator.request('/coordinator/directory/dp-move-from')).status).toBe(200);
  expect((await handle.query(statusQuery)).assisterId).toBe('dp-move-from');
  expect(await t.sql`select assister_id from leads where id = ${created.lead.leadId}`).toEqual([{ assister_id: 'dp-move-from' }]);
  // The path is checked again on the confirmation's post: an unknown assister is not found.
  expect((await coordinator.request('/coordinator/directory/dp-no-such/move-leads', { form: { _csrf: csrfOf(asked.html), confirm: 'yes' } })).status).toBe(404);
  const res = await coordinator.request('/coordinator/directory/dp-move-from/move-leads', { form: { _csrf: csrfOf(asked.html), confirm: 'yes' } });
  expect(res.status).toBe(303);
  expect((await coordinator.request(res.location!)).html).toContain('1 open leads moved to the next eligible assisters');
  expect((await handle.query(statusQuery)).assisterId).toBe('dp-move-to');
});

test('an import preview changes nothing until Apply import; a changed file cannot be applied with an old preview', async () => {
  const { t } = suite;
  const before = await assisterRecord(t.sql, 'dp-move-to');
  const file = [
    { ...assister('dp-move-to', '55101'), capacity: 12, status: before!.status },
    assister('dp-imported', '55104', { name: 'Imported Brokers', type: 'broker' }),
  ];
  const uploaded = await upload(coordinator, 'directory.json', JSON.stringify(file));
  expect(uploaded.status).toBe(303);
  const preview = await coordinator.request(uploaded.location!);
  expect(preview.status).toBe(200);
  expect(preview.html).toContain('Import preview');
  expect(preview.html).toContain('Imported Brokers (dp-imported)');
  expect(preview.html).toContain('10 → 12');
  expect(preview.html).toMatch(/not in the file[^<]*dp-page-a/);
  expect(await assisterRecord(t.sql, 'dp-imported')).toBeUndefined();
  expect((await assisterRecord(t.sql, 'dp-move-to'))!.capacity).toBe(10);

  // Another file's preview (its digest posted to this file's Apply) is refused, and nothing changes.
  const changed = await upload(coordinator, 'directory.json', JSON.stringify([{ ...file[0], capacity: 99 }, file[1]]));
  const changedPath = `${changed.location}/apply`;
  const oldPreview = /name="preview" value="([0-9a-f]{64})"/.exec(preview.html)![1]!;
  const stale = await coordinator.request(changedPath, { form: { _csrf: csrfOf(preview.html), preview: oldPreview } });
  expect(stale.status).toBe(409);
  expect(stale.html).toContain('The directory changed since this preview');
  expect(stale.html).toContain('10 → 99');
  expect((await assisterRecord(t.sql, 'dp-move-to'))!.capacity).toBe(10);
  expect(await assisterRecord(t.sql, 'dp-imported')).toBeUndefined();

  // Apply import applies exactly the previewed file, once.
  const applied = await coordinator.request(`${uploaded.location}/apply`, { form: { _csrf: csrfOf(preview.html), preview: oldPreview } });
  expect(applied.status).toBe(303);
  expect((await coordinator.request(applied.location!)).html).toContain('1 added, 1 updated');
  expect((await assisterRecord(t.sql, 'dp-move-to'))!.capacity).toBe(12);
  expect(await assisterRecord(t.sql, 'dp-imported')).toMatchObject({ name: 'Imported Brokers', type: 'broker' });
  expect((await coordinator.request(`${uploaded.location}/apply`, { form: { _csrf: csrfOf(preview.html), preview: oldPreview } })).status).toBe(404);

  // A file that would change a status is refused whole, its records listed.
  const refused = await coordinator.request((await upload(coordinator, 'directory.csv', 'id,name,type,zip,email,status,capacity\ndp-move-to,X,navigator,55101,dp-move-to@assisters.example.org,suspended,3\n')).location!);
  expect(refused.status).toBe(400);
  expect(refused.html).toContain('status would change from active to suspended');
  expect((await assisterRecord(t.sql, 'dp-move-to'))!.status).toBe('active');
});

test('the notices show numbers and known field names only, whatever the link says', async () => {
  const page = (query: string) => coordinator.request(`/coordinator/directory/dp-page-a?${query}`);
  const spoof = 'Call 651-555-0199 to keep your access';
  const edit = await page(`done=edit&changed=${encodeURIComponent(`capacity, ${spoof}`)}`);
  expect(edit.html).toContain('Changed: capacity.');
  expect(edit.html).not.toContain('Call 651');
  const moved = await page(`done=move-leads&moved=${encodeURIComponent(spoof)}&refused=${encodeURIComponent(`1 ${spoof}`)}`);
  expect(moved.html).toContain('0 open leads moved to the next eligible assisters.');
  expect((await page(`done=revoke-access&revoked=${encodeURIComponent(spoof)}`)).html).toContain('0 API tokens revoked');
  for (const res of [moved, await page(`done=revoke-access&revoked=${encodeURIComponent(spoof)}`)]) expect(res.html).not.toContain('Call 651');
});

test('an import file of too many records is refused at upload; a file of many problems lists the first of them and their count', async () => {
  const { t } = suite;
  const kept = async () => (await t.sql`select count(*)::int as n from directory_import_files`)[0]!.n as number;
  const before = await kept();
  const tooMany = await upload(coordinator, 'directory.json', JSON.stringify(Array.from({ length: MAX_IMPORT_RECORDS + 1 }, () => ({}))));
  expect(tooMany.status).toBe(400);
  expect(tooMany.html).toMatch(/id="directory-file-error"[^>]*>The file holds 5,001 records; PAL imports at most 5,000 at a time/);
  expect(await kept()).toBe(before);

  const records = Array.from({ length: 100 }, (_, i) => ({ id: `BAD ${i}` }));
  const validation = validateDirectory(records);
  const total = validation.ok ? 0 : validation.problems.length;
  expect(total).toBeGreaterThan(MAX_LISTED_PROBLEMS);
  const listed = await coordinator.request((await upload(coordinator, 'many-problems.json', JSON.stringify(records))).location!);
  expect(listed.status).toBe(400);
  expect(listed.html).toContain(`the first ${MAX_LISTED_PROBLEMS} of ${total.toLocaleString('en-US')} problems`);
  expect(listed.html.match(/<th scope="row" data-label="Record">/g)).toHaveLength(MAX_LISTED_PROBLEMS);
});

test('a coordinator keeps the newest uploads only', async () => {
  const { t } = suite;
  const sent = [];
  for (let i = 0; i <= KEPT_IMPORT_FILES; i++) sent.push((await upload(coordinator, `f${i}.json`, JSON.stringify([{ ...assister('dp-move-to', '55101'), capacity: 20 + i }]))).location!);
  const [{ n }] = (await t.sql`select count(*)::int as n from directory_import_files where uploaded_by = (select uploaded_by from directory_import_files where file_name = 'f1.json')`) as unknown as [{ n: number }];
  expect(n).toBe(KEPT_IMPORT_FILES);
  const oldest = await coordinator.request(sent[0]!);
  expect(oldest.status).toBe(404);
  expect(oldest.html).toContain('That preview is gone');
  expect((await coordinator.request(sent[1]!)).status).toBe(200);
});

test('of two Apply import posts of one preview, exactly one applies', async () => {
  const { t } = suite;
  const uploaded = await upload(coordinator, 'twice.json', JSON.stringify([{ ...assister('dp-move-to', '55101'), capacity: 13 }, assister('dp-twice', '55104', { name: 'Twice Navigators' })]));
  const preview = await coordinator.request(uploaded.location!);
  const form = { _csrf: csrfOf(preview.html), preview: /name="preview" value="([0-9a-f]{64})"/.exec(preview.html)![1]! };
  const both = await Promise.all([1, 2].map(() => coordinator.request(`${uploaded.location}/apply`, { form })));
  expect(both.map((r) => r.status).sort()).toEqual([303, 404]);
  expect(both.find((r) => r.status === 404)!.html).toContain('That import was applied already (or is being applied)');
  const sha256 = uploaded.location!.split('/').pop()!;
  expect((await t.sql`select count(*)::int as n from audit_events where action = 'applied-directory-import' and detail->>'sha256' = ${sha256}`)[0]!.n).toBe(1);
  expect((await assisterRecord(t.sql, 'dp-move-to'))!.capacity).toBe(13);
});

test('a refused Apply import gives the file back, to apply once the preview is current', async () => {
  const uploaded = await upload(coordinator, 'again.json', JSON.stringify([{ ...assister('dp-move-to', '55101'), capacity: 14 }]));
  const preview = await coordinator.request(uploaded.location!);
  const stale = await coordinator.request(`${uploaded.location}/apply`, { form: { _csrf: csrfOf(preview.html), preview: '0'.repeat(64) } });
  expect(stale.status).toBe(409);
  const current = /name="preview" value="([0-9a-f]{64})"/.exec(stale.html)![1]!;
  expect((await coordinator.request(`${uploaded.location}/apply`, { form: { _csrf: csrfOf(stale.html), preview: current } })).status).toBe(303);
  expect((await assisterRecord(suite.t.sql, 'dp-move-to'))!.capacity).toBe(14);
});

test('a preview runs on its own connection: a pool of one does not deadlock', async () => {
  const one = connectDatabase(testDatabaseUrl(suite.t.sql), { max: 1 });
  try {
    const timedOut = new Promise<'deadlocked'>((resolve) => setTimeout(() => resolve('deadlocked'), 10_000).unref());
    const preview = await Promise.race([previewDirectoryImport(one, [{ ...assister('dp-move-to', '55101'), capacity: 15 }]), timedOut]);
    expect(preview).toMatchObject({ ok: true, preview: { changed: [{ id: 'dp-move-to', changes: { capacity: [14, 15] } }] } });
  } finally {
    await one.end({ timeout: 0 });
  }
});

test('a coordinator views an organization\u2019s portal pages read-only', async () => {
  const { t } = suite;
  const opened = () => t.sql`select count(*)::int as n from audit_events where action = 'opened-portal-view' and detail->>'assisterId' = 'dp-move-to'`.then((r) => r[0]!.n as number);
  // GET changes nothing: it shows the form; a post without its CSRF token is refused.
  const form = await coordinator.request('/coordinator/directory/dp-move-to/portal');
  expect(form.status).toBe(200);
  expect(form.html).toMatch(/<form[^>]+action="\/coordinator\/directory\/dp-move-to\/portal"[\s\S]*View portal pages<\/button>/);
  expect(form.setCookies.some((c) => c.startsWith('pal_viewing='))).toBe(false);
  expect(await opened()).toBe(0);
  expect((await coordinator.request('/coordinator/directory/dp-move-to/portal', { form: {} })).status).toBe(403);
  expect(coordinator.cookie('pal_viewing')).toBeUndefined();

  const viewed = await coordinator.submit('/coordinator/directory/dp-move-to', '/coordinator/directory/dp-move-to/portal', {});
  expect(viewed.status).toBe(303);
  expect(viewed.location).toBe('/portal');
  // The view lasts the session's idle time at most.
  expect(viewed.setCookies.find((c) => c.startsWith('pal_viewing='))).toMatch(/Max-Age=\d+;.*Path=\/portal;.*HttpOnly/);
  expect(await opened()).toBe(1);
  // dp-move-to has the lead moved to it above: its page shows the lead without the assister's forms.
  const reference = /href="\/portal\/leads\/([^"]+)"/.exec((await coordinator.request('/portal')).html)![1]!;
  for (const path of ['/portal', `/portal/leads/${reference}`, '/portal/reports', '/portal/organization']) {
    const page = await coordinator.request(path);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Read-only: you are viewing the portal pages of dp-move-to organization');
    expect(page.html).not.toMatch(/<form[^>]+action="\/portal\/(?!sign-out)/);
  }
  const posted = await coordinator.request('/portal/organization/suspend-organization', { form: { _csrf: csrfOf((await coordinator.request('/portal/organization')).html), 'suspend-reason': 'no-new-leads' } });
  expect(posted.status).toBe(403);
  expect((await assisterRecord(t.sql, 'dp-move-to'))!.status).toBe('active');
  const [audit] = await t.sql`select actor from audit_events where action = 'viewed-organization' and assister_id = 'dp-move-to' order by id desc limit 1`;
  expect(audit!.actor).toMatch(/^staff:\d+$/);

  // The view ends with the session: signed out and in again, /portal is not the organization's.
  expect((await coordinator.request('/portal/sign-out', { form: { _csrf: csrfOf((await coordinator.request('/coordinator/directory')).html) } })).status).toBe(200);
  await signIn(coordinator, 'dp-coordinator@mnsure.example.org');
  const after = await coordinator.request('/portal');
  expect(after.status).toBe(403);
  expect(after.html).not.toContain('dp-move-to organization');
});

test('the organization page shows a coordinator viewing it no forms, whatever role the view carries', async () => {
  const assisterRow = (await assisterRecord(suite.t.sql, 'dp-move-to'))!;
  const page = (viewedBy?: { id: number; email: string; role: 'coordinator'; idleSeconds: number }) =>
    render(
      h(OrganizationPage, {
        person: { id: 0, assisterId: assisterRow.id, email: 'dp-coordinator@mnsure.example.org', role: 'contact-point', organization: assisterRow.name, idleSeconds: 900, viewedBy },
        csrf: 'token',
        assister: assisterRow,
        people: [],
        emails: new Map(),
        periods: [],
        audit: [],
        publicUrl: 'https://pal.example.org',
      }),
    );
  const forms = /<form[^>]+action="\/portal\/organization\//;
  expect(page()).toMatch(forms);
  expect(page({ id: 1, email: 'dp-coordinator@mnsure.example.org', role: 'coordinator', idleSeconds: 900 })).not.toMatch(forms);
});

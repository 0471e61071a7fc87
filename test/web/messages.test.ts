// Messages about a lead over HTTP: the assister's people and the coordinators write on the lead pages; CSRF, the
// length limit (error beside the field, text kept), another organization's lead and a former assister refused; the
// email that announces a message holds only the reference and a link; the same form sent twice (one after the other,
// or at once) is one message and one email; unanswered threads in the coordinators' queue; the audit trail and the
// logs never hold the text.
import { leadWorkflowId, statusQuery } from '../../contracts/lead';
import { reassignLead } from '../../client/lead-actions';
import { postMessage } from '../../store/messages';
import { addStaff } from '../../store/staff';
import { csrfOf, Visitor } from '../support/browserless';
import { eventually } from '../support/eventually';
import { mailsFor } from '../support/mail';
import type { MailpitMessage } from '../support/mailpit';
import { pageSuite } from '../support/page-suite';
import { signIn } from '../support/portal';
import { assister, sampleLead } from '../support/samples';

const suite = pageSuite({ assisters: [assister('mw-nav-a', '55106'), assister('mw-nav-b', '55802')] });
const consumer = { ...sampleLead().consumer, firstName: 'Solveig', lastName: 'Marchetti', phone: '651-555-0177', email: 'solveig.m@example.com', zip: '55106' };
const keyOf = (html: string) => /name="message-key" value="([^"]+)"/.exec(html)?.[1] ?? '';

/** A browser signed in as this address; staff are added with their role first. */
async function signedIn(email: string, role?: 'coordinator' | 'contact-center') {
  if (role) await addStaff(suite.t.sql, email, role, 'test');
  const visitor = new Visitor(suite.server.url);
  await signIn(visitor, email);
  return visitor;
}

/** Opens the lead page and sends its message form (its CSRF token and form key) with this text. */
async function write(visitor: Visitor, leadPage: string, message: string) {
  const page = await visitor.request(leadPage);
  return visitor.request(`${leadPage}/messages`, { form: { _csrf: csrfOf(page.html), message, 'message-key': keyOf(page.html) } });
}

let logged: string[];
beforeEach(() => {
  logged = [];
  for (const level of ['log', 'info', 'warn', 'error'] as const) jest.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')));
});
afterEach(() => jest.restoreAllMocks());

async function newLead() {
  const { t } = suite;
  const created = await t.createLead(sampleLead({ consumer }));
  if (!created.ok) throw new Error('refused');
  await eventually(() => t.env.client.workflow.getHandle(leadWorkflowId(created.lead.leadId)).query(statusQuery), (v) => v.history.some((h) => h.event === 'referred'));
  return { leadId: created.lead.leadId, reference: created.lead.reference!, lead: created.lead };
}

const messageMails = async (lead: { leadId: string; reference?: string }, side: 'assister' | 'coordinators') =>
  (await mailsFor(lead)).filter((m) => m.Subject === `PAL lead ${lead.reference}: new message from the ${side}`);

/** The email carries nothing but the reference and the one link; never the text, never the consumer. */
function expectOnlyALink(mail: MailpitMessage, path: string, secrets: string[]) {
  for (const secret of [...secrets, consumer.firstName, consumer.lastName, consumer.phone, consumer.email]) {
    expect(mail.Text).not.toContain(secret);
    expect(mail.HTML ?? '').not.toContain(secret);
  }
  const links = mail.Text.match(/https?:\/\/\S+/g) ?? [];
  expect(links.map((l) => new URL(l)).map((u) => u.pathname + u.hash)).toEqual([path]);
  expect(mail.Attachments).toHaveLength(0);
}

test('an assister writes, the coordinators are emailed a link only; a coordinator answers, the contact point is emailed a link; representatives read', async () => {
  const { t } = suite;
  const navA = await signedIn('mw-nav-a@assisters.example.org');
  const coordinator = await signedIn('mw-coordinator@mnsure.example.org', 'coordinator');
  const rep = await signedIn('mw-rep@mnsure.example.org', 'contact-center');
  const { leadId, reference, lead } = await newLead();
  const portalPath = `/portal/leads/${reference}`;

  const empty = await navA.request(portalPath);
  expect(empty.html).toContain('<h2 id="messages" tabindex="-1">Messages</h2>');
  expect(empty.html).toContain('No messages yet.');
  expect(empty.html).toContain("Your organization and the marketplace's coordinators and contact-center representatives read it.");

  // Plain text, escaped on output; line breaks kept.
  const question = 'Consumer asks <b>whether</b> MA renewal & QHP overlap.\nCan you advise?';
  const sent = await navA.submit(portalPath, `${portalPath}/messages`, { message: question, 'message-key': keyOf(empty.html) });
  expect(sent.status).toBe(303);
  expect(sent.location).toBe(`${portalPath}?done=message#messages`);
  const after = await navA.request(sent.location!);
  expect(after.html).toContain('Message sent');
  expect(after.html).toContain('Consumer asks &lt;b>whether&lt;/b> MA renewal &amp; QHP overlap.<br/>Can you advise?');
  expect(after.html).toContain('mw-nav-a@assisters.example.org');
  expect(after.html).toContain('From the assister');

  const [toCoordinators] = await eventually(() => messageMails(lead, 'assister'), (m) => m.length > 0);
  expect(toCoordinators!.To.map((x) => x.Address)).toEqual(['pal-coordinator@mnsure.example.org']);
  expectOnlyALink(toCoordinators!, `/leads/${reference}#messages`, ['whether', 'Can you advise']);

  // The coordinator reads it on the staff lead page and answers.
  const staffPage = await coordinator.request(`/leads/${reference}`);
  expect(staffPage.html).toContain('From the assister, mw-nav-a organization');
  expect(staffPage.html).toContain('Can you advise?');
  const answer = 'Yes: ask them to call the Assister Resource Center.';
  const answered = await coordinator.request(`/leads/${reference}/messages`, { form: { _csrf: csrfOf(staffPage.html), message: answer, 'message-key': keyOf(staffPage.html) } });
  expect(answered.status).toBe(303);
  const [toAssister] = await eventually(() => messageMails(lead, 'coordinators'), (m) => m.length > 0);
  expect(toAssister!.To.map((x) => x.Address)).toEqual(['mw-nav-a@assisters.example.org']);
  expectOnlyALink(toAssister!, `/portal/leads/${reference}#messages`, ['Resource Center']);
  const seen = (await navA.request(portalPath)).html;
  expect(seen).toContain('Coordinator mw-coordinator@mnsure.example.org');
  expect(seen).toContain(answer);

  // A representative reads the thread and has no form; posting is the coordinators'.
  const repPage = await rep.request(`/leads/${reference}`);
  expect(repPage.html).toContain(answer);
  expect(repPage.html).not.toContain('Send message');
  expect((await rep.request(`/leads/${reference}/messages`, { form: { _csrf: csrfOf(repPage.html), message: 'hello', 'message-key': 'k'.repeat(24) } })).status).toBe(403);

  // Audited without the text; never logged.
  const trail = await t.sql<{ actor: string; action: string; detail: Record<string, unknown> }[]>`select actor, action, detail from audit_events where lead_id = ${leadId} and action like '%message%' order by id`;
  expect(trail.map((r) => r.action)).toEqual(expect.arrayContaining(['sent-message', 'viewed-messages']));
  expect(trail.filter((r) => r.action === 'sent-message').map((r) => r.actor.split(':')[0])).toEqual(['person', 'staff']);
  expect(JSON.stringify(trail)).not.toMatch(/whether|Resource Center/);
  expect(logged.join('\n')).not.toMatch(/whether|Resource Center/);
});

test('CSRF, the length limit (beside the field, the text kept), and the same form sent twice or at once: one message, one email', async () => {
  const { t } = suite;
  const navA = await signedIn('mw-nav-a@assisters.example.org');
  const { leadId, reference, lead } = await newLead();
  const portalPath = `/portal/leads/${reference}`;
  const page = await navA.request(portalPath);
  const count = async () => (await t.sql<{ n: number }[]>`select count(*)::int as n from lead_messages where lead_id = ${leadId}`)[0]!.n;

  const noToken = await navA.request(`${portalPath}/messages`, { form: { message: 'No token', 'message-key': keyOf(page.html) } });
  expect(noToken.status).toBe(403);
  expect(noToken.html).toContain('This form has expired');

  const long = `${'Too long. '.repeat(200)}X`;
  const refused = await navA.request(`${portalPath}/messages`, { form: { _csrf: csrfOf(page.html), message: long, 'message-key': keyOf(page.html) } });
  expect(refused.status).toBe(400);
  expect(refused.html).toContain(`<title>Error: Messages about lead ${reference} | PAL</title>`);
  expect(refused.html).toMatch(/id="error-summary"[\s\S]*Message must be at most 2,000 characters \(it has 2,001\)/);
  expect(refused.html).toMatch(/id="message-error"[^>]*>Message must be at most 2,000 characters/);
  expect(refused.html).toContain(`${long}</textarea>`);
  expect(keyOf(refused.html)).toBe(keyOf(page.html));
  expect(await count()).toBe(0);
  expect(logged.join('\n')).not.toContain('Too long');

  // The same form twice, one after the other: the second finds the first message; then a double click, at once.
  const form = { _csrf: csrfOf(page.html), message: 'Consumer unreachable twice.', 'message-key': keyOf(page.html) };
  expect((await navA.request(`${portalPath}/messages`, { form })).status).toBe(303);
  expect((await navA.request(`${portalPath}/messages`, { form })).status).toBe(303);
  const again = await navA.request(portalPath);
  const twice = { _csrf: csrfOf(again.html), message: 'Voicemail left.', 'message-key': keyOf(again.html) };
  const both = await Promise.all([navA.request(`${portalPath}/messages`, { form: twice }), navA.request(`${portalPath}/messages`, { form: twice })]);
  expect(both.map((r) => r.status)).toEqual([303, 303]);
  expect(await count()).toBe(2);
  await eventually(() => messageMails(lead, 'assister'), (m) => m.length >= 2);
  await new Promise((r) => setTimeout(r, 1_000));
  expect(await messageMails(lead, 'assister')).toHaveLength(2);
  const sentAudits = await t.sql`select 1 from audit_events where lead_id = ${leadId} and action = 'sent-message'`;
  expect(sentAudits).toHaveLength(2);
});

test("another organization's lead and a former assister are refused; the former assister no longer sees the thread", async () => {
  const { t } = suite;
  const navA = await signedIn('mw-nav-a@assisters.example.org');
  const navB = await signedIn('mw-nav-b@assisters.example.org');
  const { leadId, reference } = await newLead();
  const ownPage = await navA.request(`/portal/leads/${reference}`);
  expect((await write(navA, `/portal/leads/${reference}`, 'Before the move')).status).toBe(303);

  const other = await navB.request('/portal');
  const refused = await navB.request(`/portal/leads/${reference}/messages`, { form: { _csrf: csrfOf(other.html), message: 'Not ours', 'message-key': 'b'.repeat(24) } });
  expect(refused.status).toBe(404);
  expect(refused.html).toContain('Your organization has no lead with this reference.');
  expect(refused.html).not.toContain('Before the move');
  expect(await t.sql`select 1 from audit_events where actor like 'person:%' and assister_id = 'mw-nav-b' and action = 'refused-other-organizations-lead'`).not.toHaveLength(0);

  // Reassigned to mw-nav-b: mw-nav-a can neither read nor write; mw-nav-b starts an empty thread; staff see both.
  await reassignLead(t.env.client, leadId, 'staff:test', { assisterId: 'mw-nav-b' });
  await eventually(async () => (await t.sql<{ assister_id: string }[]>`select assister_id from leads where id = ${leadId}`)[0]!.assister_id, (a) => a === 'mw-nav-b');
  const formerPage = await navA.request(`/portal/leads/${reference}`);
  expect(formerPage.status).toBe(404);
  expect(formerPage.html).not.toContain('Before the move');
  expect((await navA.request(`/portal/leads/${reference}/messages`, { form: { _csrf: csrfOf(ownPage.html), message: 'After the move', 'message-key': 'a'.repeat(24) } })).status).toBe(404);
  const newPage = await navB.request(`/portal/leads/${reference}`);
  expect(newPage.html).toContain('No messages yet.');
  expect(newPage.html).not.toContain('Before the move');
  const coordinator = await signedIn('mw-coordinator-2@mnsure.example.org', 'coordinator');
  const staffPage = (await coordinator.request(`/leads/${reference}`)).html;
  expect(staffPage).toMatch(/Earlier messages with mw-nav-a organization, no longer this lead(&#x27;|')s assister[\s\S]*Before the move/);
  expect(await t.sql`select 1 from lead_messages where body = 'After the move'`).toHaveLength(0);
});

test("a message racing a reassignment waits for it and is refused: it never lands in the former assister's thread", async () => {
  const { t } = suite;
  const { leadId } = await newLead();
  const coordinator = await addStaff(t.sql, 'mw-coordinator-4@mnsure.example.org', 'coordinator', 'test');
  if ('problem' in coordinator) throw new Error(coordinator.problem);
  // The reassignment's update of the lead's row, held open; the message is posted meanwhile.
  let commit!: () => void;
  let updated!: () => void;
  const held = new Promise<void>((r) => (commit = r));
  const rowUpdated = new Promise<void>((r) => (updated = r));
  const reassignment = t.sql.begin(async (tx) => {
    await tx`update leads set assister_id = 'mw-nav-b' where id = ${leadId}`;
    updated();
    await held;
  });
  await rowUpdated;
  const posting = postMessage(t.sql, { leadId, assisterId: 'mw-nav-a', side: 'coordinator', staffId: coordinator.id, body: 'Racing the move', formKey: 'r'.repeat(24) });
  const early = await Promise.race([posting, new Promise((r) => setTimeout(() => r('waiting'), 500))]);
  commit();
  await reassignment;
  expect(early).toBe('waiting');
  expect(await posting).toBe('not-current');
  expect(await t.sql`select 1 from lead_messages where lead_id = ${leadId}`).toHaveLength(0);
});

test('a thread unanswered for a business day is in the coordinators\' queue, oldest first, until a coordinator answers', async () => {
  const { t } = suite;
  const coordinator = await signedIn('mw-coordinator-3@mnsure.example.org', 'coordinator');
  const navA = await signedIn('mw-nav-a@assisters.example.org');
  const older = await newLead();
  const newer = await newLead();
  const fresh = await newLead();
  for (const l of [older, newer, fresh]) expect((await write(navA, `/portal/leads/${l.reference}`, 'Please call me back')).status).toBe(303);
  // Written days ago (the clock of a thread is its rows'): two are overdue for an answer, the fresh one is not.
  for (const [l, days] of [[older, 9], [newer, 6]] as const) {
    await t.sql`update lead_threads set awaiting_since = now() - make_interval(days => ${days}) where lead_id = ${l.leadId}`;
    await t.sql`update lead_messages set sent_at = now() - make_interval(days => ${days}) where lead_id = ${l.leadId}`;
  }
  const queue = (await coordinator.request('/coordinator')).html;
  expect(queue).toContain('<h2 id="unanswered-messages">Unanswered messages</h2>');
  const section = queue.slice(queue.indexOf('Unanswered messages'));
  expect(section).toMatch(new RegExp(`href="/leads/${older.reference}#messages"[\\s\\S]*mw-nav-a organization[\\s\\S]*9 days[\\s\\S]*href="/leads/${newer.reference}#messages"[\\s\\S]*6 days`));
  expect(section).not.toContain(fresh.reference);

  // The coordinator answers the older one: it leaves the queue. An assister's new message starts a new wait.
  expect((await write(coordinator, `/leads/${older.reference}`, 'Calling you now.')).status).toBe(303);
  const later = (await coordinator.request('/coordinator')).html;
  expect(later).not.toContain(`/leads/${older.reference}#messages`);
  expect(later).toContain(`/leads/${newer.reference}#messages`);
  expect(await t.sql`select awaiting_since from lead_threads where lead_id = ${older.leadId}`).toEqual([{ awaiting_since: null }]);
});

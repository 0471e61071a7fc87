// A message written while the mail server is down: the page answers "Message sent" at once (the request does not
// wait for SMTP), the workflow lead-message-<id> retries the email, and when the mail server returns the other side
// is told exactly once. The suite has a Mailpit of its own to take down (test/support/outage-env.ts).
import { leadWorkflowId, statusQuery } from '../../contracts/lead';
import { leadMessageWorkflowId } from '../../contracts/messages';
import { printedSignInLink } from '../../client/web/dev-sign-in';
import { webConfig } from '../../platform/config';
import { addStaff } from '../../store/staff';
import { startTestApi } from '../support/api';
import { csrfOf, Visitor } from '../support/browserless';
import { eventually } from '../support/eventually';
import { keepHistory } from '../support/histories';
import { mailsFor } from '../support/mail';
import { openOutageTestEnv, type OutageTestEnv } from '../support/outage-env';
import { assister, sampleLead } from '../support/samples';

let env: OutageTestEnv;
let server: Awaited<ReturnType<typeof startTestApi>>;
beforeAll(async () => {
  env = await openOutageTestEnv('dev-server', [assister('mo-nav-a', '55106')]);
  server = await startTestApi(env.t, { mailer: env.t.mailer });
});
afterAll(async () => {
  await server?.close();
  await env?.close();
});

const keyOf = (html: string) => /name="message-key" value="([^"]+)"/.exec(html)?.[1] ?? '';

test("SMTP down: the coordinator's answer is sent at once and announced to the contact point exactly once when SMTP returns", async () => {
  const { t } = env;
  const created = await t.createLead(sampleLead());
  if (!created.ok) throw new Error('refused');
  const lead = created.lead;
  await eventually(() => t.env.client.workflow.getHandle(leadWorkflowId(lead.leadId)).query(statusQuery), (v) => v.history.some((h) => h.event === 'referred'));

  // A coordinator signs in by a printed link (the suite's mail is about to go down).
  const staff = await addStaff(t.sql, 'mo-coordinator@mnsure.example.org', 'coordinator', 'test');
  if ('problem' in staff) throw new Error(staff.problem);
  const coordinator = new Visitor(server.url);
  const link = new URL(await printedSignInLink(t.sql, webConfig({}), staff));
  expect((await coordinator.submit(link.pathname + link.search, '/portal/sign-in/link', { token: link.searchParams.get('token')! })).status).toBe(303);

  await env.smtpDown();
  const leadPage = `/leads/${lead.reference}`;
  const page = await coordinator.request(leadPage);
  const sent = await coordinator.request(`${leadPage}/messages`, { form: { _csrf: csrfOf(page.html), message: 'Please call the consumer on Friday.', 'message-key': keyOf(page.html) } });
  expect(sent.status).toBe(303);
  expect((await coordinator.request(sent.location!)).html).toContain('Message sent');

  const [message] = await t.sql<{ id: number }[]>`select id::int from lead_messages where lead_id = ${lead.leadId}`;
  const key = `lead-message/${message!.id}`;
  const [pending] = await eventually(() => t.sql`select status, attempts from outbox where key = ${key}`, (r) => (r[0]?.attempts ?? 0) >= 1, 20_000);
  expect(pending).toMatchObject({ status: 'pending' });
  // The page started lead-message-<lead id>-<number> (nothing of the consumer or the text), still retrying.
  const workflow = t.env.client.workflow.getHandle(`lead-message-${lead.leadId}-${message!.id}`);
  expect((await workflow.describe()).status.name).toBe('RUNNING');

  await env.smtpUp();
  const subject = `PAL lead ${lead.reference}: new message from the coordinators`;
  const mails = await eventually(async () => (await mailsFor(lead, env.mail)).filter((m) => m.Subject === subject), (m) => m.length > 0, 60_000);
  expect(mails.map((m) => m.To.map((x) => x.Address))).toEqual([['mo-nav-a@assisters.example.org']]);
  expect(mails[0]!.Text).not.toContain('Friday');
  await workflow.result();
  const [done] = await t.sql<{ status: string; attempts: number }[]>`select status, attempts from outbox where key = ${key}`;
  expect(done!.status).toBe('sent');
  expect(done!.attempts).toBeGreaterThan(1);
  await new Promise((r) => setTimeout(r, 1_000));
  expect((await mailsFor(lead, env.mail)).filter((m) => m.Subject === subject)).toHaveLength(1);
  await keepHistory(t.env.client, leadMessageWorkflowId(lead.leadId, message!.id), 'lead-message-notice');
}, 120_000);

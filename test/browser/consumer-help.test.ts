// The consumer's side in Chromium (issue 13): a Spanish-speaking consumer's notice arrives in Spanish, its "Nadie se
// ha comunicado conmigo" link opens a page in Spanish (lang="es") whose button, pressed by keyboard, puts the
// escalation in the coordinators' queue and emails the assister. Opening the link changes nothing; the link asks
// once, and is not used up when Temporal cannot take it; a closed lead's, a moved lead's, an expired and an unknown
// link's pages offer no button. Axe finds no WCAG
// 2.1 A/AA violation in any state, and each reflows at 320 CSS pixels.
import { Client, Connection } from '@temporalio/client';
import { leadWorkflowId, reassignLeadUpdate, withdrawLeadUpdate } from '../../contracts/lead';
import { startTestApi } from '../support/api';
import { expectAccessible, tabTo } from '../support/browser';
import { csrfOf, Visitor } from '../support/browserless';
import { eventually } from '../support/eventually';
import { mailLine, mailsFor, mailsMatching } from '../support/mail';
import { pageSuite } from '../support/page-suite';
import { signInStaff } from '../support/staff-sign-in';
import { assister, sampleLead } from '../support/samples';

const suite = pageSuite({ assisters: [assister('ch-nav-a', '55106', { publicPhone: '651-555-0142' }), assister('ch-nav-b', '55101')], browser: true });

let consumers = 0;
/** A lead of a consumer with an address of their own, and the help link of its newest notice (its path). */
async function leadWithNotice(preferredLanguage: string) {
  const email = `ch-consumer-${++consumers}-${Date.now()}@consumers.example.org`;
  const created = await suite.t.createLead(sampleLead({ consumer: { ...sampleLead().consumer, email, preferredLanguage } }));
  if (!created.ok) throw new Error('refused');
  const [notice] = await eventually(() => mailsMatching({ to: email }), (m) => m.length >= 1);
  return { lead: created.lead, email, notice: notice!, help: helpPath(notice!.Text) };
}
const helpPath = (text: string) => /https?:\/\/[^/\s]+(\/help\/[\w-]+)/.exec(text)![1]!;
const escalationsOf = (leadId: string) => suite.t.sql`select kind, assister_id from escalations where lead_id = ${leadId}`;

test('a Spanish-speaking consumer gets the notice in Spanish; its page asks for a follow-up by keyboard: the queue has it, the assister is emailed', async () => {
  const { t, server, b } = suite;
  const { lead, notice, help } = await leadWithNotice('Español');
  expect(notice.Subject).toBe('Su solicitud de ayuda en persona con su seguro médico');
  expect(notice.Text).toContain('ch-nav-a organization se comunicará con usted.');
  expect(notice.Text).toMatch(/Se comunicarán con usted a más tardar el \S+ \d+ de \S+ de \d{4} a las 5:00 p\. m\. \(hora de Minnesota\)\./);
  expect(notice.Text).toContain('También puede llamarlos al 651-555-0142.');
  expect(notice.Text).toMatch(/Nadie se ha comunicado conmigo: http\S+\/help\/[\w-]+/);
  expect(notice.Text).toMatch(/^ATENCIÓN: si habla español, tiene a su disposición servicios gratuitos de asistencia lingüística\./m);
  expect(notice.Text).not.toMatch(/Ana|Lopez|651-555-0134/);

  // Opening the link (as a mail scanner would, twice) changes nothing.
  const scanner = new Visitor(server.url);
  for (let i = 0; i < 2; i++) expect((await scanner.request(help)).status).toBe(200);
  const openForm = (await scanner.request(help)).html;
  expect(await escalationsOf(lead.leadId)).toEqual([]);

  const { page } = b;
  await page.goto(`${server.url}${help}`);
  await page.getByRole('heading', { name: 'Su solicitud de ayuda en persona', level: 1 }).waitFor();
  expect(await page.locator('html').getAttribute('lang')).toBe('es');
  expect(await page.getByText('ch-nav-a organization tiene su solicitud.').count()).toBe(1);
  expect(await page.getByText('Puede llamarlos al 651-555-0142.').count()).toBe(1);
  await expectAccessible(page, 'help page, open');
  await (await tabTo(page, 'button', 'Pedir un seguimiento')).press('Enter');
  await page.getByRole('heading', { name: 'Usted pidió un seguimiento', level: 1 }).waitFor();
  expect(page.url()).toBe(`${server.url}${help}`);
  expect(await page.getByRole('button').count()).toBe(0);
  await expectAccessible(page, 'help page, follow-up asked');

  // The coordinators' queue has it, and the assister is reminded.
  await eventually(() => escalationsOf(lead.leadId), (e) => e.length === 1);
  await signInStaff(page, { sql: t.sql, url: server.url }, 'ch-coordinator@mnsure.example.org', 'coordinator');
  await page.goto(`${server.url}/coordinator`);
  const row = page.getByRole('row').filter({ hasText: lead.reference! });
  expect(await row.getByRole('link', { name: 'Consumer asked for follow-up' }).count()).toBe(1);
  expect(await row.getByText('ch-nav-a organization').count()).toBe(1);
  const mails = await eventually(() => mailsFor(lead), (m) => m.length >= 3);
  expect(mails.map(mailLine)).toEqual([
    'ch-nav-a@assisters.example.org PAL lead REF: new navigator referral',
    'pal-coordinator@mnsure.example.org PAL escalation: lead REF consumer asked for follow-up',
    'ch-nav-a@assisters.example.org PAL lead REF: the consumer asks to be contacted',
  ]);

  // The link asked once: posting the form again (from another tab still open) changes nothing more.
  const again = await scanner.request(help, { form: { _csrf: csrfOf(openForm) } });
  expect(again.status).toBe(303);
  expect((await scanner.request(help)).html).toContain('<h1>Usted pidió un seguimiento</h1>');
  expect(await escalationsOf(lead.leadId)).toEqual([{ kind: 'consumer-follow-up', assister_id: 'ch-nav-a' }]);
  // Without its CSRF token a post is refused.
  expect((await new Visitor(server.url).request(help, { form: {} })).status).toBe(403);
});

test('a moved lead, a closed lead, an expired and an unknown link: each says so, in the consumer language, with no button', async () => {
  const { t, server, b } = suite;
  const { page } = b;
  const pageOf = async (path: string, heading: string, label: string, status: number) => {
    const response = await page.goto(`${server.url}${path}`);
    expect(response!.status()).toBe(status);
    await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
    expect(await page.getByRole('button').count()).toBe(0);
    await expectAccessible(page, label);
    return page.locator('html').getAttribute('lang');
  };

  const moved = await leadWithNotice('Hmong');
  await t.env.client.workflow.getHandle(leadWorkflowId(moved.lead.leadId)).executeUpdate(reassignLeadUpdate, { args: [{ assisterId: 'ch-nav-b', coordinator: 'staff:coord-1' }] });
  expect(await pageOf(moved.help, 'Qhov link no yog los ntawm ib tsab email qub', 'help page, lead moved', 200)).toBe('hmn');
  const newest = await eventually(() => mailsMatching({ to: moved.email }), (m) => m.length >= 2);
  expect(newest.at(-1)!.Text).toContain('tam sim no ch-nav-b organization yuav tiv tauj koj.');

  const closed = await leadWithNotice('Somali');
  const consumer = new Visitor(server.url);
  const openForm = (await consumer.request(closed.help)).html;
  await t.env.client.workflow.getHandle(leadWorkflowId(closed.lead.leadId)).executeUpdate(withdrawLeadUpdate, { args: [{ reason: 'created-in-error', by: 'staff:rep-1' }] });
  expect(await pageOf(closed.help, 'Codsigan waa xiran yahay', 'help page, lead closed', 200)).toBe('so');
  const posted = await consumer.request(closed.help, { form: { _csrf: csrfOf(openForm) } });
  expect(posted.status).toBe(303);
  expect(await escalationsOf(closed.lead.leadId)).toEqual([]);

  const expired = await leadWithNotice('English');
  await t.sql`update consumer_follow_up_links set expires_at = now() - interval '1 day' where lead_id = ${expired.lead.leadId}`;
  expect(await pageOf(expired.help, 'This link no longer works', 'help page, link expired', 410)).toBe('en');
  expect(await page.getByText('The links in our emails work for 60 days.').count()).toBe(1);
  expect(await pageOf('/help/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'This link no longer works', 'help page, unknown link', 404)).toBe('en');
});

test('a follow-up Temporal does not take is not used up: the page says to try again, and the link still asks', async () => {
  const { t } = suite;
  const { lead, help } = await leadWithNotice('Español');
  // A server whose Temporal client cannot reach Temporal (its connection closed).
  const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  const unreachable = new Client({ connection, namespace: 'default' });
  await connection.close();
  const server = await startTestApi(t, { client: unreachable, mailer: t.mailer });
  const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    const consumer = new Visitor(server.url);
    const refused = await consumer.submit(help, help, {});
    expect(refused.status).toBe(503);
    // The log says what failed, not which link.
    expect(logged.mock.calls).toEqual([['help: follow-up not signalled (ServiceError)']]);
    expect(refused.html).toContain('<h1>No pudimos enviar su pedido</h1>');
    expect(refused.html).toContain('lang="es"');
    const again = await consumer.request(help);
    expect(again.html).toContain('Pedir un seguimiento');
    expect(await t.sql`select asked_at from consumer_follow_up_links where lead_id = ${lead.leadId}`).toEqual([{ asked_at: null }]);
  } finally {
    logged.mockRestore();
    await server.close();
  }
});

// Last: it uses up this client's requests for a minute.
test('the help pages are rate-limited per client', async () => {
  const visitor = new Visitor(suite.server.url);
  const statuses: number[] = [];
  for (let i = 0; i < 61; i++) statuses.push((await visitor.request('/help/unknown-token-for-the-limit-test')).status);
  expect(statuses.at(-1)).toBe(429);
  expect(statuses.filter((s) => s === 404).length).toBeGreaterThan(0);
});

// The coordinators' Audit trail page over HTTP: the last 30 days by default, a period's count and its 20 newest
// records, refused periods with the error beside the field and the dates kept, Export audit trail giving the API's
// very file (audited as the coordinator who asked), and nobody else let in.
import { addDays, minnesotaDate, minnesotaInstant } from '../../domain/time';
import { addStaff } from '../../store/staff';
import { testTokens } from '../support/api';
import { Visitor } from '../support/browserless';
import { pageSuite } from '../support/page-suite';
import { signIn } from '../support/portal';
import { assister, sampleLead } from '../support/samples';

const suite = pageSuite({ assisters: [assister('aw-nav-a', '55106')] });

test('a coordinator previews a period, is refused a bad one beside its field, and exports the CSV of the API', async () => {
  const { t, server } = suite;
  const staff = await addStaff(t.sql, 'aw-coordinator@mnsure.example.org', 'coordinator', 'test');
  if ('problem' in staff) throw new Error(staff.problem);
  const coordinator = new Visitor(server.url);
  await signIn(coordinator, 'aw-coordinator@mnsure.example.org');
  const created = await t.createLead(sampleLead({ consumer: { ...sampleLead().consumer, zip: '55106' } }));
  if (!created.ok) throw new Error('refused');
  // 25 records in April 2025, one an hour from 08:00 on the 30th backwards; the newest names the lead.
  for (let i = 0; i < 25; i++)
    await t.sql`insert into audit_events (at, actor, action, lead_id) values (${new Date(minnesotaInstant('2025-04-30', 8).getTime() - i * 3_600_000)}, ${`staff:${staff.id}`}, ${`action-${i}`}, ${i === 0 ? created.lead.leadId : null})`;

  // By default, the last 30 days, with the coordinator's own sign-in among them.
  const today = minnesotaDate(new Date());
  const first = await coordinator.request('/coordinator/audit');
  expect(first.status).toBe(200);
  expect(first.html).toContain('<h1>Audit trail</h1>');
  expect(first.html).toContain(`value="${addDays(today, -29)}"`);
  expect(first.html).toContain(`value="${today}"`);
  expect(first.html).toMatch(/aw-coordinator@mnsure\.example\.org \(staff:\d+\)<\/td><td data-label="Action">signed-in/);
  expect(first.html).toContain('href="/coordinator/audit"');

  const april = await coordinator.request('/coordinator/audit?from=2025-04-01&to=2025-04-30');
  expect(april.status).toBe(200);
  expect(april.html).toContain('25 audit records from Tue, Apr 1, 2025 to Wed, Apr 30, 2025.');
  expect(april.html).toContain('The 20 newest, newest first');
  const actions = [...april.html.matchAll(/data-label="Action">([^<]+)</g)].map((m) => m[1]);
  expect(actions).toEqual(Array.from({ length: 20 }, (_, i) => `action-${i}`));
  expect(april.html).toContain(`data-label="Lead reference">${created.lead.reference}<`);

  // Refused: To before From, and an empty From; each error beside its field, the dates as typed kept.
  const backwards = await coordinator.request('/coordinator/audit?from=2025-04-30&to=2025-04-01');
  expect(backwards.status).toBe(400);
  expect(backwards.html).toMatch(/id="to-error"[^>]*>To must be on or after From</);
  expect(backwards.html).toContain('value="2025-04-30"');
  expect(backwards.html).toContain('<title>Error: Audit trail | PAL</title>');
  expect(backwards.html).not.toContain('<h2>Preview</h2>');
  const empty = await coordinator.request('/coordinator/audit/export?from=&to=2025-04-30');
  expect(empty.status).toBe(400);
  expect(empty.html).toMatch(/id="from-error"[^>]*>From is required \(YYYY-MM-DD\)</);
  const tooLong = await coordinator.request('/coordinator/audit/export?from=2024-04-01&to=2025-04-30');
  expect(tooLong.html).toMatch(/id="to-error"[^>]*>The period is 395 days: export at most 366 days at a time</);

  // Export audit trail: the file of GET /api/audit, as an attachment; the export is recorded as this coordinator's.
  const download = await fetch(`${server.url}/coordinator/audit/export?from=2025-04-01&to=2025-04-30`, { headers: { cookie: `pal_session=${coordinator.cookie('pal_session')}` } });
  expect(download.status).toBe(200);
  expect(download.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  expect(download.headers.get('content-disposition')).toBe('attachment; filename="pal-audit-2025-04-01-to-2025-04-30.csv"');
  const csv = await download.text();
  expect(csv.split('\r\n')).toHaveLength(27);
  const [exported] = await t.sql`select actor, detail from audit_events where action = 'exported-audit' order by id desc limit 1`;
  expect(exported).toEqual({ actor: `staff:${staff.id}`, detail: { from: '2025-04-01', to: '2025-04-30', rows: 25 } });
  const fromApi = await fetch(`${server.url}/api/audit?from=2025-04-01&to=2025-04-30`, { headers: { authorization: `Bearer ${testTokens.coordinatorToken}` } });
  expect(await fromApi.text()).toBe(csv);
});

test('representatives, assisters and people signed out get neither the page nor the file', async () => {
  const { t, server } = suite;
  await addStaff(t.sql, 'aw-rep@mnsure.example.org', 'contact-center', 'test');
  const rep = new Visitor(server.url);
  await signIn(rep, 'aw-rep@mnsure.example.org');
  const person = new Visitor(server.url);
  await signIn(person, 'aw-nav-a@assisters.example.org');
  const exports = () => t.sql`select 1 from audit_events where action = 'exported-audit'`;
  const before = (await exports()).length;
  for (const path of ['/coordinator/audit', '/coordinator/audit/export?from=2025-04-01&to=2025-04-30']) {
    for (const visitor of [rep, person]) {
      const refused = await visitor.request(path);
      expect(refused.status).toBe(403);
      expect(refused.html).toContain('This page is not for your account');
    }
    expect((await new Visitor(server.url).request(path)).location).toBe('/portal/sign-in');
  }
  expect(await exports()).toHaveLength(before);
});

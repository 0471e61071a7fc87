// The coordinators' Leads page over HTTP: filters by status, assister and open escalation, newest first, 50 a page;
// a filter naming nothing PAL knows is refused beside its field; no consumer data in the list; coordinators only.
import { leadReference } from '../../domain/lead-reference';
import { addStaff } from '../../store/staff';
import { Visitor } from '../support/browserless';
import { pageSuite } from '../support/page-suite';
import { signIn } from '../support/portal';
import { assister } from '../support/samples';

const suite = pageSuite({ assisters: [assister('ll-nav-a', '55106'), assister('ll-nav-b', '55802')] });

/** Lead rows as the workflows record them; returns their reference numbers, oldest first. */
async function rows(count: number, assisterId: string, status: string): Promise<number[]> {
  const inserted = await suite.t.sql<{ n: number }[]>`
    insert into leads (id, intake, created_by, status, assister_id, referred_at, contact_deadline_at)
    select gen_random_uuid(), ${suite.t.sql.json({ consumer: { firstName: 'Quinn', lastName: 'Listed' } } as never)}, 'test', ${status}, ${assisterId}, now(), now() + interval '2 days'
    from generate_series(1, ${count}) returning reference_number::float8 as n`;
  return inserted.map((r) => r.n).sort((a, b) => a - b);
}

test('filters by status, assister and open escalation; pages of 50, newest first; bad filters refused beside the field', async () => {
  const { t, server } = suite;
  await addStaff(t.sql, 'll-coordinator@mnsure.example.org', 'coordinator', 'test');
  const coordinator = new Visitor(server.url);
  await signIn(coordinator, 'll-coordinator@mnsure.example.org');
  const a = await rows(55, 'll-nav-a', 'awaiting-contact');
  const [contacted] = await rows(1, 'll-nav-b', 'contacted');
  const [escalated] = await rows(1, 'll-nav-b', 'awaiting-contact');
  const [id] = await t.sql<{ id: string }[]>`select id from leads where reference_number = ${escalated!}`;
  await t.sql`insert into escalations (key, kind, lead_id, assister_id) values ('ll-test', 'contact-overdue', ${id!.id}, 'll-nav-b')`;

  const all = await coordinator.request('/coordinator/leads');
  expect(all.status).toBe(200);
  expect(all.html).toContain('<h1>Leads</h1>');
  expect(all.html).not.toContain('Quinn');
  const refs = (html: string) => [...html.matchAll(/<a href="\/leads\/(\w{8})">/g)].map((m) => m[1]);

  const byA = await coordinator.request('/coordinator/leads?assister=ll-nav-a');
  expect(refs(byA.html)).toEqual(a.slice(-50).reverse().map(leadReference));
  expect(byA.html).toContain('The 50 newest leads, newest first');
  const next = /<a href="([^"]+)" rel="next">Next page<\/a>/.exec(byA.html)![1]!.replace(/&amp;/g, '&');
  expect(next).toBe(`/coordinator/leads?assister=ll-nav-a&before=${a[5]}`);
  const second = await coordinator.request(next);
  expect(refs(second.html)).toEqual(a.slice(0, 5).reverse().map(leadReference));
  expect(second.html).not.toContain('rel="next"');

  expect(refs((await coordinator.request('/coordinator/leads?status=contacted&assister=ll-nav-b')).html)).toEqual([leadReference(contacted!)]);
  const open = await coordinator.request('/coordinator/leads?escalated=yes');
  expect(refs(open.html)).toEqual([leadReference(escalated!)]);
  expect(open.html).toMatch(/data-label="Open escalations">Contact overdue</);
  // Staff read where a lead stands, not the assister's to-do ("Contact the consumer"), in the list and its filter.
  expect(open.html).toContain('<td data-label="Status">Awaiting contact</td>');
  expect(open.html).toMatch(/<option value="awaiting-contact"[^>]*>Awaiting contact<\/option>/);
  expect(open.html).not.toContain('Contact the consumer');

  expect(refs((await coordinator.request(`/coordinator/leads?reference=${leadReference(contacted!).toLowerCase()}`)).html)).toEqual([leadReference(contacted!)]);
  // One character mistyped (the check character itself, to one it is not): refused as a typo.
  const reference = leadReference(contacted!);
  const typo = await coordinator.request(`/coordinator/leads?reference=${reference.slice(0, 7)}${reference.endsWith('X') ? 'Y' : 'X'}`);
  expect(typo.status).toBe(400);
  expect(typo.html).toMatch(/id="reference-error"/);
  const bad = await coordinator.request('/coordinator/leads?status=lost&assister=nobody');
  expect(bad.status).toBe(400);
  expect(bad.html).toMatch(/id="status-error"[^>]*>Select a status from the list/);
  expect(bad.html).toMatch(/id="assister-error"[^>]*>Select an assister from the list/);
  const trail = await t.sql`select detail from audit_events where action = 'listed-leads' order by id desc limit 1`;
  expect(trail[0]!.detail).toEqual({ status: null, assisterId: null, escalated: false });
});

test('only coordinators see the list', async () => {
  const { t, server } = suite;
  await addStaff(t.sql, 'll-rep@mnsure.example.org', 'contact-center', 'test');
  const rep = new Visitor(server.url);
  await signIn(rep, 'll-rep@mnsure.example.org');
  expect((await rep.request('/coordinator/leads')).status).toBe(403);
  expect((await new Visitor(server.url).request('/coordinator/leads')).location).toBe('/portal/sign-in');
});

// The consumer's own notices (issue 13) through the lead workflow on the dev server: one per assignment in their
// language, naming the organization, the deadline and its phone, with the "No one has contacted me" link; a new one
// when the lead moves; one when it is withdrawn. The consumer's follow-up opens one escalation per assignment and
// reminds the assister.
import { createActivities } from '../../activities';
import { askFollowUpSignal, leadWorkflowId, reassignLeadUpdate, statusQuery, withdrawLeadUpdate } from '../../contracts/lead';
import { PalEscalated } from '../../contracts/search-attributes';
import { openLeadTestEnv, type LeadTestEnv } from '../support/lead-env';
import { mailLine, mailsFor, mailsMatching } from '../support/mail';
import { assister, sampleLead } from '../support/samples';
import { eventually } from '../support/eventually';
import { keepHistory } from '../support/histories';

let t: LeadTestEnv;
beforeAll(async () => {
  t = await openLeadTestEnv({ server: 'dev-server' });
  await t.addAssisters([assister('cn-nav-stpaul', '55101', { publicPhone: '651-555-0100' }), assister('cn-nav-duluth', '55802')]);
});
afterAll(async () => t?.close());

const handle = (leadId: string) => t.env.client.workflow.getHandle(leadWorkflowId(leadId));
const noticesTo = (email: string) => mailsMatching({ to: email });
let consumers = 0;
async function newLead(preferredLanguage = 'English') {
  const email = `cn-consumer-${++consumers}-${Date.now()}@consumers.example.org`;
  const result = await t.createLead(sampleLead({ consumer: { ...sampleLead().consumer, email, preferredLanguage } }));
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  await eventually(() => noticesTo(email), (m) => m.length >= 1);
  return { ...result.lead, email };
}
const PII = /Ana|Lopez|651-555-0134|alopez|55106/;

test('an assignment sends the consumer one notice: the organization, the deadline, its phone and the link; a retried activity sends no other', async () => {
  const lead = await newLead();
  const [notice] = await noticesTo(lead.email);
  expect(notice!.Subject).toBe('Your request for in-person help with health insurance');
  expect(notice!.Text).toContain('cn-nav-stpaul organization will contact you about it.');
  expect(notice!.Text).toMatch(/They will contact you by \w+day, \w+ \d+, \d{4}, at 5:00 PM \(Minnesota time\)\./);
  expect(notice!.Text).toContain('You can also call them at 651-555-0100.');
  expect(notice!.Text).toMatch(/No one has contacted me: http:\/\/127\.0\.0\.1:3000\/help\/[\w-]{43}\n/);
  // Free language help, in the notice's language first and then in the others.
  expect(notice!.Text).toMatch(/Language help: free help[\s\S]*ATENCIÓN: si habla español[\s\S]*LUS CEEV[\s\S]*FIIRO GAAR AH/);
  // Neither the consumer nor the lead: no name, no reference, no lead id.
  expect(notice!.Text + notice!.Subject).not.toMatch(PII);
  expect(notice!.Text).not.toContain(lead.reference!);
  expect(notice!.Text).not.toContain(lead.leadId);

  // The activity retried (the same input): no second email and no second link.
  const acts = createActivities({ sql: t.sql, mailer: t.mailer, client: t.env.client });
  await acts.sendConsumerNotice({ leadId: lead.leadId, assignment: 1, kind: 'assigned' });
  expect(await noticesTo(lead.email)).toHaveLength(1);
  expect(await t.sql`select assignment from consumer_follow_up_links where lead_id = ${lead.leadId}`).toEqual([{ assignment: 1 }]);
  const [outbox] = await t.sql`select status from outbox where key = ${`lead/${lead.leadId}/1/consumer-notice`}`;
  expect(outbox).toEqual({ status: 'sent' });
});

test('a reassignment sends a new notice naming the new organization; a withdrawn lead sends one saying so', async () => {
  const lead = await newLead();
  await handle(lead.leadId).executeUpdate(reassignLeadUpdate, { args: [{ assisterId: 'cn-nav-duluth', coordinator: 'staff:coord-1' }] });
  const notices = await eventually(() => noticesTo(lead.email), (m) => m.length >= 2);
  expect(notices[1]!.Text).toContain('Your request has moved to another organization: cn-nav-duluth organization will now contact you about it.');
  // Without a public phone, the organization will call.
  expect(notices[1]!.Text).toContain('They will call you; you do not need to do anything now.');
  expect(await t.sql`select assignment from consumer_follow_up_links where lead_id = ${lead.leadId} order by assignment`).toEqual([{ assignment: 1 }, { assignment: 2 }]);

  await handle(lead.leadId).executeUpdate(withdrawLeadUpdate, { args: [{ reason: 'consent-revoked', by: 'staff:rep-1' }] });
  await handle(lead.leadId).result();
  const all = await eventually(() => noticesTo(lead.email), (m) => m.length >= 3);
  expect(all.map((m) => m.Subject)).toEqual(['Your request for in-person help with health insurance', 'Your request for in-person help with health insurance', 'Your request for in-person help was withdrawn']);
  expect(all[2]!.Text).toMatch(/^Your request for in-person help with your health insurance was withdrawn, and no organization will contact you about it\./);
  expect(all[2]!.Text).not.toContain('/help/');
  await keepHistory(t.env.client, leadWorkflowId(lead.leadId), 'lead-consumer-notices');
});

test('a Somali-speaking consumer is written to in Somali; no email address, or notices switched off: nothing is sent', async () => {
  const lead = await newLead('Soomaali');
  const [notice] = await noticesTo(lead.email);
  expect(notice!.Subject).toBe('Codsigaaga caawimaad fool-ka-fool ah oo ku saabsan caymiska caafimaadka');
  expect(notice!.Text).toMatch(/^FIIRO GAAR AH: Haddii aad ku hadasho Af-Soomaali/m);

  const silent = await t.createLead(sampleLead({ consumer: { ...sampleLead().consumer, email: undefined } }));
  if (!silent.ok) throw new Error('refused');
  await eventually(() => handle(silent.lead.leadId).query(statusQuery), (v) => v.history.some((h) => h.event === 'referred'));
  await eventually(() => mailsFor(silent.lead), (m) => m.length >= 1);
  expect(await t.sql`select key from outbox where key like ${`lead/${silent.lead.leadId}/%/consumer-%`}`).toEqual([]);

  const off = createActivities({ sql: t.sql, mailer: t.mailer, client: t.env.client, consumerNotices: false });
  await off.sendConsumerNotice({ leadId: lead.leadId, assignment: 1, kind: 'withdrawn' });
  expect(await t.sql`select key from outbox where key = ${`lead/${lead.leadId}/1/consumer-withdrawn`}`).toEqual([]);
});

test("the consumer's follow-up: one escalation and one reminder per assignment, PalEscalated follows; another assignment's is ignored", async () => {
  const lead = await newLead();
  for (const assignment of [1, 1, 2]) await handle(lead.leadId).signal(askFollowUpSignal, { assignment });
  const mails = await eventually(() => mailsFor(lead), (m) => m.length >= 3);
  expect(mails.map(mailLine)).toEqual([
    'cn-nav-stpaul@assisters.example.org PAL lead REF: new navigator referral',
    'pal-coordinator@mnsure.example.org PAL escalation: lead REF consumer asked for follow-up',
    'cn-nav-stpaul@assisters.example.org PAL lead REF: the consumer asks to be contacted',
  ]);
  expect(mails[2]!.Text).toMatch(/told the marketplace that no one has contacted them yet/);
  expect(mails.map((m) => m.Text + m.Subject).join('\n')).not.toMatch(PII);
  expect(await t.sql`select kind, assister_id from escalations where lead_id = ${lead.leadId} and resolved_at is null`).toEqual([{ kind: 'consumer-follow-up', assister_id: 'cn-nav-stpaul' }]);
  const view = await handle(lead.leadId).query(statusQuery);
  expect(view.escalated).toBe(true);
  expect(view.history.filter((h) => h.event === 'consumer-follow-up')).toHaveLength(1);
  await eventually(async () => (await handle(lead.leadId).describe()).typedSearchAttributes.get(PalEscalated), (v) => v === true);
  await keepHistory(t.env.client, leadWorkflowId(lead.leadId), 'lead-consumer-follow-up');
});

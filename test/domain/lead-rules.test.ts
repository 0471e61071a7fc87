import {
  afterResolution,
  appointmentAfterDeadline,
  appointmentReportRefusal,
  assisterReportRefusal,
  consumerCorrectionRefusal,
  contactReportRefusal,
  declineRefusal,
  nextLeadDeadline,
  reassignRefusal,
  resolutionReportRefusal,
  withdrawRefusal,
  zipCorrectionReroutes,
  type LeadFacts,
} from '../../domain/lead-rules';

const referral = {
  referredAt: '2026-11-20T21:00:00.000Z',
  contactReminderAt: '2026-11-23T23:00:00.000Z',
  contactDeadlineAt: '2026-11-24T23:00:00.000Z',
  appointmentDeadlineAt: '2026-12-04T23:00:00.000Z',
};
const open: LeadFacts = { status: 'awaiting-contact', closed: false, rerouting: false, assisterId: 'nav-1', referredAt: referral.referredAt };
const contacted: LeadFacts = { ...open, status: 'contacted', contactDate: '2026-11-23' };
const now = new Date('2026-11-25T18:00:00Z');

test('only the current assister of an open lead that is not being rerouted may report on it', () => {
  expect(assisterReportRefusal(open, 'nav-1')).toBeUndefined();
  expect(assisterReportRefusal(open, 'nav-2')).toEqual({ message: 'Lead is not assigned to this assister', type: 'NotYourLead' });
  expect(assisterReportRefusal({ ...open, status: 'resolved', closed: true }, 'nav-1')).toEqual({ message: 'Lead is already resolved', type: 'LeadClosed' });
  expect(assisterReportRefusal({ ...open, rerouting: true }, 'nav-1')?.type).toBe('Rerouting');
  expect(assisterReportRefusal({ ...open, status: 'routing' }, 'nav-1')?.type).toBe('Rerouting');
  expect(assisterReportRefusal({ ...open, status: 'awaiting-assister', assisterId: undefined }, 'nav-1')?.type).toBe('NotAssigned');
});

test('contact is reported once, on a date between the referral and today', () => {
  expect(contactReportRefusal(open, { assisterId: 'nav-1', contactDate: '2026-11-23' }, now)).toBeUndefined();
  expect(contactReportRefusal(contacted, { assisterId: 'nav-1', contactDate: '2026-11-24' }, now)).toEqual({ message: 'Contact was already reported (2026-11-23)', type: 'InvalidReport' });
  expect(contactReportRefusal(open, { assisterId: 'nav-1', contactDate: '2026-11-19' }, now)?.message).toBe('Contact date is before the referral (2026-11-20)');
  expect(contactReportRefusal(open, { assisterId: 'nav-2', contactDate: '2026-11-23' }, now)?.type).toBe('NotYourLead');
});

test('an appointment needs a reported contact and is not before it', () => {
  expect(appointmentReportRefusal(open, { assisterId: 'nav-1', appointmentDate: '2026-12-01' })?.message).toBe('Report contact with the consumer before the appointment');
  expect(appointmentReportRefusal(contacted, { assisterId: 'nav-1', appointmentDate: '2026-12-01' })).toBeUndefined();
  expect(appointmentReportRefusal(contacted, { assisterId: 'nav-1', appointmentDate: '2026-11-22' })?.message).toBe('Appointment date is before the contact date (2026-11-23)');
});

test('a resolution report: the assister first, then every rule joined', () => {
  expect(resolutionReportRefusal(open, { assisterId: 'nav-1', contactMade: true, contactDate: '2026-11-23', resolution: 'Enrolled in QHP' }, now)).toBeUndefined();
  expect(resolutionReportRefusal(open, { assisterId: 'nav-1', contactMade: false, contactDate: '2026-11-23', resolution: 'Enrolled in QHP' }, now)?.message).toMatch(/; A contact date is given but Contact Made = N$/);
  expect(resolutionReportRefusal(open, { assisterId: 'nav-9', contactMade: true, resolution: 'x' }, now)?.type).toBe('NotYourLead');
});

test('a lead is declined before contact, with a reason', () => {
  expect(declineRefusal(open, { assisterId: 'nav-1', reason: 'No staff this week' })).toBeUndefined();
  expect(declineRefusal(open, { assisterId: 'nav-1', reason: '  ' })?.message).toBe('A reason is required to decline a lead');
  expect(declineRefusal(contacted, { assisterId: 'nav-1', reason: 'x' })?.message).toBe('A lead whose consumer was contacted cannot be declined; report a resolution instead');
});

test('a reassignment names its coordinator and another assister, on an open lead', () => {
  expect(reassignRefusal(open, { coordinator: 'coordinator' })).toBeUndefined();
  expect(reassignRefusal(open, { coordinator: 'coordinator', assisterId: 'nav-2' })).toBeUndefined();
  expect(reassignRefusal(open, { coordinator: 'coordinator', assisterId: 'nav-1' })?.message).toBe('Lead is already assigned to nav-1');
  expect(reassignRefusal(open, { coordinator: ' ' })?.message).toBe('The coordinator making the reassignment must be named');
  expect(reassignRefusal({ ...open, status: 'closed-unresolved', closed: true }, { coordinator: 'c' })?.message).toBe('Lead is already closed-unresolved');
});

test('an override names the assister and says why', () => {
  expect(reassignRefusal(open, { coordinator: 'c', assisterId: 'nav-2', override: true, reason: 'Only office with a Hmong speaker' })).toBeUndefined();
  expect(reassignRefusal(open, { coordinator: 'c', override: true, reason: 'x' })?.message).toBe('An override names the assister to reassign to');
  expect(reassignRefusal(open, { coordinator: 'c', assisterId: 'nav-2', override: true, reason: ' ' })?.message).toBe("An override needs a reason; it is recorded in the lead's history");
});

test('a final resolution resolves the lead; the interim one keeps it open with an appointment', () => {
  expect(afterResolution(open, { contactMade: true, contactDate: '2026-11-23', resolution: 'Enrolled in QHP' })).toEqual({ status: 'resolved', contactDate: '2026-11-23', appointmentDate: undefined });
  // The interim resolution without an appointment date keeps the appointment deadline running.
  expect(afterResolution(contacted, { contactMade: true, contactDate: '2026-11-24', resolution: 'Contact made, appointment scheduled' })).toEqual({
    status: 'appointment-scheduled',
    contactDate: '2026-11-23',
    appointmentDate: undefined,
  });
  // Lead workflows started before that rule took the contact date as the appointment date.
  expect(afterResolution(contacted, { contactMade: true, resolution: 'Contact made, appointment scheduled' }, false).appointmentDate).toBe('2026-11-23');
  expect(afterResolution({ ...contacted, appointmentDate: '2026-12-01' }, { contactMade: true, resolution: 'Contact made, appointment scheduled' }).appointmentDate).toBe('2026-12-01');
  expect(afterResolution(open, { contactMade: false, resolution: 'Unable to contact' })).toEqual({ status: 'resolved', contactDate: undefined, appointmentDate: undefined });
});

test('an appointment after the appointment deadline (17:00 on the 14th day, Minnesota time) is late', () => {
  expect(appointmentAfterDeadline('2026-12-04', referral.appointmentDeadlineAt)).toBe(false);
  expect(appointmentAfterDeadline('2026-12-05', referral.appointmentDeadlineAt)).toBe(true);
  expect(appointmentAfterDeadline('2027-03-01', referral.appointmentDeadlineAt)).toBe(true);
  expect(appointmentAfterDeadline('2027-03-01', undefined)).toBe(false);
});

describe('the next deadline of an open lead', () => {
  const maxAgeAt = Date.parse('2027-02-18T21:00:00Z');
  const none = { reminded: false, contactEscalated: false, appointmentEscalated: false };
  const withReferral = { ...open, referral };
  test('the reminder, then the contact deadline, then the appointment deadline, then the maximum age', () => {
    expect(nextLeadDeadline(withReferral, none, maxAgeAt)).toEqual({ at: Date.parse(referral.contactReminderAt), kind: 'contact-reminder' });
    expect(nextLeadDeadline(withReferral, { ...none, reminded: true }, maxAgeAt).kind).toBe('contact-overdue');
    expect(nextLeadDeadline(withReferral, { ...none, reminded: true, contactEscalated: true }, maxAgeAt).kind).toBe('appointment-overdue');
    expect(nextLeadDeadline(withReferral, { reminded: true, contactEscalated: true, appointmentEscalated: true }, maxAgeAt)).toEqual({ at: maxAgeAt, kind: 'max-age' });
  });
  test('reported contact ends the contact timers; an appointment ends the appointment timer', () => {
    expect(nextLeadDeadline({ ...withReferral, contactDate: '2026-11-23' }, none, maxAgeAt).kind).toBe('appointment-overdue');
    expect(nextLeadDeadline({ ...withReferral, contactDate: '2026-11-23', appointmentDate: '2026-11-30' }, none, maxAgeAt).kind).toBe('max-age');
  });
  test('a lead waiting for an assister, or never referred, waits only for its maximum age', () => {
    expect(nextLeadDeadline({ ...withReferral, status: 'awaiting-assister' }, none, maxAgeAt).kind).toBe('max-age');
    expect(nextLeadDeadline(open, none, maxAgeAt).kind).toBe('max-age');
    // A maximum age that comes first wins.
    expect(nextLeadDeadline(withReferral, none, Date.parse('2026-11-21T00:00:00Z')).kind).toBe('max-age');
  });
});

describe('staff actions (issue 12)', () => {
  const closed: LeadFacts = { ...open, status: 'withdrawn', closed: true };
  test('a withdrawal needs a reason from the list and an open lead; the note is one line', () => {
    expect(withdrawRefusal(open, { reason: 'consent-revoked', by: 'staff:1' })).toBeUndefined();
    expect(withdrawRefusal({ ...open, status: 'awaiting-assister', assisterId: undefined }, { reason: 'created-in-error', note: 'Duplicate of another lead', by: 'staff:1' })).toBeUndefined();
    expect(withdrawRefusal(closed, { reason: 'consent-revoked', by: 'staff:1' })).toEqual({ message: 'Lead is already withdrawn', type: 'LeadClosed' });
    expect(withdrawRefusal(open, { reason: 'other', by: 'staff:1' })?.message).toBe('The reason for withdrawing must be consent revoked or created in error');
    expect(withdrawRefusal(open, { reason: 'consent-revoked', note: 'a\u0007b', by: 'staff:1' })?.message).toMatch(/one line/);
    expect(withdrawRefusal(open, { reason: 'consent-revoked', note: 'x'.repeat(501), by: 'staff:1' })?.message).toMatch(/at most 500/);
    expect(withdrawRefusal(open, { reason: 'consent-revoked', by: ' ' })?.message).toBe('Who withdraws the lead must be named');
  });
  test('a correction needs a field and an open lead; a ZIP code reroutes only before contact', () => {
    expect(consumerCorrectionRefusal(open, { zip: '55802', by: 'staff:1' })).toBeUndefined();
    expect(consumerCorrectionRefusal(open, { email: null, by: 'staff:1' })).toBeUndefined();
    expect(consumerCorrectionRefusal(open, { by: 'staff:1' })?.message).toBe('Give the phone number, email or ZIP code to correct');
    expect(consumerCorrectionRefusal(closed, { phone: '651-555-0100', by: 'staff:1' })?.type).toBe('LeadClosed');
    expect(zipCorrectionReroutes(open)).toBe(true);
    expect(zipCorrectionReroutes({ ...open, contactDate: '2026-11-21' })).toBe(false);
    expect(zipCorrectionReroutes(closed)).toBe(false);
  });
});

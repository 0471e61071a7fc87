import { contactPointChangeSubject, escalationOfNotice, escalationsCleared, reportSubject } from '../../domain/escalations';

test('coordinator notices open escalations of their kind; the lead record clears the kinds whose condition is over', () => {
  expect(escalationOfNotice('contact-overdue')).toBe('contact-overdue');
  expect(escalationOfNotice('referral-late')).toBe('referral-undelivered');
  expect(escalationOfNotice('contact-reminder')).toBeUndefined();
  expect(escalationsCleared('contact-reported', { contactDate: '2026-11-25' })).toEqual(['contact-overdue', 'consumer-follow-up']);
  expect(escalationsCleared('appointment-reported', { appointmentDate: '2026-12-01' })).toEqual(['appointment-overdue']);
  expect(escalationsCleared('routed', {})).toEqual(['no-eligible-assister']);
  // A delivered referral: the former assister's escalations end with its hold on the lead.
  expect(escalationsCleared('referred', {})).toEqual(['referral-undelivered', 'contact-overdue', 'appointment-overdue', 'appointment-late', 'consumer-follow-up']);
  expect(escalationsCleared('reassigned', {})).toEqual(escalationsCleared('referred', {}));
  // Closing clears every kind but its own: a lead closed unresolved waits for a coordinator.
  expect(escalationsCleared('resolved', { closed: true })).toEqual(['contact-overdue', 'appointment-overdue', 'appointment-late', 'referral-undelivered', 'no-eligible-assister', 'consumer-follow-up']);
  expect(escalationsCleared('closed-unresolved', { closed: true })).not.toContain('closed-unresolved');
  expect(escalationsCleared('contact-reminder', {})).toEqual([]);
  expect(reportSubject('nav-1', 212)).toBe('report/nav-1/212');
  expect(contactPointChangeSubject('c-1')).toBe('contact-point-change/c-1');
});

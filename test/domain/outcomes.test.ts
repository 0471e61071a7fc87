import { appointmentDateProblem, contactDateProblem, resolutionProblems } from '../../domain/outcomes';
import { calendarDateSchema } from '../../domain/date-schema';
import { isCalendarDate } from '../../domain/time';

// Referred Friday 2026-11-20 at 15:00 Minnesota time; "now" is Wednesday 2026-11-25 at noon.
const referredAt = new Date('2026-11-20T15:00:00-06:00');
const now = new Date('2026-11-25T12:00:00-06:00');

test('one date rule: the form YYYY-MM-DD and a day the calendar has', () => {
  expect(['2026-11-25', '2024-02-29', '2000-02-29'].filter(isCalendarDate)).toHaveLength(3);
  expect(['2026-02-30', '2025-02-29', '2026-13-01', '2026-11-5', '11/25/2026', '2026-11-25T00:00', ''].filter(isCalendarDate)).toEqual([]);
  expect(calendarDateSchema('contactDate').safeParse('2026-02-30').error?.issues[0]?.message).toBe('contactDate must be a date written YYYY-MM-DD');
  expect(calendarDateSchema('contactDate').safeParse(undefined).error?.issues[0]?.message).toBe('contactDate is required (YYYY-MM-DD)');
  expect(calendarDateSchema('contactDate').parse('2026-11-25')).toBe('2026-11-25');
});

test('a contact date lies between the referral date and today, in Minnesota time', () => {
  expect(contactDateProblem('2026-11-20', referredAt, now)).toBeUndefined();
  expect(contactDateProblem('2026-11-25', referredAt, now)).toBeUndefined();
  expect(contactDateProblem('2026-11-19', referredAt, now)).toBe('Contact date is before the referral (2026-11-20)');
  expect(contactDateProblem('2026-11-26', referredAt, now)).toBe('Contact date is in the future');
  expect(contactDateProblem('2026-02-30', referredAt, now)).toBe('Contact date must be a date written YYYY-MM-DD');
  // 23:30 on the 25th in Minnesota is already the 26th in UTC: still "today" for the assister.
  expect(contactDateProblem('2026-11-25', referredAt, new Date('2026-11-26T05:30:00Z'))).toBeUndefined();
});

test('an appointment may lie in the future but not before the contact', () => {
  expect(appointmentDateProblem('2027-01-15', '2026-11-23')).toBeUndefined();
  expect(appointmentDateProblem('2026-11-23', '2026-11-23')).toBeUndefined();
  expect(appointmentDateProblem('2026-11-22', '2026-11-23')).toBe('Appointment date is before the contact date (2026-11-23)');
  expect(appointmentDateProblem('23/11/2026', '2026-11-23')).toBe('Appointment date must be a date written YYYY-MM-DD');
});

describe('a resolution report', () => {
  const known = { referredAt, now };
  test('a valid one has no problems', () => {
    expect(resolutionProblems({ contactMade: true, contactDate: '2026-11-23', resolution: 'Enrolled in QHP' }, known)).toEqual([]);
    expect(resolutionProblems({ contactMade: false, resolution: 'Unable to contact' }, known)).toEqual([]);
    // Contact already reported: the date may be left out.
    expect(resolutionProblems({ contactMade: true, resolution: 'Eligible for MinnesotaCare' }, { ...known, contactDate: '2026-11-23' })).toEqual([]);
  });
  test('each rule of domain.md has its message', () => {
    expect(resolutionProblems({ contactMade: true, contactDate: '2026-11-23', resolution: 'Enrolled' }, known)).toEqual(['Resolution is not one of the nine resolutions']);
    expect(resolutionProblems({ contactMade: false, resolution: 'Enrolled in QHP' }, known)).toHaveLength(1);
    expect(resolutionProblems({ contactMade: true, contactDate: '2026-11-23', resolution: 'Unable to contact' }, known)).toHaveLength(1);
    expect(resolutionProblems({ contactMade: false, contactDate: '2026-11-23', resolution: 'Unable to contact' }, known)).toEqual(['A contact date is given but Contact Made = N']);
    expect(resolutionProblems({ contactMade: false, resolution: 'Unable to contact' }, { ...known, contactDate: '2026-11-23' })).toEqual([
      'Contact was already reported (2026-11-23); Contact Made must be Y',
    ]);
    expect(resolutionProblems({ contactMade: true, resolution: 'Enrolled in QHP' }, known)).toEqual(['Contact date is required when contact was made']);
    expect(resolutionProblems({ contactMade: true, contactDate: '2026-11-30', resolution: 'Enrolled in QHP' }, known)).toEqual(['Contact date is in the future']);
    expect(resolutionProblems({ contactMade: true, contactDate: '2026-11-23', resolution: 'Enrolled in QHP', comment: 'x'.repeat(2001) }, known)).toEqual([
      'Comments must be at most 2000 characters',
    ]);
  });
  test('an unknown resolution is not repeated in the message (it is free text)', () => {
    expect(resolutionProblems({ contactMade: true, contactDate: '2026-11-23', resolution: 'Jane Doe 651-555-0134' }, known).join(' ')).not.toContain('Jane');
  });
});

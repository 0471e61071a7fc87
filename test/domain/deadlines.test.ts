import { businessHoursBetween, holidayCalendar, isBusinessDay, nthBusinessDayAfter } from '../../domain/business-days';
import { contactPointChangeDeadlines, leadDeadlines } from '../../domain/deadlines';
import { minnesotaDate, minnesotaInstant, minnesotaIso } from '../../domain/time';

const holidays = holidayCalendar();
const iso = (d: { contactReminderAt: Date; contactDeadlineAt: Date; appointmentDeadlineAt: Date }) => ({
  reminder: minnesotaIso(d.contactReminderAt),
  deadline: minnesotaIso(d.contactDeadlineAt),
  appointment: minnesotaIso(d.appointmentDeadlineAt),
});

describe('leadDeadlines', () => {
  test('a Friday 15:00 referral: reminder Monday 17:00, overdue Tuesday 17:00, appointment two Fridays later', () => {
    expect(iso(leadDeadlines(new Date('2026-11-20T15:00:00-06:00'), holidays))).toEqual({
      reminder: '2026-11-23T17:00:00-06:00',
      deadline: '2026-11-24T17:00:00-06:00',
      appointment: '2026-12-04T17:00:00-06:00',
    });
  });

  test('when that Monday is a state holiday (MLK Day), Tuesday and Wednesday', () => {
    const d = iso(leadDeadlines(new Date('2026-01-16T15:00:00-06:00'), holidays));
    expect([d.reminder, d.deadline]).toEqual(['2026-01-20T17:00:00-06:00', '2026-01-21T17:00:00-06:00']);
  });

  test('across Thanksgiving and the day after, both state holidays', () => {
    const d = iso(leadDeadlines(new Date('2026-11-25T15:00:00-06:00'), holidays));
    expect([d.reminder, d.deadline]).toEqual(['2026-11-30T17:00:00-06:00', '2026-12-01T17:00:00-06:00']);
  });

  test('across the end of daylight saving time, 17:00 stays 17:00 Minnesota time', () => {
    const d = leadDeadlines(new Date('2026-10-30T15:00:00-05:00'), holidays);
    expect(minnesotaIso(d.contactReminderAt)).toBe('2026-11-02T17:00:00-06:00');
    expect(d.contactReminderAt.toISOString()).toBe('2026-11-02T23:00:00.000Z');
    expect(minnesotaIso(d.appointmentDeadlineAt)).toBe('2026-11-13T17:00:00-06:00');
  });

  test('business days count from the day after the referral date: Saturday → Monday, Monday 08:00 → Tuesday', () => {
    expect(minnesotaIso(leadDeadlines(new Date('2026-11-21T10:00:00-06:00'), holidays).contactReminderAt)).toBe('2026-11-23T17:00:00-06:00');
    expect(minnesotaIso(leadDeadlines(new Date('2026-11-23T08:00:00-06:00'), holidays).contactReminderAt)).toBe('2026-11-24T17:00:00-06:00');
  });

  test('the referral date is the Minnesota date, not the UTC date', () => {
    // 22:30 Friday in Minnesota is already Saturday in UTC.
    expect(minnesotaDate(new Date('2026-11-20T22:30:00-06:00'))).toBe('2026-11-20');
    expect(minnesotaIso(leadDeadlines(new Date('2026-11-20T22:30:00-06:00'), holidays).contactReminderAt)).toBe('2026-11-23T17:00:00-06:00');
  });
});

describe('Minnesota state holidays', () => {
  test.each([
    ['2026-01-01', "New Year's Day"],
    ['2026-01-19', 'Martin Luther King Jr. Day'],
    ['2026-02-16', "Presidents' Day"],
    ['2026-05-25', 'Memorial Day'],
    ['2026-06-19', 'Juneteenth'],
    ['2026-07-03', 'Independence Day (Saturday, observed Friday)'],
    ['2026-09-07', 'Labor Day'],
    ['2026-11-11', 'Veterans Day'],
    ['2026-11-26', 'Thanksgiving Day'],
    ['2026-11-27', 'the day after Thanksgiving'],
    ['2026-12-25', 'Christmas Day'],
    ['2027-06-18', 'Juneteenth (Saturday, observed Friday)'],
    ['2029-11-12', 'Veterans Day (Sunday, observed Monday)'],
    ['2027-12-31', "New Year's Day 2028 (Saturday, observed the Friday before)"],
  ])('%s is not a business day (%s)', (date) => expect(isBusinessDay(date, holidays)).toBe(false));

  test.each([
    ['2026-10-12', "Indigenous Peoples' Day: state offices are open"],
    ['2026-12-24', 'Christmas Eve'],
    ['2026-11-30', 'an ordinary Monday'],
  ])('%s is a business day (%s)', (date) => expect(isBusinessDay(date, holidays)).toBe(true));

  test('the list is configuration, and a name the library does not know is refused', () => {
    const noThanksgiving = holidayCalendar(["New Year's Day"]);
    expect(isBusinessDay('2026-11-26', noThanksgiving)).toBe(true);
    expect(() => holidayCalendar(['Festivus'])).toThrow(/Unknown holiday names.*Festivus/);
  });

  test('counting business days', () => {
    expect(nthBusinessDayAfter('2026-11-25', 1, holidays)).toBe('2026-11-30');
  });

  test('business hours: 08:00 to 17:00 on business days only', () => {
    const at = (date: string, hour: number, minute = 0) => minnesotaInstant(date, hour, minute);
    // Friday 15:30 to Monday 10:00: 1.5 h on Friday, 2 h on Monday; the weekend counts nothing.
    expect(businessHoursBetween(at('2026-11-20', 15, 30), at('2026-11-23', 10), holidays)).toBe(3.5);
    // Wednesday 16:00 before Thanksgiving to Monday 09:00: 1 h + (Thursday, Friday holidays) + 1 h.
    expect(businessHoursBetween(at('2026-11-25', 16), at('2026-11-30', 9), holidays)).toBe(2);
    // Outside hours on both ends of one day: the whole 9-hour day.
    expect(businessHoursBetween(at('2026-11-24', 6), at('2026-11-24', 20), holidays)).toBe(9);
    expect(businessHoursBetween(at('2026-11-24', 12), at('2026-11-24', 11), holidays)).toBe(0);
  });
});

test('a contact-point change is escalated at 17:00 on the 2nd business day after the request, and lapses after 30 days', () => {
  // Requested Wednesday before Thanksgiving: Thursday and Friday are state holidays, so Monday and Tuesday count.
  const { escalateAt, expireAt } = contactPointChangeDeadlines(minnesotaInstant('2026-11-25', 9), holidays);
  expect(minnesotaIso(escalateAt)).toBe('2026-12-01T17:00:00-06:00');
  expect(minnesotaIso(expireAt)).toBe('2026-12-25T17:00:00-06:00');
  expect(minnesotaIso(contactPointChangeDeadlines(minnesotaInstant('2026-11-20', 16), holidays).escalateAt)).toBe('2026-11-24T17:00:00-06:00');
});

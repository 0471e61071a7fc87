// Lead deadlines (domain.md, "Deadlines"): computed from the referral instant, in Minnesota time.
import { nthBusinessDayAfter, type HolidayCalendar } from './business-days';
import { addDays, minnesotaDate, minnesotaInstant } from './time';

export const END_OF_BUSINESS_HOUR = 17;
export const CONTACT_REMINDER_BUSINESS_DAY = 1;
export const CONTACT_DEADLINE_BUSINESS_DAY = 2;
export const APPOINTMENT_DEADLINE_CALENDAR_DAYS = 14;

export interface LeadDeadlines {
  /** 17:00 on the 1st business day after the referral: the assister is reminded if contact is not reported. */
  contactReminderAt: Date;
  /** 17:00 on the 2nd business day after the referral: escalation to the coordinator. */
  contactDeadlineAt: Date;
  /** 17:00 on the 14th calendar day after the referral date: appointment capacity. */
  appointmentDeadlineAt: Date;
}

export function leadDeadlines(referredAt: Date, holidays: HolidayCalendar): LeadDeadlines {
  const referralDate = minnesotaDate(referredAt);
  return {
    contactReminderAt: minnesotaInstant(nthBusinessDayAfter(referralDate, CONTACT_REMINDER_BUSINESS_DAY, holidays), END_OF_BUSINESS_HOUR),
    contactDeadlineAt: minnesotaInstant(nthBusinessDayAfter(referralDate, CONTACT_DEADLINE_BUSINESS_DAY, holidays), END_OF_BUSINESS_HOUR),
    appointmentDeadlineAt: minnesotaInstant(addDays(referralDate, APPOINTMENT_DEADLINE_CALENDAR_DAYS), END_OF_BUSINESS_HOUR),
  };
}

export const CONTACT_POINT_CONFIRMATION_BUSINESS_DAYS = 2;
/** Decision: an unconfirmed contact-point change lapses after 30 days; the old address stays in use. */
export const CONTACT_POINT_CHANGE_EXPIRY_DAYS = 30;

/** A contact-point change nobody confirms is escalated at 17:00 on the 2nd business day after the request. */
export function contactPointChangeDeadlines(requestedAt: Date, holidays: HolidayCalendar): { escalateAt: Date; expireAt: Date } {
  const requestDate = minnesotaDate(requestedAt);
  return {
    escalateAt: minnesotaInstant(nthBusinessDayAfter(requestDate, CONTACT_POINT_CONFIRMATION_BUSINESS_DAYS, holidays), END_OF_BUSINESS_HOUR),
    expireAt: minnesotaInstant(addDays(requestDate, CONTACT_POINT_CHANGE_EXPIRY_DAYS), END_OF_BUSINESS_HOUR),
  };
}

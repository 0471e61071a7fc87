// Checks on what an assister reports about a lead (contact, appointment, resolution). Pure and synchronous,
// so workflow update validators and the report submission use the same rules.
import { isResolution, resolutionContactConflict, type Resolution } from './resolutions';
import { hasControlCharactersBesidesLineBreaks } from './text';
import { isCalendarDate, minnesotaDate, type CalendarDate } from './time';

/** A contact date must be a real date, not before the referral's Minnesota date and not after today's. */
export function contactDateProblem(contactDate: string, referredAt: Date, now: Date): string | undefined {
  if (!isCalendarDate(contactDate)) return 'Contact date must be a date written YYYY-MM-DD';
  if (contactDate < minnesotaDate(referredAt)) return `Contact date is before the referral (${minnesotaDate(referredAt)})`;
  if (contactDate > minnesotaDate(now)) return 'Contact date is in the future';
  return undefined;
}

/** An appointment may lie in the future, but not before the contact that arranged it. */
export function appointmentDateProblem(appointmentDate: string, contactDate: CalendarDate): string | undefined {
  if (!isCalendarDate(appointmentDate)) return 'Appointment date must be a date written YYYY-MM-DD';
  if (appointmentDate < contactDate) return `Appointment date is before the contact date (${contactDate})`;
  return undefined;
}

export interface ResolutionReport {
  contactMade: boolean;
  contactDate?: string;
  resolution: string;
  comment?: string;
}

/** Problems with a resolution report, given the contact date already known for the lead (if any). */
export function resolutionProblems(report: ResolutionReport, known: { contactDate?: CalendarDate; referredAt: Date; now: Date }): string[] {
  const problems: string[] = [];
  // The value is not repeated: it is free text typed by a person.
  if (!isResolution(report.resolution)) problems.push('Resolution is not one of the nine resolutions');
  else {
    const conflict = resolutionContactConflict(report.contactMade, report.resolution as Resolution);
    if (conflict) problems.push(conflict);
  }
  if (!report.contactMade && report.contactDate) problems.push('A contact date is given but Contact Made = N');
  if (!report.contactMade && known.contactDate) problems.push(`Contact was already reported (${known.contactDate}); Contact Made must be Y`);
  if (report.contactMade && !known.contactDate && !report.contactDate) problems.push('Contact date is required when contact was made');
  if (report.contactMade && report.contactDate) {
    const p = contactDateProblem(report.contactDate, known.referredAt, known.now);
    if (p) problems.push(p);
  }
  if (report.comment !== undefined && report.comment.length > 2000) problems.push('Comments must be at most 2000 characters');
  if (report.comment !== undefined && hasControlCharactersBesidesLineBreaks(report.comment)) problems.push('Comments must not contain control characters');
  return problems;
}


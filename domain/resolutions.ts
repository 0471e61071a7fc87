// The nine resolutions of the Preferred Assister Report (exact labels) and the consistency rules between
// Contact Made and Resolution (domain.md, "Decision (consistency)").
export const RESOLUTIONS = [
  'Eligible for Medical Assistance',
  'Eligible for MinnesotaCare',
  'Enrolled in QHP',
  'Eligible for QHP, no enrollment',
  'No longer needs assistance',
  'Referred to other certified assister',
  'Unable to contact',
  'Assisted with technical issue only',
  'Contact made, appointment scheduled',
] as const;

export type Resolution = (typeof RESOLUTIONS)[number];

/** The one interim resolution: the lead stays open and appears again in the next report. */
export const APPOINTMENT_SCHEDULED: Resolution = 'Contact made, appointment scheduled';

/** Resolutions allowed when Contact Made = N. */
export const RESOLUTIONS_WITHOUT_CONTACT: readonly Resolution[] = ['Unable to contact', 'No longer needs assistance'];

export const isResolution = (value: string): value is Resolution => (RESOLUTIONS as readonly string[]).includes(value);
export const isFinalResolution = (resolution: Resolution) => resolution !== APPOINTMENT_SCHEDULED;

/** Why a resolution contradicts the contact answer, or undefined when they agree. */
export function resolutionContactConflict(contactMade: boolean, resolution: Resolution): string | undefined {
  if (!contactMade && !RESOLUTIONS_WITHOUT_CONTACT.includes(resolution))
    return `"${resolution}" needs contact with the consumer; without contact only ${RESOLUTIONS_WITHOUT_CONTACT.map((r) => `"${r}"`).join(' or ')} is allowed`;
  if (contactMade && resolution === 'Unable to contact') return '"Unable to contact" contradicts Contact Made = Y';
  return undefined;
}

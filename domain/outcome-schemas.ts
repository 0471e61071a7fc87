// What an assister sends to report on a lead (HTTP bodies), checked at the boundary with zod. Kept apart from
// outcomes.ts, which the workflow bundle imports: zod would be initialised in every workflow instance.
import { z } from 'zod';
import { calendarDateSchema as date } from './date-schema';
import { RESOLUTIONS } from './resolutions';
import { hasControlCharacters, hasControlCharactersBesidesLineBreaks } from './text';

const note = (label: string, max: number, multiLine = false) =>
  z
    .string()
    .trim()
    .min(1, `${label} must not be empty`)
    .max(max, `${label} must be at most ${max} characters`)
    .refine(
      (s) => !(multiLine ? hasControlCharactersBesidesLineBreaks(s) : hasControlCharacters(s)),
      multiLine ? `${label} must not contain control characters` : `${label} must be one line without control characters`,
    );

export const contactReportSchema = z.object({ contactDate: date('contactDate') }).strict();
export const appointmentReportSchema = z.object({ appointmentDate: date('appointmentDate') }).strict();
export const resolutionReportSchema = z
  .object({
    contactMade: z.boolean({ error: 'contactMade must be true or false' }),
    contactDate: date('contactDate').optional(),
    resolution: z.enum(RESOLUTIONS, { error: 'resolution must be one of the nine resolutions' }),
    comment: note('comment', 2000, true).optional(),
  })
  .strict();
export const declineSchema = z.object({ reason: note('reason', 500) }).strict();
// Without assisterId the lead goes to the next eligible assister. An override sends it to a named assister that
// routing would pass over (suspended, uncertified, at capacity, the other type), with a reason that is recorded.
export const reassignSchema = z
  .object({
    assisterId: z.string().min(1, 'assisterId must not be empty').optional(),
    reason: note('reason', 500).optional(),
    override: z.boolean({ error: 'override must be true or false' }).optional(),
  })
  .strict()
  .refine((r) => !r.override || (r.assisterId && r.reason), { message: 'An override needs assisterId and a reason', path: ['override'] });

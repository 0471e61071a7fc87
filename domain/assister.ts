// A preferred assister as the directory holds it (domain.md, "An assister in the directory").
import { isValidPhoneNumber } from 'libphonenumber-js';
import { z } from 'zod';
import { calendarDateSchema } from './date-schema';
import { hasControlCharacters } from './text';
import type { CalendarDate } from './time';
import { isMinnesotaZip } from './zip';

/**
 * A count: a whole number, or its digits as text (CSV cells, CLI flags). Not null, empty or true, which a plain
 * number coercion would turn into 0 or 1.
 */
const count = (label: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v),
    z.number({ error: `${label} must be a whole number` }).int(`${label} must be a whole number`).min(0, `${label} must not be negative`),
  );

/**
 * The organization's phone number for consumers (not the contact point's, which is for PAL): the representative
 * gives it to the consumer when a lead is created.
 */
const publicPhone = z
  .string({ error: 'publicPhone must be a phone number' })
  .trim()
  .max(30, 'publicPhone must be at most 30 characters')
  .refine((p) => isValidPhoneNumber(p, 'US'), 'publicPhone must be a valid US phone number');

/**
 * The languages its staff speak besides English, as names ("Spanish", "Hmong"); a CSV cell or CLI flag gives them
 * separated by semicolons or commas. Empty: English only.
 */
const languages = z.preprocess(
  (v) => (typeof v === 'string' ? v.split(/[;,]/).map((l) => l.trim()).filter(Boolean) : v),
  z
    .array(
      z
        .string({ error: 'each language must be a name' })
        .trim()
        .min(1, 'a language must not be empty')
        .max(40, 'a language must be at most 40 characters')
        .refine((l) => !hasControlCharacters(l), 'a language must be one line without control characters'),
      { error: 'languages must be a list of language names' },
    )
    .max(20, 'languages must list at most 20'),
);

/** A broker's certification is its National Producer Number. */
const NPN = /^\d{1,10}$/;

const fields = z
  .object({
    id: z.string({ error: 'id is required' }).regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'id must be 2–63 lowercase letters, digits or dashes'),
    name: z
      .string({ error: 'name is required' })
      .trim()
      .min(1, 'name is required')
      .max(200, 'name must be at most 200 characters')
      .refine((s) => !hasControlCharacters(s), 'name must be one line without control characters'),
    type: z.enum(['navigator', 'broker'], { error: 'type must be "navigator" or "broker"' }),
    zip: z.string({ error: 'zip is required' }).refine(isMinnesotaZip, 'zip must be a Minnesota ZIP code'),
    email: z.email('email must be a valid email address'),
    status: z.enum(['active', 'suspended'], { error: 'status must be "active" or "suspended"' }),
    capacity: count('capacity'),
    openLeads: count('openLeads').optional(),
    /** A navigator's certification id or a broker's NPN (domain.md, "Decision (certification)"). */
    certification: z
      .string({ error: "certification is required: a navigator's certification id or a broker's NPN" })
      .trim()
      .regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,39}$/, 'certification must be 1–40 letters, digits or dashes'),
    /** The last day the certification is valid. */
    certificationExpires: calendarDateSchema('certificationExpires'),
    publicPhone: publicPhone.optional(),
    languages: languages.optional(),
  })
  .strict();

/** A broker's certification must be an NPN (when the record names both). */
const npnRule = (a: { type?: string; certification?: string }, ctx: z.RefinementCtx) => {
  if (a.type === 'broker' && a.certification !== undefined && !NPN.test(a.certification))
    ctx.addIssue({ code: 'custom', path: ['certification'], message: "a broker's certification is its NPN: 1 to 10 digits" });
};

/**
 * An assister as the directory takes it (import, add). Certification is optional here because an import may leave
 * an existing assister's as it is; a new assister must carry it (newAssisterSchema, and the import's own check).
 */
export const assisterSchema = fields.partial({ certification: true, certificationExpires: true }).superRefine(npnRule);
/** A new assister (POST /api/assisters, pal assister add): certification required. */
export const newAssisterSchema = fields.superRefine(npnRule);

export type Assister = z.infer<typeof assisterSchema>;

/** What a coordinator may change in place. The contact point changes only through a confirmed change. */
export const assisterUpdateSchema = z
  .object({
    name: fields.shape.name.optional(),
    type: fields.shape.type.optional(),
    zip: fields.shape.zip.optional(),
    capacity: fields.shape.capacity.optional(),
    openLeads: fields.shape.openLeads,
    certification: fields.shape.certification.optional(),
    certificationExpires: fields.shape.certificationExpires.optional(),
    /** null removes it. */
    publicPhone: publicPhone.nullable().optional(),
    /** The whole list; empty: English only. */
    languages: languages.optional(),
  })
  .strict()
  .superRefine(npnRule)
  .refine((u) => Object.keys(u).length > 0, 'Give at least one of name, type, zip, capacity, openLeads, certification, certificationExpires, publicPhone, languages');

export type AssisterUpdate = z.infer<typeof assisterUpdateSchema>;

/** Why an assister asks to be suspended (domain.md, "Assister obligations and requests"). */
export const SUSPENSION_REASONS = ['no-new-leads', 'appointments-delayed'] as const;
export const suspensionSchema = z
  .object({ reason: z.enum(SUSPENSION_REASONS, { error: `reason must be one of ${SUSPENSION_REASONS.join(', ')}` }) })
  .strict();

const code = z.string({ error: 'code is required' }).trim().min(1, 'code is required').max(100, 'code is too long');
export const contactPointChangeSchema = z.object({ email: fields.shape.email }).strict();
export const contactPointConfirmSchema = z.object({ code }).strict();
/** A coordinator approves without a code; the assister with the code sent to its current contact point. */
export const contactPointApproveSchema = z.object({ code: code.optional() }).strict();

/**
 * An assister as the directory stores it: openLeads (those from outside PAL) is always known, the certification
 * id may be missing (assisters from before certification was recorded: decision in migration 009) but its
 * expiry date never is, a suspension says who imposed it, and the public phone may be missing.
 */
export type AssisterRecord = Omit<Assister, 'openLeads' | 'certification' | 'certificationExpires' | 'publicPhone' | 'languages'> & {
  openLeads: number;
  certification: string | null;
  certificationExpires: CalendarDate;
  publicPhone: string | null;
  suspendedBy: string | null;
  languages: string[];
};

/** Each field that differs, as [before, after]; `before` undefined when the assister is new. */
export function assisterChanges(before: Partial<AssisterRecord> | undefined, after: Partial<AssisterRecord>): Record<string, [unknown, unknown]> {
  const changes: Record<string, [unknown, unknown]> = {};
  for (const [field, value] of Object.entries(after)) {
    if (value === undefined || field === 'id') continue;
    const old = before?.[field as keyof AssisterRecord];
    const same = Array.isArray(value) ? JSON.stringify(old ?? []) === JSON.stringify(value) : old === value || (old == null && value === null);
    if (!same) changes[field] = [old ?? null, value];
  }
  return changes;
}

/** Who holds the suspension after a change by `by`: a coordinator's suspension stands until a coordinator lifts it. */
export function suspendedByAfter(before: Pick<AssisterRecord, 'status' | 'suspendedBy'> | undefined, status: Assister['status'], by: string, suspending: boolean): string | null {
  if (status !== 'suspended') return null;
  if (before?.status === 'suspended' && before.suspendedBy && !(suspending && by === 'coordinator')) return before.suspendedBy;
  return by;
}

/**
 * Decision (domain.md): a suspension is lifted by whoever may impose it: the assister lifts only its own, a
 * coordinator any. `requester` is "coordinator" or "assister:<id>".
 */
export function resumeRefusal(current: Pick<AssisterRecord, 'id' | 'status' | 'suspendedBy'>, requester: string): string | undefined {
  if (current.status !== 'suspended' || requester === 'coordinator' || requester === current.suspendedBy) return undefined;
  return `Assister ${current.id} was suspended by ${current.suspendedBy === 'coordinator' ? 'the coordinator' : current.suspendedBy}; only a coordinator can lift that suspension`;
}

/** How many days before a certification lapses the coordinator is alerted and the assister reminded. */
export const CERTIFICATION_ALERT_DAYS = 30;

/** Valid through its expiry date; lapsed from the day after (Minnesota dates). */
export const certificationLapsed = (expires: CalendarDate | undefined, today: CalendarDate) => expires === undefined || expires < today;

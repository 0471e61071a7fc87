// A preferred assister as the directory holds it (domain.md, "An assister in the directory").
import { z } from 'zod';
import { hasControlCharacters } from './text';
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

export const assisterSchema = z
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
  })
  .strict();

export type Assister = z.infer<typeof assisterSchema>;

/** What a coordinator may change in place. The contact point changes only through a confirmed change. */
export const assisterUpdateSchema = z
  .object({
    name: assisterSchema.shape.name.optional(),
    type: assisterSchema.shape.type.optional(),
    zip: assisterSchema.shape.zip.optional(),
    capacity: assisterSchema.shape.capacity.optional(),
    openLeads: assisterSchema.shape.openLeads,
  })
  .strict()
  .refine((u) => Object.keys(u).length > 0, 'Give at least one of name, type, zip, capacity, openLeads');

export type AssisterUpdate = z.infer<typeof assisterUpdateSchema>;

/** Why an assister asks to be suspended (domain.md, "Assister obligations and requests"). */
export const SUSPENSION_REASONS = ['no-new-leads', 'appointments-delayed'] as const;
export const suspensionSchema = z
  .object({ reason: z.enum(SUSPENSION_REASONS, { error: `reason must be one of ${SUSPENSION_REASONS.join(', ')}` }) })
  .strict();

export const contactPointChangeSchema = z.object({ email: assisterSchema.shape.email }).strict();
export const contactPointConfirmSchema = z.object({ code: z.string({ error: 'code is required' }).trim().min(1, 'code is required').max(100, 'code is too long') }).strict();

/** An assister as the directory stores it: openLeads (those from outside PAL) is always known. */
export type AssisterRecord = Omit<Assister, 'openLeads'> & { openLeads: number };

/** Each field that differs, as [before, after]; `before` undefined when the assister is new. */
export function assisterChanges(before: Partial<AssisterRecord> | undefined, after: Partial<AssisterRecord>): Record<string, [unknown, unknown]> {
  const changes: Record<string, [unknown, unknown]> = {};
  for (const [field, value] of Object.entries(after)) {
    if (value === undefined || field === 'id') continue;
    const old = before?.[field as keyof AssisterRecord];
    if (old !== value) changes[field] = [old ?? null, value];
  }
  return changes;
}

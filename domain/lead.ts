// A lead as the contact center sends it (domain.md, "A lead"), validated with zod. Every consumer field is PII:
// error messages name the field and the rule, never the value.
import { isValidPhoneNumber } from 'libphonenumber-js';
import { z } from 'zod';
import { navigatorOverrideRefusal } from './routing';
import { hasControlCharacters } from './text';
import { isMinnesotaZip } from './zip';

export const DETERMINATIONS = ['MA', 'MinnesotaCare', 'QHP'] as const;
export type Determination = (typeof DETERMINATIONS)[number];

const text = (label: string, max: number) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .max(max, `${label} must be at most ${max} characters`)
    .refine((s) => !hasControlCharacters(s), `${label} must be one line without control characters`);

const yesNo = (label: string) => z.boolean({ error: `${label} must be true or false` });

export const leadSchema = z
  .object({
    requestId: text('Request id', 100).optional(),
    consumer: z.object(
      {
        firstName: text('First name', 100),
        lastName: text('Last name', 100),
        phone: text('Phone number', 30).refine((p) => isValidPhoneNumber(p, 'US'), 'Phone number must be a valid US phone number'),
        email: z.email('Email must be a valid email address').max(254, 'Email must be at most 254 characters').optional(),
        zip: z.string({ error: 'ZIP code is required' }).refine(isMinnesotaZip, 'ZIP code must be a Minnesota ZIP code (5 digits)'),
        preferredLanguage: text('Preferred language', 50).optional(),
      },
      { error: 'Consumer contact information is required' },
    ),
    account: z.object(
      { active: yesNo('Account active'), userLogin: text('User login', 100).optional() },
      { error: 'Account information is required' },
    ),
    application: z.object({ active: yesNo('Application active') }, { error: 'Application information is required' }),
    determinations: z
      .array(z.enum(DETERMINATIONS, { error: `Each determination must be one of ${DETERMINATIONS.join(', ')}` }), {
        error: 'Determinations must be a list (empty when there is none)',
      })
      .refine((d) => new Set(d).size === d.length, 'Determinations must not repeat'),
    reasonForHelp: text('Reason for seeking help', 2000),
    planSelectionHelp: yesNo('Plan selection help'),
    guidanceProvided: text('Guidance provided', 2000),
    consentToShare: z.literal(true, { error: 'The consumer must consent to share their information with an assister: no consent, no lead' }),
    workingWithAssister: z.literal(false, { error: 'The consumer is already working with an assister: no lead is created' }),
    createdBy: text('Created by', 100),
    // Free text that may mention the consumer: kept with the lead in PostgreSQL, shown to staff only.
    navigatorOverride: z
      .object({ reason: text('Reason for sending to a navigator', 500) }, { error: 'Navigator override must be an object with a reason' })
      .strict()
      .optional()
      .describe('Send the lead to the closest eligible navigator although the rules choose a broker, with the reason (recorded, staff only)'),
  })
  .strict()
  .superRefine((lead, ctx) => {
    if (lead.account.userLogin && !lead.account.active)
      ctx.addIssue({ code: 'custom', path: ['account', 'userLogin'], message: 'User login is given only when the account is active' });
    const refusal = lead.navigatorOverride && navigatorOverrideRefusal({ applicationActive: lead.application.active, planSelectionHelp: lead.planSelectionHelp, determinations: lead.determinations });
    if (refusal) ctx.addIssue({ code: 'custom', path: ['navigatorOverride'], message: refusal });
  });

export type Lead = z.infer<typeof leadSchema>;

export interface FieldProblem {
  field: string;
  message: string;
}

export type LeadValidation = { ok: true; lead: Lead } | { ok: false; problems: FieldProblem[] };

/** Every problem at once, per field, in words a representative understands. */
export function validateLead(input: unknown): LeadValidation {
  const result = leadSchema.safeParse(input);
  if (result.success) return { ok: true, lead: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((i) => ({
      field: i.path.join('.') || '(lead)',
      message: i.code === 'unrecognized_keys' ? `Unknown field(s): ${i.keys.join(', ')}` : i.message,
    })),
  };
}

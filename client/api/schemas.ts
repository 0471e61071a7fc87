// What the API answers, as zod schemas: they serialize each reply (fields not listed here are not sent) and
// document it in the OpenAPI document. Request bodies are the domain's own schemas (domain/lead.ts, assister.ts,
// outcome-schemas.ts). The handlers' types are checked against these at compile time by the type provider.
import { z } from 'zod';
import { RESOLUTIONS } from '../../domain/resolutions';
import { ROUTING_RULES, SKIP_REASONS } from '../../domain/routing';
import { MAX_LISTED_PROBLEMS } from './report-submission';

const instant = z.string().describe('ISO 8601 instant');
const date = z.string().describe('YYYY-MM-DD');
export const assisterType = z.enum(['navigator', 'broker']);
const routingRule = z.enum(ROUTING_RULES);

export const errorSchema = z.object({
  error: z.string().describe('What went wrong, without echoing what was sent'),
  details: z
    .array(z.object({ record: z.number().int().optional(), field: z.string(), message: z.string() }))
    .optional()
    .describe('Every problem of a refused body, by field (and by record number for a directory import)'),
  requestId: z.string().optional().describe('The directory request that was refused'),
});

const refusalText = {
  400: 'The request is not valid: every problem, by field (values are never echoed)',
  401: 'No valid bearer token (missing, unknown or expired)',
  403: "Not allowed for the caller's role, or another assister's lead or organisation",
  404: 'Not found',
  409: 'Conflicts with what PAL holds',
  413: 'The body is larger than the limit',
  422: 'Refused by the rules',
  429: 'Too many requests: Retry-After says how many seconds to wait',
} as const;

/** Error replies of a route, each with PAL's error body; `also` adds route-specific wording. */
export const refusals = <C extends keyof typeof refusalText>(codes: C[], also: Partial<Record<C, string>> = {}) =>
  Object.fromEntries(codes.map((code) => [code, errorSchema.describe(also[code] ?? refusalText[code])])) as Record<C, typeof errorSchema>;

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const binary = z.custom<Buffer>((v) => Buffer.isBuffer(v)).meta({ type: 'string', format: 'binary' });
/** A workbook answer (the body is the .xlsx file, sent as an attachment). */
export const workbookReply = (description: string) => ({ description, content: { [XLSX]: { schema: binary } } });
/** A workbook request body, read as it comes (any content type). */
export const workbookBody = binary.describe('The completed .xlsx workbook, as the file itself');

export const leadStatusSchema = z
  .object({
    leadId: z.string(),
    reference: z.string().optional().describe('The lead reference people read, type and see in emails and workbooks; accepted wherever the lead id is'),
    status: z.enum(['routing', 'awaiting-assister', 'awaiting-contact', 'contacted', 'appointment-scheduled', 'resolved', 'closed-unresolved', 'withdrawn']),
    assignment: z.number().int(),
    assisterId: z.string().optional(),
    assisterName: z.string().optional(),
    assisterType: assisterType.optional(),
    rule: routingRule.optional(),
    distanceMiles: z.number().optional(),
    referredAt: instant.optional(),
    contactReminderAt: instant.optional(),
    contactDeadlineAt: instant.optional(),
    appointmentDeadlineAt: instant.optional(),
    contactDate: date.optional(),
    appointmentDate: date.optional(),
    resolution: z.string().optional(),
    withdrawalReason: z.enum(['consent-revoked', 'created-in-error']).optional().describe('Why a withdrawn lead was withdrawn'),
    escalated: z.boolean(),
    history: z.array(z.object({ at: instant, event: z.string(), detail: z.string().optional() })),
  })
  .describe('The lead as its workflow reports it: no consumer data');

export const routingDecisionSchema = z
  .object({
    assisterType,
    rule: routingRule,
    overriddenRule: routingRule.optional().describe('With rule navigator-by-representative: the rule that would have sent the lead to a broker'),
    assisterId: z.string().optional().describe('Absent when no assister of the type can take the lead'),
    distanceMiles: z.number().optional(),
    candidates: z.array(
      z.object({
        assisterId: z.string(),
        distanceMiles: z.number(),
        openLeads: z.number().int(),
        skipped: z.enum(SKIP_REASONS).optional(),
        speaksLanguage: z.boolean().optional().describe("With a preferred language other than English: whether the assister's staff speak it"),
      }),
    ),
    target: z.object({ assisterId: z.string(), ineligible: z.string().optional() }).optional().describe("A coordinator's named assister and why it was not eligible"),
    language: z
      .object({
        preferred: z.string(),
        spoken: z.boolean().describe('Whether the chosen assister speaks it'),
        closerPassedOver: z.object({ assisterId: z.string(), extraMiles: z.number() }).optional().describe('The closer eligible assister passed over for a speaker, and how many miles farther the speaker is'),
      })
      .optional()
      .describe("The consumer's preferred language (other than English) and how routing weighed it (PAL_LANGUAGE_EXTRA_MILES)"),
  })
  .describe('Why the lead would go where: the rule, the assister, and every candidate of the type, closest first');

const changes = z.record(z.string(), z.tuple([z.unknown(), z.unknown()])).describe('Each field changed, as [before, after]');

export const requestResultSchema = z
  .object({ requestId: z.string(), ok: z.boolean(), problem: z.string().optional(), changes: changes.optional(), moved: z.number().int().optional(), refused: z.number().int().optional() })
  .describe('What the directory request did');

export const assisterSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  type: assisterType,
  zip: z.string(),
  email: z.string().describe('The designated contact point'),
  status: z.enum(['active', 'suspended']),
  capacity: z.number().int(),
  openLeads: z.number().int().describe("Open leads from outside PAL plus PAL's own"),
  certification: z.string().nullable().describe("A navigator's certification id or a broker's NPN; null: none on record (an assister from before certification was recorded)"),
  certificationExpires: date.describe('The last day the certification is valid; routing skips the assister after it'),
  suspendedBy: z.string().nullable().describe('Who imposed the suspension: "coordinator" or "assister:<id>" (only they, or a coordinator, lift it)'),
  publicPhone: z.string().nullable().describe("The organization's phone number for consumers, given to the consumer when a lead is created; null: none on record"),
  pendingContactPoint: z.string().nullable().describe('A new contact point waiting for confirmation (and approval)'),
  languages: z.array(z.string()).describe("The languages its staff speak besides English; routing prefers a speaker of the consumer's language (PAL_LANGUAGE_EXTRA_MILES)"),
});

export const assisterShowSchema = assisterSummarySchema
  .extend({ history: z.array(z.object({ at: z.date(), kind: z.string(), changedBy: z.string(), change: z.record(z.string(), z.unknown()) })) })
  .describe('The assister and every change to it: who, when, and each field as [before, after]');

export const contactPointChangeSchema = z.object({
  changeId: z.string(),
  assisterId: z.string(),
  state: z.enum(['awaiting-confirmation', 'awaiting-approval', 'confirmed', 'cancelled', 'expired']).describe('confirmed: the change took effect'),
  escalated: z.boolean().optional(),
  approval: z
    .enum(['not-needed', 'awaiting', 'approved'])
    .optional()
    .describe("A change asked for with the assister's own token also needs the current contact point's or a coordinator's approval"),
});

export const assisterTokenSchema = z
  .object({ id: z.number().int(), issuedAt: z.date(), expiresAt: z.date(), lastUsedAt: z.date().nullable(), revokedAt: z.date().nullable() })
  .describe('An assister token (never the token itself): when it was issued, expires, last authenticated and was revoked');

export const submissionResultSchema = z
  .object({
    submissionId: z.number().int(),
    period: z.object({ referralsFrom: date, referralsTo: date }),
    duplicate: z.boolean().describe('The same file was received before: nothing changed'),
    rejectedFile: z.string().optional().describe('Why the file was refused whole (then no row was read)'),
    applied: z.number().int(),
    unchanged: z.number().int(),
    rejected: z.array(z.object({ row: z.number().int(), column: z.string(), reason: z.string() })).describe(`The first ${MAX_LISTED_PROBLEMS} row problems`),
    rejectedNotListed: z.number().int().optional().describe(`Row problems beyond the first ${MAX_LISTED_PROBLEMS}, counted but not listed`),
  })
  .describe('What came of the submission: rows applied, unchanged, and every rejected row with its column and reason');

const share = z.number().nullable().describe('A share from 0 to 1; null without leads');
export const periodMetricsSchema = z.object({
  period: z.object({ number: z.number().int(), referralsFrom: date, referralsTo: date }),
  assisters: z.array(
    z.object({
      assisterId: z.string(),
      periodNumber: z.number().int(),
      leadsReceived: z.number().int(),
      contactedWithinDeadline: share,
      businessHoursToContact: z.object({ contacted: z.number().int(), median: z.number().nullable(), p90: z.number().nullable() }),
      appointmentOrResolutionWithin14Days: share,
      resolutionMix: z.record(z.string(), z.number().int()).describe(`Leads by resolution: ${[...RESOLUTIONS, 'No resolution yet'].join('; ')}`),
      report: z.enum(['on-time', 'late', 'missing', 'pending', 'none']),
      escalations: z.number().int(),
    }),
  ),
  program: z
    .object({
      leads: z.number().int(),
      leadsByTypeAndCounty: z.array(z.object({ county: z.string(), navigator: z.number().int(), broker: z.number().int() })),
      createToEmailSentSeconds: z.object({ count: z.number().int(), p50: z.number().nullable(), p95: z.number().nullable() }),
      waitedForAssister: z.number().int(),
      geographicGaps: z.array(z.object({ county: z.string(), assisterType, nearestAssisterId: z.string().optional(), miles: z.number().nullable() })),
    })
    .optional()
    .describe('The program view (coordinator only)'),
  reviewFlags: z.array(z.object({ assisterId: z.string(), periodNumber: z.number().int(), flaggedAt: z.date(), figures: z.unknown() })),
});

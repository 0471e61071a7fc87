// pal lead create|deadlines|status|contact|appointment|resolve|decline|reassign. --lead takes the lead's reference
// (as emails and workbooks show it) or its id.
import { holidayCalendar } from '../../domain/business-days';
import { leadDeadlines } from '../../domain/deadlines';
import { minnesotaIso } from '../../domain/time';
import { leadConfig } from '../../platform/config';
import type { LeadStatusView } from '../../contracts/lead';
import { CliError, parseCommand, type CliOptions } from './args';
import { callApi } from './api-client';
import { readJsonFile } from './files';

const usage = `pal lead create --file lead.json [--json]
       pal lead deadlines --sent-at ISO-INSTANT [--json]
       pal lead status --lead ID [--json]
       pal lead contact --lead ID --date YYYY-MM-DD
       pal lead appointment --lead ID --date YYYY-MM-DD
       pal lead resolve --lead ID --contact-made Y|N [--date YYYY-MM-DD] --resolution "…" [--comment "…"]
       pal lead decline --lead ID --reason "…"
       pal lead reassign --lead ID --assister ASSISTER-ID [--reason "…"] [--override]   --override (with --reason): to an assister routing would pass over`;

const options: CliOptions = {
  file: { type: 'string' },
  json: { type: 'boolean' },
  'sent-at': { type: 'string' },
  lead: { type: 'string' },
  date: { type: 'string' },
  'contact-made': { type: 'string' },
  resolution: { type: 'string' },
  comment: { type: 'string' },
  reason: { type: 'string' },
  assister: { type: 'string' },
  override: { type: 'boolean' },
};

const show = (v: LeadStatusView) =>
  [
    `Lead ${v.reference ?? v.leadId}: ${v.status}`,
    v.assisterId ? `Assister: ${v.assisterName ?? v.assisterId} (${v.assisterId}, ${v.assisterType}), rule ${v.rule}, ${v.distanceMiles} miles` : `No assister yet`,
    v.contactDeadlineAt ? `Contact deadline: ${minnesotaIso(new Date(v.contactDeadlineAt))}` : undefined,
    v.appointmentDeadlineAt ? `Appointment deadline: ${minnesotaIso(new Date(v.appointmentDeadlineAt))}` : undefined,
    v.resolution ? `Resolution: ${v.resolution}` : undefined,
    v.escalated ? 'Escalated to the coordinator' : undefined,
  ]
    .filter(Boolean)
    .join('\n');

export async function leadCommand(argv: string[]): Promise<void> {
  const { positionals, values } = parseCommand(argv, options, usage);
  const str = (name: string) => {
    const v = values[name];
    if (typeof v !== 'string' || !v) throw new CliError(`--${name} is required\nusage: ${usage}`);
    return v;
  };
  const print = (v: LeadStatusView) => console.log(values.json ? JSON.stringify(v, null, 2) : show(v));
  const act = async (action: string, body: unknown) =>
    print((await callApi<LeadStatusView>('assister', 'POST', `/api/leads/${encodeURIComponent(str('lead'))}/${action}`, body)).body);

  switch (positionals[0]) {
    case 'create': {
      const { status, body } = await callApi<LeadStatusView>('contact-center', 'POST', '/api/leads', readJsonFile(values.file as string | undefined));
      if (!values.json && status === 200) console.log('This request was already received: the existing lead is shown.');
      return print(body);
    }
    case 'deadlines': {
      const sentAt = new Date(str('sent-at'));
      if (Number.isNaN(sentAt.getTime())) throw new CliError('--sent-at must be an ISO instant, e.g. 2026-11-25T15:00:00-06:00');
      const d = leadDeadlines(sentAt, holidayCalendar(leadConfig().holidayNames));
      const out = { contactReminderAt: minnesotaIso(d.contactReminderAt), contactDeadlineAt: minnesotaIso(d.contactDeadlineAt), appointmentDeadlineAt: minnesotaIso(d.appointmentDeadlineAt) };
      return console.log(values.json ? JSON.stringify(out, null, 2) : `Contact reminder:     ${out.contactReminderAt}\nContact deadline:     ${out.contactDeadlineAt}\nAppointment deadline: ${out.appointmentDeadlineAt}`);
    }
    case 'status':
      return print((await callApi<LeadStatusView>('coordinator', 'GET', `/api/leads/${encodeURIComponent(str('lead'))}`)).body);
    case 'contact':
      return act('contact', { contactDate: str('date') });
    case 'appointment':
      return act('appointment', { appointmentDate: str('date') });
    case 'resolve': {
      const made = str('contact-made').toUpperCase();
      if (made !== 'Y' && made !== 'N') throw new CliError('--contact-made must be Y or N');
      return act('resolution', {
        contactMade: made === 'Y',
        ...(values.date && { contactDate: values.date }),
        resolution: str('resolution'),
        ...(values.comment && { comment: values.comment }),
      });
    }
    case 'decline':
      return act('decline', { reason: str('reason') });
    case 'reassign':
      return print(
        (await callApi<LeadStatusView>('coordinator', 'POST', `/api/leads/${encodeURIComponent(str('lead'))}/reassign`, { assisterId: str('assister'), ...(values.reason && { reason: values.reason }), ...(values.override && { override: true }) })).body,
      );
    default:
      throw new CliError(`usage: ${usage}`);
  }
}

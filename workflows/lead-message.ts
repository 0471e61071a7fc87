// Announces one lead message by email, retried until the mail server takes it: an SMTP outage delays the email, it
// never loses it (the HTTP request that posted the message does not wait for SMTP).
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { LeadMessageNotice } from '../contracts/messages';
import { shortStep } from './activity-options';

const { sendLeadMessageNotice } = proxyActivities<Activities>(shortStep);

export async function leadMessageWorkflow(notice: LeadMessageNotice): Promise<void> {
  await sendLeadMessageNotice(notice.messageId);
}

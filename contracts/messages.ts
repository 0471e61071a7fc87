// The lead messages' contract: the workflow that tells the other side of a thread a message is waiting (the
// coordinators, or the assister's contact point). Its id names the message by its lead's id and its number, never
// the consumer or the text: a number alone repeats in another database on the same Temporal namespace (or after a
// restore), where a duplicate id would silently stop the email.

export const leadMessageWorkflowId = (leadId: string, messageId: number) => `lead-message-${leadId}-${messageId}`;

/** The message to announce; the activity reads who to tell and the lead's reference from PostgreSQL. */
export interface LeadMessageNotice {
  messageId: number;
}

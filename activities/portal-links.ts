// Where an email sends its reader in the assister portal (client/web): a lead's page, its Record contact form, the
// reports page, the organization's page. A link names a lead only by its reference, never by anything of the consumer.

/** The id of the lead page's Record contact form (client/web/lead-page.tsx). */
export const RECORD_CONTACT_ANCHOR = 'record-contact';

export function portalLinks(publicUrl: string) {
  const lead = (reference: string) => `${publicUrl}/portal/leads/${reference}`;
  return {
    lead,
    recordContact: (reference: string) => `${lead(reference)}#${RECORD_CONTACT_ANCHOR}`,
    reports: `${publicUrl}/portal/reports`,
    organization: `${publicUrl}/portal/organization`,
  };
}

// The intake form filled in for a browser test that is about what comes after it (the keyboard-alone filling of
// every field is test/browser/intake.test.ts's first journey).
import type { Page } from 'playwright-core';

export interface IntakeAnswers {
  firstName: string;
  lastName: string;
  phone: string;
  zip: string;
  /** The determination's label, e.g. 'Medical Assistance (MA)' or 'Qualified health plan (QHP)'. */
  determination: string;
}

export async function fillIntake(page: Page, a: IntakeAnswers): Promise<void> {
  for (const [label, value] of [['First name', a.firstName], ['Last name', a.lastName], ['Phone', a.phone], ['ZIP code', a.zip], ['Reason for help', 'Wants help'], ['Guidance provided', 'Explained']] as const)
    await page.getByLabel(label, { exact: true }).fill(value);
  for (const [question, yes] of [['Has an active account', false], ['Has a completed application', true], ['Asks for help choosing a plan', false], ['Consent to share', true], ['Already working with an assister', false]] as const)
    await page.getByRole('group', { name: question }).getByText(yes ? 'Yes' : 'No', { exact: true }).click(); // USWDS hides the input behind its label
  await page.getByText(a.determination, { exact: true }).click();
}

// Staff sign in in the browser as `npm run dev` lets them: the printed sign-in link, its Sign in button by keyboard,
// then their start page. A staff member is added on first use.
import type { Page } from 'playwright-core';
import { printedSignInLink } from '../../client/web/dev-sign-in';
import { webConfig } from '../../platform/config';
import type { Sql } from '../../store/database';
import { addStaff, type StaffMember } from '../../store/staff';
import { tabTo } from './browser';

const members = new Map<string, StaffMember>();

/** Signs in as the staff member (adding them with `role` if new) and waits for the page headed `startHeading`. */
export async function signInStaff(page: Page, ctx: { sql: Sql; url: string }, email: string, role: 'contact-center' | 'coordinator', startHeading = role === 'coordinator' ? 'Escalations' : 'Intake'): Promise<StaffMember> {
  let member = members.get(email);
  if (!member) {
    const added = await addStaff(ctx.sql, email, role, 'test');
    if ('problem' in added) throw new Error(added.problem);
    members.set(email, (member = added));
  }
  const link = new URL(await printedSignInLink(ctx.sql, webConfig({}), member));
  await page.context().clearCookies();
  await page.goto(`${ctx.url}${link.pathname}${link.search}`);
  await (await tabTo(page, 'button', 'Sign in')).press('Enter');
  await page.getByRole('heading', { name: startHeading, level: 1 }).waitFor();
  return member;
}

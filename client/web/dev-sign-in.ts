// Sign-in links that `npm run dev` prints for its dev coordinator and dev representative, so a person trying PAL
// signs in without an email round trip. No browser asked for them, so any browser may use one, once, within the
// session's maximum age; only the dev stack makes them.
import type { Sql } from '../../store/database';
import { insertSignIn } from '../../store/portal-sessions';
import type { StaffMember } from '../../store/staff';
import { newSecret, sha256, type WebSettings } from './session';

export async function printedSignInLink(sql: Sql, settings: WebSettings, staff: StaffMember): Promise<string> {
  const token = newSecret();
  await insertSignIn(sql, {
    email: staff.email,
    staffId: staff.id,
    anyBrowser: true,
    tokenSha256: sha256(token),
    // No code: a printed link is for this machine's browser.
    codeSha256: sha256(newSecret()),
    browserSha256: '',
    client: 'npm run dev',
    expiresAt: new Date(Date.now() + settings.sessionMaxSeconds * 1000),
  });
  return `${settings.publicUrl}/portal/sign-in/link?token=${token}`;
}

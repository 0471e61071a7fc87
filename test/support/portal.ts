// Signing in to the portal as a person does: ask for a link, read the email in Mailpit, press Sign in.
import type { Visitor } from './browserless';
import { eventually } from './eventually';
import { inbox } from './mail';

const SUBJECT = 'Your PAL sign-in link';
const signInMails = (to: string) => inbox().search({ subject: SUBJECT, to });

/** The newest sign-in email to an address once there are more than `before`: its link and its code. */
export async function nextSignInMail(to: string, before: number): Promise<{ link: URL; code: string }> {
  const mails = await eventually(() => signInMails(to), (m) => m.length > before);
  if (mails.length <= before) throw new Error(`No sign-in email to ${to} beyond the ${before} before`);
  // Mailpit lists the newest first.
  const text = (await inbox().message(mails[0]!.ID)).Text;
  return { link: new URL(/(http\S+\/portal\/sign-in\/link\?token=\S+)/.exec(text)![1]!), code: /enter this code: (\S+)/.exec(text)![1]! };
}

export const signInMailCount = async (to: string) => (await signInMails(to)).length;

export async function signIn(visitor: Visitor, email: string): Promise<void> {
  const before = await signInMailCount(email);
  await visitor.submit('/portal/sign-in', '/portal/sign-in', { email });
  const { link } = await nextSignInMail(email, before);
  const done = await visitor.submit(link.pathname + link.search, '/portal/sign-in/link', { token: link.searchParams.get('token')! });
  if (done.status !== 303) throw new Error(`sign-in failed with ${done.status}`);
}

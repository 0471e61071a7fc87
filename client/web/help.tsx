// The consumer's pages (issue 13): the "No one has contacted me" link of their notice, /help/<token>, in their
// language. No sign-in: the random token is the only key, and the link carries nothing about the consumer. Opening it
// changes nothing (mail scanners open links); Ask for a follow-up posts (CSRF), uses the link up for asking and
// signals the lead's workflow, which opens the coordinators' escalation and reminds the assister, once per
// assignment. Rate-limited per client, one indexed read per page.
import rateLimit from '@fastify/rate-limit';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ComponentChildren } from 'preact';
import { askFollowUpSignal, leadWorkflowId } from '../../contracts/lead';
import { clientKey } from '../../domain/client-key';
import { consumerLanguage } from '../../domain/consumer-language';
import { consumerTranslations, type ConsumerTexts } from '../../platform/consumer-translations';
import { FOLLOW_UP_LINK_DAYS, followUpLink, markFollowUpAsked, unmarkFollowUpAsked, type FollowUpLink } from '../../store/consumer-follow-ups';
import type { WebDeps } from './plugin';
import { sendPage } from './render';

/** Requests per client and minute: a person needs a few; guessing a 256-bit token is hopeless anyway. */
const REQUESTS_PER_MINUTE = 60;

type HelpState = 'open' | 'asked' | 'closed' | 'moved' | 'expired' | 'unavailable';

/** The page a link shows now: the lead decides, then the link. */
function stateOf(link: FollowUpLink | undefined): HelpState {
  if (!link || link.expired) return 'expired';
  if (link.closed) return 'closed';
  if (link.assignment !== link.leadAssignment || link.status === 'awaiting-assister') return 'moved';
  return link.asked ? 'asked' : 'open';
}

/** The consumer's frame: their language on <html>, no sign-in and no staff navigation. */
function ConsumerPage({ texts, heading, children }: { texts: ConsumerTexts; heading: string; children?: ComponentChildren }) {
  return (
    <html lang={texts.lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${heading} | PAL`}</title>
        <link rel="stylesheet" href="/assets/uswds/css/uswds.min.css" />
        <link rel="stylesheet" href="/assets/pal.css" />
      </head>
      <body>
        <a class="usa-skipnav" href="#main-content">
          {texts.t('page.skip')}
        </a>
        <header class="usa-header usa-header--basic">
          <div class="usa-nav-container pal-header">
            <div class="usa-navbar">
              <div class="usa-logo">
                <em class="usa-logo__text">{texts.t('page.header')}</em>
              </div>
            </div>
          </div>
        </header>
        <main id="main-content" class="grid-container pal-main" tabIndex={-1}>
          <h1>{heading}</h1>
          {children}
        </main>
        <footer class="usa-footer usa-footer--slim">
          <div class="grid-container pal-footer">{texts.t('page.footer')}</div>
        </footer>
      </body>
    </html>
  );
}

function HelpPage({ texts, state, link, csrf, token }: { texts: ConsumerTexts; state: HelpState; link?: FollowUpLink; csrf: string; token: string }) {
  const organization = link?.organization ?? '';
  if (state === 'open')
    return (
      <ConsumerPage texts={texts} heading={texts.t('page.title')}>
        <p class="usa-intro">{texts.t('page.organization', { organization })}</p>
        {link?.contactDeadlineAt && <p>{texts.t('page.deadline', { deadline: texts.when(link.contactDeadlineAt) })}</p>}
        <p>{link?.publicPhone ? texts.t('page.phone', { phone: link.publicPhone }) : texts.t('page.noPhone')}</p>
        <p>{texts.t('page.ask', { organization })}</p>
        <form class="usa-form" method="post" action={`/help/${token}`}>
          <input type="hidden" name="_csrf" value={csrf} />
          <button class="usa-button" type="submit">
            {texts.t('page.button')}
          </button>
        </form>
      </ConsumerPage>
    );
  const heading = texts.t(`page.${state}.heading`);
  return (
    <ConsumerPage texts={texts} heading={heading}>
      <p>{texts.t(`page.${state}.text`, { organization, days: FOLLOW_UP_LINK_DAYS })}</p>
      {state === 'asked' && link?.publicPhone && <p>{texts.t('page.phone', { phone: link.publicPhone })}</p>}
    </ConsumerPage>
  );
}

const STATUS: Record<HelpState, number> = { open: 200, asked: 200, closed: 200, moved: 200, expired: 410, unavailable: 503 };

export async function helpRoutes(app: FastifyInstance, { sql, client }: WebDeps): Promise<void> {
  // Read and checked at start-up, like the worker's.
  const translations = consumerTranslations();
  const textsFor = (link?: FollowUpLink) => translations[consumerLanguage(link?.preferredLanguage ?? undefined)];
  const tokenOf = (params: unknown) => String((params as { token?: unknown }).token ?? '');

  const show = (reply: FastifyReply, token: string, link: FollowUpLink | undefined, state = stateOf(link)) =>
    sendPage(reply, <HelpPage texts={textsFor(link)} state={state} link={link} csrf={reply.generateCsrf()} token={token} />, link || state !== 'expired' ? STATUS[state] : 404);

  await app.register(async (scope) => {
    await scope.register(rateLimit, { max: REQUESTS_PER_MINUTE, timeWindow: '1 minute', keyGenerator: (request) => clientKey(request.ip) });
    // The token is in the path, never in a log: PAL's servers log no requests.
    scope.get('/help/:token', async (request, reply) => {
      const token = tokenOf(request.params);
      return show(reply, token, await followUpLink(sql, token));
    });

    scope.post('/help/:token', { preHandler: scope.csrfProtection }, async (request, reply) => {
      const token = tokenOf(request.params);
      const link = await followUpLink(sql, token);
      // Only an open link asks, once: a second press, or a second tab, finds it asked.
      if (stateOf(link) !== 'open' || !(await markFollowUpAsked(sql, token))) return reply.redirect(`/help/${token}`, 303);
      try {
        await client.workflow.getHandle(leadWorkflowId(link!.leadId)).signal(askFollowUpSignal, { assignment: link!.assignment });
      } catch (err) {
        // A finished workflow: the lead closed meanwhile (its row says so now). Anything else: ask again later.
        if (!(err instanceof WorkflowNotFoundError)) {
          await unmarkFollowUpAsked(sql, token);
          console.error(`help: follow-up not signalled (${err instanceof Error ? err.name : 'error'})`);
          return show(reply, token, link, 'unavailable');
        }
      }
      return reply.redirect(`/help/${token}`, 303);
    });
  });
}

// The browser suites' harness itself (test/support/browser.ts), on pages served by a tiny local server: the shared
// Chromium answers, axe passes a good page and names what is wrong on a bad one, reflow at 320 CSS pixels is measured,
// and tabTo reaches controls by keyboard or says where the focus went.
import { existsSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect, expectNoAxeViolations, expectReflowAt320, tabTo, type BrowserSession } from '../support/browser';

const page = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title><style>body { font-family: sans-serif; margin: 1rem; } input { max-width: 100%; }</style></head>
<body>${body}</body></html>`;

const pages: Record<string, string> = {
  '/good': page(
    'Sign in - PAL',
    `<header><a href="#main">Skip to main content</a></header>
    <main id="main"><h1>Sign in</h1>
      <form method="post" action="/good">
        <label for="email">Email address</label>
        <input id="email" name="email" type="email" autocomplete="email">
        <button type="submit">Email me a sign-in link</button>
      </form>
      <div role="button" aria-label="Not focusable">Not focusable</div>
    </main>`,
  ),
  '/bad': page('Bad - PAL', `<main><h1>Bad</h1><img src="/nothing.png"><input name="q"></main>`),
  '/wide': page('Wide - PAL', `<main><h1>Wide</h1><table id="wide-table" style="width: 600px"><tr><td>a</td></tr></table></main>`),
};

let server: Server;
let base: string;
let session: BrowserSession;

beforeAll(async () => {
  server = createServer((req, res) => {
    const html = pages[req.url ?? ''];
    res.writeHead(html ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' }).end(html ?? page('Not found', '<main><h1>Not found</h1></main>'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  session = await connect();
});
afterAll(async () => {
  await session?.close();
  await new Promise((resolve) => server?.close(resolve));
});

/** The failure artefact a helper named in its message exists; it is removed (these failures are on purpose). */
function expectSavedFailure(message: string) {
  const png = /screenshot and HTML: (\S+\.png)/.exec(message)?.[1];
  expect(png && existsSync(png) && existsSync(png.replace(/\.png$/, '.html'))).toBe(true);
  rmSync(png!, { force: true });
  rmSync(png!.replace(/\.png$/, '.html'), { force: true });
}

const failureOf = async (check: Promise<unknown>) => {
  const err = await check.then(() => undefined, (e: unknown) => e as Error);
  if (!err) throw new Error('expected the check to fail');
  return err.message;
};

test('a good page: no axe violations, reflows at 320 px, and its controls are reached by Tab', async () => {
  const { page } = session;
  await page.goto(`${base}/good`);
  await expectNoAxeViolations(page, 'sign-in page');
  await expectReflowAt320(page, 'sign-in page');
  expect(page.viewportSize()).toEqual({ width: 1280, height: 800 }); // set back

  expect(await (await tabTo(page, 'link', 'Skip to main content')).textContent()).toBe('Skip to main content');
  const email = await tabTo(page, 'textbox', 'Email address');
  await page.keyboard.type('navigator@example.org');
  expect(await email.inputValue()).toBe('navigator@example.org');
  await tabTo(page, 'button', 'Email me a sign-in link', 1); // the next stop after the field
});

test('axe names each violation with its help and where it is', async () => {
  const { page } = session;
  await page.goto(`${base}/bad`);
  const message = await failureOf(expectNoAxeViolations(page, 'bad page'));
  expect(message).toMatch(/^bad page: \d+ axe violation\(s\) of WCAG 2\.1 A\/AA:/);
  expect(message).toContain('- image-alt (critical): Images must have alternative text');
  expect(message).toContain('at img');
  expect(message).toMatch(/- label \(critical\): Form elements must have labels\n {4}at input/);
  expectSavedFailure(message);
});

test('a page wider than 320 CSS pixels fails reflow, naming the widest element', async () => {
  const { page } = session;
  await page.goto(`${base}/wide`);
  const message = await failureOf(expectReflowAt320(page, 'wide page'));
  expect(message).toMatch(/^wide page: scrolls horizontally at 320 CSS pixels \(content \d+ px wide, window 320 px\)\. Widest: table#wide-table/);
  expect(page.viewportSize()).toEqual({ width: 1280, height: 800 });
  expectSavedFailure(message);
});

test('tabTo fails for a control the keyboard cannot reach, listing where the focus went', async () => {
  const { page } = session;
  await page.goto(`${base}/good`);
  const message = await failureOf(tabTo(page, 'button', 'Not focusable', 4));
  expect(message).toContain('tabTo: button "Not focusable" not reached in 4 presses of Tab. Focus went to:\n  a "Skip to main content"\n  input#email "Email address"\n  button "Email me a sign-in link"\n');
  expectSavedFailure(message);

  const missing = await failureOf(tabTo(page, 'button', 'No such button'));
  expect(missing).toContain('tabTo: no button named "No such button" on the page');
  expectSavedFailure(missing);
});

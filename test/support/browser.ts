// The browser suites' Chromium: one browser per jest run, launched by the global set-up (launchSharedBrowser) and
// reached by each suite over its WebSocket endpoint (connect). Helpers check what a page must be: no axe violations of
// WCAG 2.1 A/AA, reflow at 320 CSS pixels, and reachable by keyboard. A failing check saves a screenshot and the page's
// HTML under test-results/browser/ and names them in its message.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type BrowserServer, type Locator, type Page } from 'playwright-core';
import { chromiumPath, projectRoot } from '../../client/devstack/tools';

/** Where the set-up puts the shared browser's endpoint, or why there is none. */
const endpointVariable = 'PAL_TEST_BROWSER_WS';
const unavailableVariable = 'PAL_TEST_BROWSER_UNAVAILABLE';
export const failureDir = join(projectRoot, 'test-results', 'browser');

/**
 * Launches the run's Chromium (headless, about half a second) and puts its endpoint in process.env. A machine without
 * Chromium gets no browser and the reason instead, so only the browser suites fail, saying how to install it.
 */
export async function launchSharedBrowser(): Promise<BrowserServer | undefined> {
  let executablePath: string;
  try {
    executablePath = chromiumPath();
  } catch (err) {
    process.env[unavailableVariable] = (err as Error).message;
    return undefined;
  }
  // No sandbox: Chromium's sandbox cannot run as root (CI) nor in most containers; the pages it opens are our own.
  const server = await chromium.launchServer({ executablePath, headless: true, chromiumSandbox: false, args: ['--disable-dev-shm-usage'] });
  process.env[endpointVariable] = server.wsEndpoint();
  return server;
}

export interface BrowserSession {
  browser: Browser;
  /** A context of its own: cookies and storage start empty. */
  context: BrowserContext;
  page: Page;
  /** Closes the context and disconnects (the shared browser goes on). */
  close(): Promise<void>;
}

/** Connects to the run's shared Chromium and opens a new context with one page. */
export async function connect(options: BrowserContextOptions = {}): Promise<BrowserSession> {
  const endpoint = process.env[endpointVariable];
  if (!endpoint) throw new Error(process.env[unavailableVariable] ?? 'No shared browser: test/support/global-setup.ts launches it (run the suites through jest).');
  const browser = await chromium.connect(endpoint);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  const page = await context.newPage();
  return {
    browser,
    context,
    page,
    async close() {
      await context.close();
      await browser.close();
    },
  };
}

const wcag21AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Fails unless axe finds no WCAG 2.1 A or AA violation on the page as it is now; `label` names the page and state. */
export async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).withTags(wcag21AA).analyze();
  if (violations.length === 0) return;
  const list = violations.map((v) => [`- ${v.id} (${v.impact ?? 'no impact given'}): ${v.help}`, ...v.nodes.map((n) => `    at ${n.target.map(String).join(' ')}`)].join('\n'));
  throw new Error(`${label}: ${violations.length} axe violation(s) of WCAG 2.1 A/AA:\n${list.join('\n')}\n${await saveFailure(page, label)}`);
}

/**
 * Fails if the page scrolls horizontally at 320 CSS pixels wide (WCAG 1.4.10 Reflow), naming the widest elements.
 * The viewport is set back afterwards.
 */
export async function expectReflowAt320(page: Page, label = 'page'): Promise<void> {
  const before = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 640 });
  try {
    const result = await page.evaluate(() => {
      const { window, document } = globalThis as unknown as InPage;
      const width = window.innerWidth;
      const wide = [...document.querySelectorAll('body *')]
        .map((el) => ({ el, right: el.getBoundingClientRect().right }))
        .filter(({ right }) => right > width + 0.5)
        .sort((a, b) => b.right - a.right)
        .slice(0, 5)
        .map(({ el, right }) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.classList.length ? `.${[...el.classList].join('.')}` : ''} (right edge ${Math.round(right)} px)`);
      return { width, scrollWidth: document.documentElement.scrollWidth, wide };
    });
    if (result.scrollWidth > result.width) {
      throw new Error(`${label}: scrolls horizontally at 320 CSS pixels (content ${result.scrollWidth} px wide, window ${result.width} px). Widest: ${result.wide.join(', ') || 'none found'}\n${await saveFailure(page, `${label} at 320px`)}`);
    }
  } finally {
    if (before) await page.setViewportSize(before);
  }
}

/** Every check a page and state must pass: axe, then reflow at 320 CSS pixels. */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  await expectNoAxeViolations(page, label);
  await expectReflowAt320(page, label);
}

type Role = Parameters<Page['getByRole']>[0];

/**
 * Presses Tab until the element with this role and accessible name (exact) has the focus, as a keyboard user would
 * reach it, and returns that element's locator. Fails after `maxPresses`, listing where each press put the focus.
 */
export async function tabTo(page: Page, role: Role, name: string, maxPresses = 40): Promise<Locator> {
  const target = page.getByRole(role, { name, exact: true });
  if ((await target.count()) === 0) throw new Error(`tabTo: no ${role} named "${name}" on the page\n${await saveFailure(page, `tabTo ${role} ${name}`)}`);
  const focused = target.and(page.locator(':focus'));
  const visited: string[] = [];
  for (let press = 1; press <= maxPresses; press++) {
    await page.keyboard.press('Tab');
    if ((await focused.count()) > 0) return focused;
    visited.push(
      await page.evaluate(() => {
        const el = (globalThis as unknown as InPage).document.activeElement;
        if (!el || el.tagName === 'BODY') return '(nothing: the page itself)';
        const text = el.getAttribute('aria-label') ?? el.labels?.[0]?.textContent ?? el.textContent ?? '';
        return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} "${text.trim().replace(/\s+/g, ' ').slice(0, 60)}"`;
      }),
    );
  }
  throw new Error(`tabTo: ${role} "${name}" not reached in ${maxPresses} presses of Tab. Focus went to:\n  ${visited.join('\n  ')}\n${await saveFailure(page, `tabTo ${role} ${name}`)}`);
}

/**
 * Fails unless the element with this id has the focus within a moment (autofocus is applied at the page's next
 * rendering, which may come after the load event the navigation waited for).
 */
export async function expectFocusOn(page: Page, id: string, timeoutMs = 3_000): Promise<void> {
  try {
    await page.waitForFunction((wanted) => (globalThis as unknown as InPage).document.activeElement?.id === wanted, id, { timeout: timeoutMs });
  } catch {
    const focused = await page.evaluate(() => (globalThis as unknown as InPage).document.activeElement?.id ?? '');
    throw new Error(`expected the focus on #${id}, it is on ${focused ? `#${focused}` : 'an element without an id'}\n${await saveFailure(page, `focus ${id}`)}`);
  }
}

/** What the functions run inside the page use of it (this project's TypeScript has no DOM library). */
interface InPageElement {
  tagName: string;
  id: string;
  classList: ArrayLike<string> & Iterable<string>;
  textContent: string | null;
  labels?: ArrayLike<{ textContent: string | null }> | null;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { right: number };
}
interface InPage {
  window: { innerWidth: number };
  document: { documentElement: { scrollWidth: number }; activeElement: InPageElement | null; querySelectorAll(selector: string): Iterable<InPageElement> };
}

/** Saves a screenshot and the HTML of the page; returns a line naming them. */
async function saveFailure(page: Page, label: string): Promise<string> {
  try {
    mkdirSync(failureDir, { recursive: true });
    const base = join(failureDir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${label.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 60)}`);
    await page.screenshot({ path: `${base}.png`, fullPage: true });
    writeFileSync(`${base}.html`, await page.content());
    return `(screenshot and HTML: ${base}.png, .html)`;
  } catch (err) {
    return `(could not save a screenshot: ${(err as Error).message})`;
  }
}

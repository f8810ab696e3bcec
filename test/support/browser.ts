/**
 * Debian's Chromium driven by playwright-core (which never downloads a browser). The test
 * set-up installs the package; without it every browser spec fails at once, saying how to get it.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/modules/demo/demo-world.js';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_MISSING = `Debian's Chromium is not installed (${CHROMIUM}): apt-get install -y chromium`;

/** Without the background-networking flags Chromium keeps calling out, and this machine has no network. */
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A fresh profile each time (playwright's launchPersistentContext is how it takes --user-data-dir). */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(CHROMIUM_MISSING);
  const userDataDir = mkdtempSync(join(tmpdir(), 'evx-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 900 },
    locale: 'en-GB',
    timezoneId: 'Europe/Paris',
    acceptDownloads: true,
  });
  context.setDefaultTimeout(15_000);
  return {
    context,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** A new tab signed in as a demo user: each tab keeps its own token in memory, like a person's browser. */
export async function signIn(browser: Browser, baseUrl: string, email: string, path = '/console'): Promise<Page> {
  const page = await browser.context.newPage();
  const failures: string[] = [];
  page.on('pageerror', (error) => failures.push(error.message));
  page.on('console', (message) => {
    // The browser logs every 4xx answer; the console shows those to the user, as the specs check.
    if (message.type() === 'error' && !/^Failed to load resource: the server responded with a status of 4\d\d/.test(message.text())) failures.push(message.text());
  });
  (page as Page & { failures: string[] }).failures = failures;
  await page.goto(baseUrl + path);
  // The language chosen last is remembered in the profile: the specs read the English names.
  await page.locator('#language').selectOption('en');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return page;
}

/** Errors the page logged (a CSP refusal, an exception): a spec expects none. */
export function pageFailures(page: Page): string[] {
  return (page as Page & { failures?: string[] }).failures ?? [];
}

/** No serious or critical axe-core violation (WCAG 2.1 A and AA rules) on what the page shows. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const serious = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  const described = serious.map((violation) => `${violation.impact} ${violation.id}: ${violation.help} — ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  expect({ page: name, violations: described }).toEqual({ page: name, violations: [] });
}

const SCREENSHOTS = fileURLToPath(new URL('../../docs/screenshots', import.meta.url));

/**
 * With UPDATE_SCREENSHOTS=1, saves the page (or one element of it) for docs/; look at them
 * before committing. `settleMs` gives a plug-in (the PDF viewer) time to draw.
 */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean; element?: Locator; settleMs?: number } = {}): Promise<void> {
  if (process.env.UPDATE_SCREENSHOTS !== '1') return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  if (options.settleMs) await page.waitForTimeout(options.settleMs);
  const path = join(SCREENSHOTS, `${name}.png`);
  if (options.element) return void (await options.element.screenshot({ path }));
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path, fullPage: options.fullPage ?? false });
}

/** Figures a spec measures (never asserted as timings): printed for the report. */
export function report(title: string, figures: Record<string, string | number>): void {
  console.log(`${title}\n${Object.entries(figures).map(([key, value]) => `  ${key}: ${value}`).join('\n')}`);
}

/**
 * Code that runs in the page (as text: the server's TypeScript has no DOM types). The page's CSP
 * does not apply to what the browser is told through its debugging protocol.
 */
export const IN_PAGE = {
  /** Records each value the evidence progress bar shows, with its label, into window.progressSeen. */
  recordProgress: `(() => {
    const seen = [];
    window.progressSeen = seen;
    new MutationObserver(() => {
      const bar = document.querySelector('#evidence-progress');
      if (!bar) return;
      const label = document.querySelector('#evidence-progress-label')?.textContent ?? '';
      const last = seen.at(-1);
      if (!last || last.value !== bar.value || last.label !== label) seen.push({ label, value: bar.value });
    }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  })()`,
  progressSeen: 'window.progressSeen',
  /** Navigation timing, the console's own "interactive" mark, and the scripts fetched. */
  timing: `(() => {
    const navigation = performance.getEntriesByType('navigation')[0];
    const interactive = performance.getEntriesByName('evx:interactive')[0];
    const scripts = performance.getEntriesByType('resource').filter((entry) => entry.name.endsWith('.js'));
    return {
      interactive: interactive ? interactive.startTime : null,
      domContentLoaded: navigation.domContentLoadedEventEnd,
      load: navigation.loadEventEnd,
      scripts: scripts.map((entry) => ({ name: new URL(entry.name).pathname, transferred: entry.encodedBodySize })),
    };
  })()`,
  webStorage: 'JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage })',
  /** Main-thread tasks over 50 ms (Long Tasks API), collected into window.longTasks. */
  watchLongTasks: `(() => {
    window.longTasks = [];
    new PerformanceObserver((list) => { for (const entry of list.getEntries()) window.longTasks.push(entry.duration); }).observe({ type: 'longtask' });
  })()`,
  longTasks: 'window.longTasks',
  /** The focused element as `TAG:accessible text` (its text, trimmed). */
  focused: "(document.activeElement.tagName + ':' + (document.activeElement.tagName === 'MAIN' ? '' : document.activeElement.textContent.trim()))",
  /** The outline the focused element shows (the visible focus). */
  focusOutline: 'getComputedStyle(document.activeElement).outlineStyle',
  /** The focused element is the first one a Tab reaches in the document. */
  firstFocusable: "document.activeElement === document.querySelector('a[href], button, input, select, textarea, [tabindex]:not([tabindex=\"-1\"])')",
};

/**
 * The web console in Debian's Chromium against the real application: each person signs in in
 * a tab of their own and does their part through the buttons an outside check would use.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { verifyBundle } from '../libs/bundle/index.js';
import { expectAccessible, IN_PAGE, launchChromium, pageFailures, report, screenshot, signIn, type Browser } from './support/browser.js';
import { startConsoleServer, type ConsoleServer } from './support/console-server.js';
import { DEMO } from './support/demo-accounts.js';
import { demoDirectory, expectStatus, orderBody, ordersClient } from './support/orders.js';
import { DEMO_PASSWORD } from '../src/modules/demo/demo-world.js';
import { base32Decode, totpCode } from '../libs/pki/index.js';
import { authorityInput } from './support/factories.js';

const FLOW_TIMEOUT = 240_000;
const MB = 1024 * 1024;

let server: ConsoleServer;
let browser: Browser;
let providers: Awaited<ReturnType<typeof demoDirectory>>;

beforeAll(async () => {
  browser = await launchChromium();
  server = await startConsoleServer();
  providers = await demoDirectory(server);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Polls a condition for up to 15 seconds; answers whether it came true. */
async function eventually(condition: () => boolean): Promise<boolean> {
  for (const deadline = Date.now() + 15_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 100))) {
    if (condition()) return true;
  }
  return condition();
}

async function statusIs(page: Page, label: string): Promise<void> {
  await page.locator('.panel--summary .status', { hasText: new RegExp(`^${label}$`) }).waitFor();
}

async function openFromMenu(page: Page, menu: string, reference: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: menu }).click();
  await page.getByRole('link', { name: reference }).click();
  await page.getByRole('heading', { level: 1, name: `Order ${reference}` }).waitFor();
}

async function uploadEvidence(page: Page, name: string, bytes: Buffer): Promise<{ label: string; value: number }[]> {
  await page.evaluate(IN_PAGE.recordProgress);
  await page.getByLabel('File to upload').setInputFiles({ name, mimeType: 'application/octet-stream', buffer: bytes });
  await page.getByRole('button', { name: 'Upload evidence' }).click();
  await page.getByRole('status').filter({ hasText: `Uploaded ${name}.` }).waitFor({ timeout: 60_000 });
  return page.evaluate<{ label: string; value: number }[]>(IN_PAGE.progressSeen);
}

describe('the web console', () => {
  it('is interactive quickly for a signed-out visitor, with little JavaScript', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/console`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    const timing = await page.evaluate<{ interactive: number | null; domContentLoaded: number; load: number; scripts: { name: string; transferred: number }[] }>(IN_PAGE.timing);
    expect(timing.interactive).not.toBeNull();
    // What a signed-out visitor loads: the entry chunk only, none of the signed-in pages.
    const built = fileURLToPath(new URL('../dist/console', import.meta.url));
    const gzipped = timing.scripts.reduce((sum, script) => sum + readFileSync(join(built, `${script.name.replace(/^\/console\//, '')}.gz`)).length, 0);
    expect(timing.scripts.map((script) => script.name).join(' ')).not.toMatch(/Shell|OrderPage|DraftPage|Organisation/);
    expect(gzipped).toBeLessThan(250 * 1000);
    report('console, signed out (cold cache, test server on this machine)', {
      'sign-in form interactive (performance mark, ms after navigation start)': Math.round(timing.interactive!),
      'DOMContentLoaded (ms)': Math.round(timing.domContentLoaded),
      'load (ms)': Math.round(timing.load),
      'JavaScript files': timing.scripts.map((script) => script.name).join(', '),
      'JavaScript gzipped (bytes, budget 250 kB)': gzipped,
      'JavaScript as sent, brotli (bytes)': timing.scripts.reduce((sum, script) => sum + script.transferred, 0),
    });
    await expectAccessible(page, 'sign-in');
    await screenshot(page, 'sign-in');
    await page.getByLabel('Language').selectOption('fr');
    await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    await expectAccessible(page, 'sign-in (fr)');
    await page.getByLabel('Langue').selectOption('en');
    expect(pageFailures(page)).toEqual([]);
    await page.close();
  });

  it('takes the FR production order from draft to bundle across four sign-ins', async () => {
    // The officer drafts, watching the route as the facts come in, and submits.
    const officer = await signIn(browser, server.url, DEMO.ofacOfficer);
    await expectAccessible(officer, 'outbox');
    await officer.getByRole('link', { name: 'New order' }).first().click();
    await officer.getByRole('heading', { level: 1, name: 'New order' }).waitFor();
    await officer.getByLabel('Service provider').selectOption({ label: 'Examplegram (US)' });
    await officer.getByLabel('Case reference').fill('OFAC-2026-0412');
    await officer.getByRole('checkbox', { name: 'Content data' }).check();
    await officer.getByLabel('Identifier').fill('suspect.account.42');
    await officer.getByLabel('Description of the offence').fill('Online fraud through fake listings');
    await officer.getByLabel('Legal provisions').fill('Code pénal, art. 313-1');
    await officer.getByLabel('Maximum sentence (months)').fill('60');
    await officer.getByLabel('Summary of the case').fill('The suspect defrauded 40 victims through fake listings.');
    await officer.getByLabel('Grounds of necessity and proportionality').fill('The messages identify the accomplices.');
    const route = officer.getByRole('complementary', { name: 'Route' });
    await route.locator('.routing__summary', { hasText: 'European Production Order (EPOC), to Examplegram’s legal representative in IE.' }).waitFor();
    await route.getByText('Notified in IE, may raise grounds for refusal').waitFor();
    await route.getByText('European Preservation Order (EPOC-PR) — does not apply').waitFor();
    await expectAccessible(officer, 'new order');
    await screenshot(officer, 'new-order');
    await officer.getByRole('button', { name: 'Save draft' }).click();
    const heading = officer.getByRole('heading', { level: 1, name: /^Order EVX-/ });
    await heading.waitFor();
    const reference = (await heading.textContent())!.replace('Order ', '');
    await statusIs(officer, 'Draft');
    // Police may not issue content data alone: no Issue button, only submission.
    expect(await officer.getByRole('button', { name: 'Issue', exact: true }).count()).toBe(0);
    // Submitting asks which judicial authority validates: the directory's, of the types the route names.
    await officer.getByRole('button', { name: 'Submit for validation' }).click();
    await officer.getByLabel('Authority asked to validate').selectOption({ label: 'Tribunal judiciaire de Paris (Investigating judge)' });
    await expectAccessible(officer, 'submit for validation (authorities picker)');
    await officer.getByRole('button', { name: 'Submit for validation' }).click();
    await statusIs(officer, 'Awaiting validation');
    await expectAccessible(officer, 'order (awaiting validation)');

    // The judge finds it in the validation queue, reads it and approves.
    const judge = await signIn(browser, server.url, DEMO.parisJudge);
    await judge.getByRole('heading', { level: 1, name: 'Validation queue' }).waitFor();
    await expectAccessible(judge, 'validation queue');
    await judge.getByRole('link', { name: reference }).click();
    await judge.getByText('The suspect defrauded 40 victims through fake listings.').waitFor();
    await screenshot(judge, 'validation', { fullPage: true });
    await judge.getByRole('button', { name: 'Approve' }).click();
    await statusIs(judge, 'Issued');

    // The provider's legal team acknowledges; production waits for the Irish review.
    const provider = await signIn(browser, server.url, DEMO.examplegram);
    await expectAccessible(provider, 'inbox');
    await openFromMenu(provider, 'Inbox', reference);
    await provider.getByRole('button', { name: 'Acknowledge' }).click();
    await statusIs(provider, 'Acknowledged');
    expect(await provider.getByRole('button', { name: 'Produce' }).isDisabled()).toBe(true);
    const progress = await uploadEvidence(provider, 'mailbox.mbox', Buffer.alloc(20 * MB, 'evidence '));
    expect(progress.some((p) => p.label === 'Computing SHA-256')).toBe(true);
    const uploading = progress.filter((p) => p.label === 'Uploading').map((p) => p.value);
    expect(uploading.length).toBeGreaterThan(1);
    expect(uploading).toEqual([...uploading].sort((a, b) => a - b));
    await provider.getByRole('status').filter({ hasText: 'The exchange computed the same SHA-256 as this browser.' }).waitFor();
    await expectAccessible(provider, 'order (acknowledged, evidence uploaded)');
    await screenshot(provider, 'order-provider', { fullPage: true });
    // The EPOC, in French, in the page.
    await provider.getByLabel('Language of EPOC (Annex I), the addressee’s copy').selectOption('fr');
    await provider.getByRole('button', { name: 'Open EPOC (Annex I)' }).click();
    expect(await provider.locator('iframe[title^="PDF"]').getAttribute('src')).toMatch(/^blob:/);
    // Chromium's own PDF viewer takes the frame: the page's CSP let the PDF through.
    expect(await eventually(() => provider.frames().some((frame) => frame.url().startsWith('chrome-extension://')))).toBe(true);
    await screenshot(provider, 'document', { element: provider.locator('.pdf-viewer'), settleMs: 3000 });

    // The Irish enforcing authority raises no grounds.
    const reviewer = await signIn(browser, server.url, DEMO.irishReviewer);
    await openFromMenu(reviewer, 'Inbox', reference);
    await reviewer.getByRole('button', { name: 'Review' }).click();
    await reviewer.getByRole('radio', { name: 'No grounds for refusal' }).check();
    await expectAccessible(reviewer, 'review form');
    await reviewer.getByRole('button', { name: 'Review' }).click();
    await reviewer.getByRole('status').filter({ hasText: 'Done: Review.' }).waitFor();
    await reviewer.getByRole('cell', { name: 'Reviewed by the enforcing authority' }).waitFor();

    // The provider produces, target by target.
    await openFromMenu(provider, 'Inbox', reference);
    await provider.getByRole('button', { name: 'Produce' }).click();
    expect(await provider.getByRole('checkbox', { name: /^mailbox\.mbox/ }).isChecked()).toBe(true);
    expect(await provider.getByRole('checkbox', { name: 'Produced: suspect.account.42, Content data' }).isChecked()).toBe(true);
    await expectAccessible(provider, 'production form');
    await provider.getByRole('button', { name: 'Produce' }).click();
    await statusIs(provider, 'Produced');

    // The officer downloads the signed bundle, which verifies offline.
    await openFromMenu(officer, 'Outbox', reference);
    await statusIs(officer, 'Produced');
    await officer.getByRole('cell', { name: 'Produced', exact: true }).first().waitFor();
    expect(await officer.locator('.history .verified').count()).toBeGreaterThanOrEqual(6);
    await expectAccessible(officer, 'order (produced)');
    await screenshot(officer, 'order-produced', { fullPage: true });
    const [download] = await Promise.all([officer.waitForEvent('download'), officer.getByRole('button', { name: 'Download bundle' }).click()]);
    const folder = mkdtempSync(join(tmpdir(), 'evx-console-bundle-'));
    const saved = join(folder, download.suggestedFilename());
    await download.saveAs(saved);
    expect(download.suggestedFilename()).toBe(`${reference}-bundle.zip`);
    const verification = await verifyBundle(saved);
    rmSync(folder, { recursive: true, force: true });
    expect(verification.ok).toBe(true);

    for (const page of [officer, judge, provider, reviewer]) expect(pageFailures(page)).toEqual([]);
    await Promise.all([officer, judge, provider, reviewer].map((page) => page.close()));
  }, FLOW_TIMEOUT);

  it('puts an emergency at the top of the provider’s inbox and takes it to production', async () => {
    const api = ordersClient(server);
    const standard = expectStatus(await api.create(DEMO.ofacOfficer, orderBody(providers.Examplegram, { dataCategories: ['SUBSCRIBER'], caseReference: 'OFAC-2026-0500' })), 201).body;
    expectStatus(await api.act(DEMO.ofacOfficer, standard.id, 'submit'));
    expectStatus(await api.act(DEMO.parisJudge, standard.id, 'validate', { decision: 'APPROVE' }));
    const emergency = expectStatus(
      await api.create(
        DEMO.ofacOfficer,
        orderBody(providers.Examplegram, {
          caseReference: 'OFAC-2026-0501',
          dataCategories: ['SUBSCRIBER'],
          targets: [{ kind: 'EMAIL', value: 'kidnapper@example.com' }],
          emergency: { ground: 'LIFE', justification: 'A child is missing; the account holder is the suspect.' },
        }),
      ),
      201,
    ).body;
    // Police issue a low-tier emergency alone (to be validated within 48 hours).
    expectStatus(await api.act(DEMO.ofacOfficer, emergency.id, 'issue'));

    const provider = await signIn(browser, server.url, DEMO.examplegram);
    const rows = provider.locator('table.orders tbody tr');
    await rows.first().waitFor();
    const first = rows.first();
    expect(await first.getByRole('link').textContent()).toBe(emergency.reference);
    expect(await first.locator('.badge--emergency').textContent()).toBe('Emergency · 8 h');
    expect(await first.locator('.deadline__countdown').textContent()).toMatch(/^due in 7 h 5\d min$/);
    await screenshot(provider, 'inbox');
    await first.getByRole('link').click();
    await provider.getByRole('heading', { level: 1, name: `Order ${emergency.reference}` }).waitFor();
    await provider.getByRole('button', { name: 'Acknowledge' }).click();
    await statusIs(provider, 'Acknowledged');
    // Unsure the emergency is genuine, the legal team asks the issuing authority to confirm it...
    await provider.getByRole('button', { name: 'Ask the issuer to confirm' }).click();
    await provider.getByLabel('Why you ask the issuing authority to confirm').fill('The request came from an address we have not seen before.');
    await provider.getByRole('button', { name: 'Ask the issuer to confirm' }).click();
    const trust = provider.getByRole('region', { name: 'Can the order be trusted?' });
    await trust.getByText('Not countersigned yet').waitFor();
    await trust.getByText(/Examplegram: The request came from an address we have not seen before\./).waitFor();
    await expectAccessible(provider, 'emergency order, challenged');
    // ...and OFAC's duty officer, a second person, countersigns it. The provider's page shows it
    // within seconds, from the event stream (polling, only while the stream is down, waits 15 s).
    const duty = await signIn(browser, server.url, DEMO.ofacDuty);
    await openFromMenu(duty, 'Outbox', emergency.reference);
    await duty.getByRole('region', { name: 'Can the order be trusted?' }).getByText(/have not seen before/).waitFor();
    await duty.getByRole('button', { name: 'Countersign' }).click();
    await duty.getByLabel('Note').fill('Confirmed with the investigator by phone.');
    await expectAccessible(duty, 'countersign form');
    await duty.getByRole('button', { name: 'Countersign' }).click();
    await duty.getByRole('cell', { name: 'Countersigned' }).waitFor();
    await trust.getByText(/Countersigned by Nadia Benali/).waitFor({ timeout: 8000 });
    await screenshot(provider, 'emergency-safeguards', { element: trust });
    expect(pageFailures(duty)).toEqual([]);
    await duty.close();
    await uploadEvidence(provider, 'subscriber.csv', Buffer.from('email,name\nkidnapper@example.com,J. Doe\n'));
    await provider.getByRole('rowheader', { name: 'subscriber.csv' }).waitFor();
    await provider.getByRole('button', { name: 'Produce' }).click();
    await provider.getByRole('button', { name: 'Produce' }).click();
    await statusIs(provider, 'Produced');
    // The production is the sixth step: drafted, issued, acknowledged, challenged, countersigned, produced.
    await provider.getByRole('cell', { name: 'step 6' }).waitFor();
    expect(pageFailures(provider)).toEqual([]);
    await provider.close();
  }, FLOW_TIMEOUT);

  it('takes a UK overseas production order through the Home Office’s certification to the provider', async () => {
    // Applied for by the NCA and made by the Crown Court through the API; the Home Office certifies in the console.
    const api = ordersClient(server);
    const opo = expectStatus(
      await api.create(
        DEMO.ncaOfficer,
        orderBody(providers.Examplegram, {
          caseReference: 'NCA-2026-0788',
          offence: { description: 'Conspiracy to defraud, 40 victims of fake listings', legalProvisions: 'Criminal Law Act 1977 s.1; Fraud Act 2006 s.2', maxSentenceMonths: 120 },
          targetIsUsPerson: false,
          targetLocation: 'GB',
        }),
      ),
      201,
    ).body;
    expect(opo.instrument).toBe('UK_US_DAA');
    expectStatus(await api.act(DEMO.ncaOfficer, opo.id, 'submit'));
    expectStatus(await api.act(DEMO.crownCourtJudge, opo.id, 'validate', { decision: 'APPROVE' }));

    const homeOffice = await signIn(browser, server.url, DEMO.homeOffice);
    await homeOffice.getByRole('heading', { level: 1, name: 'Inbox' }).waitFor();
    await homeOffice.getByRole('link', { name: opo.reference }).click();
    await homeOffice.getByRole('heading', { level: 1, name: `Order ${opo.reference}` }).waitFor();
    await statusIs(homeOffice, 'Awaiting certification');
    const way = homeOffice.getByRole('region', { name: 'The way to the provider' });
    await way.getByText('Certification · GB').waitFor();
    await way.getByText('waiting for its decision').waitFor();
    await way.getByText('Home Office, UK Designated Authority').waitFor();
    // The Home Office reads the grounds it certifies on (Section M), and who made the order.
    await homeOffice.getByText('The suspect defrauded 40 victims through fake listings.').waitFor();
    await homeOffice.getByRole('heading', { name: 'Who takes part' }).waitFor();
    await expectAccessible(homeOffice, 'order awaiting certification');
    await screenshot(homeOffice, 'certification', { fullPage: true });
    await homeOffice.getByRole('button', { name: 'Certify' }).click();
    await statusIs(homeOffice, 'Issued');
    await way.getByText('passed on').waitFor();
    await homeOffice.getByRole('cell', { name: 'Certified' }).waitFor();
    // Certified, the order is in Examplegram's inbox.
    expect(expectStatus(await api.get(DEMO.examplegram, `orders/${opo.id}`)).body.status).toBe('ISSUED');
    expect(pageFailures(homeOffice)).toEqual([]);
    await homeOffice.close();
  }, FLOW_TIMEOUT);

  it('takes a French letter of request through the French central authority, and the British one refuses it', async () => {
    const api = ordersClient(server);
    const mla = expectStatus(
      await api.create(DEMO.parisProsecutor, orderBody(providers['Albion Mail'], { caseReference: 'PARQUET-2026-1107', targets: [{ kind: 'EMAIL', value: 'suspect@albionmail.example' }] })),
      201,
    ).body;
    expect(mla.instrument).toBe('MLA');
    expectStatus(await api.act(DEMO.parisProsecutor, mla.id, 'issue'));

    const bepi = await signIn(browser, server.url, DEMO.bepi);
    await openFromMenu(bepi, 'Inbox', mla.reference);
    await statusIs(bepi, 'Awaiting transmission');
    await bepi.getByRole('button', { name: 'Pass on', exact: true }).click();
    await statusIs(bepi, 'Awaiting recognition');
    await bepi.getByRole('region', { name: 'The way to the provider' }).getByText('passed on').waitFor();

    const ukca = await signIn(browser, server.url, DEMO.ukCentralAuthority);
    await openFromMenu(ukca, 'Inbox', mla.reference);
    await ukca.getByRole('button', { name: 'Refuse to pass on' }).click();
    // The reason is required: the API's field error lands on it.
    await ukca.getByRole('button', { name: 'Refuse to pass on' }).click();
    await ukca.getByLabel('Reason for refusing').and(ukca.locator('[aria-invalid="true"]')).waitFor();
    await expectAccessible(ukca, 'refuse to pass on, reason missing');
    await ukca.getByLabel('Reason for refusing').fill('The conduct is not an offence in the United Kingdom.');
    await ukca.getByRole('button', { name: 'Refuse to pass on' }).click();
    await statusIs(ukca, 'Refused on its way');
    await ukca.getByRole('cell', { name: 'Refused to pass on' }).waitFor();
    for (const page of [bepi, ukca]) expect(pageFailures(page)).toEqual([]);
    await Promise.all([bepi.close(), ukca.close()]);
  }, FLOW_TIMEOUT);

  it('takes a removal order from OFAC to Examplegram’s removal within the hour, and Ireland’s scrutiny', async () => {
    // OFAC, France's competent authority for removal orders, drafts and issues it in the console.
    const officer = await signIn(browser, server.url, DEMO.ofacOfficer);
    await officer.getByRole('link', { name: 'New order' }).first().click();
    await officer.getByRole('heading', { level: 1, name: 'New order' }).waitFor();
    await officer.getByRole('radio', { name: 'Removal' }).check();
    await officer.getByLabel('Service provider').selectOption({ label: 'Examplegram (US)' });
    await officer.getByLabel('Case reference').fill('OFAC-TCO-2026-0042');
    await officer.getByLabel('Identifier').fill('https://examplegram.example/p/9931');
    await officer.getByRole('checkbox', { name: /Incites the commission of terrorist offences/ }).check();
    await officer.getByLabel('Description of the content').fill('Video calling for attacks on places of worship');
    expect(await officer.getByLabel('Maximum sentence (months)').count()).toBe(0);
    const route = officer.getByRole('complementary', { name: 'Route' });
    await route.locator('.routing__summary', { hasText: 'Examplegram' }).waitFor();
    await expectAccessible(officer, 'new removal order');
    await officer.getByRole('button', { name: 'Save draft' }).click();
    const heading = officer.getByRole('heading', { level: 1, name: /^Order EVX-/ });
    await heading.waitFor();
    const reference = (await heading.textContent())!.replace('Order ', '');
    const orderId = new URL(officer.url()).pathname.split('/').pop()!;
    await statusIs(officer, 'Draft');
    await officer.getByRole('button', { name: 'Issue', exact: true }).click();
    await statusIs(officer, 'Issued');
    await officer.close();

    // Examplegram's legal team confirms the removal (Annex II) with the hash of what it removed.
    const legal = await signIn(browser, server.url, DEMO.examplegram);
    await openFromMenu(legal, 'Inbox', reference);
    const removal = legal.getByRole('region', { name: 'Removal order (Reg. 2021/784)' });
    await removal.getByText('IE: may still scrutinise').waitFor();
    await legal.getByRole('button', { name: 'Confirm removal' }).click();
    await legal.getByLabel('SHA-256 of item 1').fill('ab'.repeat(32));
    await legal.getByRole('checkbox', { name: /content provider was informed/ }).check();
    await expectAccessible(legal, 'removal form');
    await legal.getByRole('button', { name: 'Confirm removal' }).click();
    await statusIs(legal, 'Removed');
    await removal.getByText('within the hour').waitFor();
    await removal.getByText(`SHA-256 ${'ab'.repeat(32)}`).waitFor();
    expect(pageFailures(legal)).toEqual([]);
    await legal.close();

    // Ireland's competent authority had a copy (Art 4(1)). The API's inbox does not list the orders it
    // scrutinises yet, so it opens the order by its address, as a link in the copy's notification would.
    const ireland = await signIn(browser, server.url, DEMO.irishReviewer);
    await ireland.evaluate(`history.pushState(null, '', '/console/orders/${orderId}'); dispatchEvent(new PopStateEvent('popstate'));`);
    await ireland.getByRole('heading', { level: 1, name: `Order ${reference}` }).waitFor();
    await ireland.getByRole('button', { name: 'Decide on scrutiny' }).click();
    await ireland.getByLabel('Reason').fill('The video incites terrorist offences; the order is proportionate.');
    await expectAccessible(ireland, 'scrutiny form');
    await ireland.getByRole('button', { name: 'Decide on scrutiny' }).click();
    await ireland.getByRole('region', { name: 'Removal order (Reg. 2021/784)' }).getByText('IE: no infringement').waitFor();
    await statusIs(ireland, 'Removed');
    expect(await ireland.getByRole('button', { name: 'Decide on scrutiny' }).count()).toBe(0);
    expect(pageFailures(ireland)).toEqual([]);
    await ireland.close();
  }, FLOW_TIMEOUT);

  it('lets a judge refuse validation, with the API’s field error on the reason, and the officer amend and resubmit', async () => {
    const api = ordersClient(server);
    const order = expectStatus(await api.create(DEMO.ofacOfficer, orderBody(providers.Examplegram, { caseReference: 'OFAC-2026-0600' })), 201).body;
    expectStatus(await api.act(DEMO.ofacOfficer, order.id, 'submit'));

    const judge = await signIn(browser, server.url, DEMO.parisJudge);
    await judge.getByRole('link', { name: order.reference }).click();
    await judge.getByRole('button', { name: 'Refuse' }).click();
    await judge.getByRole('button', { name: 'Refuse' }).click();
    const reason = judge.getByLabel('Reason for refusing');
    // The API's own words, on the field they are about.
    await judge.locator('#field-reason-error', { hasText: /empty|required/ }).waitFor();
    expect(await reason.getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(judge, 'refusal with a field error');
    await reason.fill('The necessity of content data is not shown.');
    await judge.getByRole('button', { name: 'Refuse' }).click();
    // Refused, the draft goes back to the officer alone: the court no longer sees it.
    await judge.getByRole('status').filter({ hasText: 'Done: Refuse.' }).waitFor();
    await judge.getByText('This order is no longer shared with your organisation').waitFor();

    const officer = await signIn(browser, server.url, DEMO.ofacOfficer);
    await openFromMenu(officer, 'Outbox', order.reference);
    await statusIs(officer, 'Draft');
    await officer.getByRole('cell', { name: 'Validation refused' }).waitFor();
    await officer.getByRole('button', { name: 'Submit for validation' }).waitFor();
    await officer.getByRole('button', { name: 'Edit draft' }).click();
    await officer.getByRole('heading', { level: 1, name: `Edit draft ${order.reference}` }).waitFor();
    await expectAccessible(officer, 'edit draft');
    await officer.getByLabel('Grounds of necessity and proportionality').fill('The messages are the only record of who placed the fake listings.');
    await officer.getByRole('button', { name: 'Save changes' }).click();
    await officer.getByRole('heading', { level: 1, name: `Order ${order.reference}` }).waitFor();
    await officer.getByText('The messages are the only record of who placed the fake listings.').waitFor();
    await officer.getByRole('cell', { name: 'Amended' }).waitFor();
    await officer.getByRole('button', { name: 'Submit for validation' }).click();
    await officer.getByRole('button', { name: 'Submit for validation' }).click();
    await statusIs(officer, 'Awaiting validation');
    for (const page of [judge, officer]) expect(pageFailures(page)).toEqual([]);
    await Promise.all([judge.close(), officer.close()]);
  }, FLOW_TIMEOUT);

  it('shows the API’s field errors on the fields of the new-order form', async () => {
    const officer = await signIn(browser, server.url, DEMO.ofacOfficer, '/console/orders/new');
    await officer.getByLabel('Service provider').selectOption({ label: 'Nordtel (DE)' });
    await officer.getByLabel('Case reference').fill('OFAC-2026-0700');
    await officer.getByRole('checkbox', { name: 'Data to identify the user' }).check();
    await officer.getByLabel('Kind').selectOption({ label: 'IP address' });
    await officer.getByLabel('Identifier').fill('203.0.113.7');
    await officer.getByLabel('Description of the offence').fill('Ransomware attack');
    await officer.getByLabel('Legal provisions').fill('Code pénal, art. 323-1');
    await officer.getByLabel('Maximum sentence (months)').fill('60');
    await officer.getByRole('button', { name: 'Save draft' }).click();
    await officer.getByRole('alert').filter({ hasText: 'The exchange found 2 problem(s)' }).waitFor();
    for (const field of ['Source port', 'Time of use']) {
      const input = officer.getByLabel(field, { exact: true });
      expect(await input.getAttribute('aria-invalid')).toBe('true');
      const error = await officer.locator(`#${await input.getAttribute('id')}-error`).textContent();
      expect(error).toContain('carrier-grade NAT');
    }
    await expectAccessible(officer, 'new order with field errors');
    await screenshot(officer, 'field-errors');
    await officer.getByLabel('Source port', { exact: true }).fill('41234');
    await officer.getByLabel('Time of use', { exact: true }).fill('2026-09-01T12:15:30+02:00');
    await officer.getByRole('button', { name: 'Save draft' }).click();
    await statusIs(officer, 'Draft');
    expect(pageFailures(officer)).toEqual([]);
    await officer.close();
  }, FLOW_TIMEOUT);

  it('lets the operator register an organisation, add a user, and issue and revoke a certificate', async () => {
    const operator = await signIn(browser, server.url, DEMO.operator);
    await operator.getByRole('heading', { level: 1, name: 'Organisations' }).waitFor();
    await expectAccessible(operator, 'organisations');
    await operator.getByLabel('Name').fill('Parquet de Lyon');
    await operator.getByLabel('Country').fill('FR');
    await operator.getByLabel('Type of authority').selectOption('PROSECUTOR');
    await operator.getByRole('button', { name: 'Register organisation' }).click();
    await operator.getByRole('heading', { level: 1, name: 'Parquet de Lyon' }).waitFor();
    await operator.getByLabel('Email').fill('prosecutor@parquet-lyon.fr.demo');
    await operator.getByLabel('Name', { exact: true }).fill('Claire Morel');
    await operator.getByLabel('Password').fill('a-long-enough-password');
    await operator.getByRole('checkbox', { name: 'prosecutor' }).check();
    await operator.getByRole('button', { name: 'Create user' }).click();
    await operator.getByRole('status').filter({ hasText: 'User prosecutor@parquet-lyon.fr.demo created.' }).waitFor();
    // The people of the organisation, with their second factor.
    const people = operator.getByRole('region', { name: 'People' });
    await people.getByRole('cell', { name: 'prosecutor@parquet-lyon.fr.demo' }).waitFor();
    await operator.getByRole('button', { name: 'Issue custodial certificate' }).click();
    const row = operator.getByRole('region', { name: 'Certificates' }).locator('table tbody tr').first();
    await row.getByText('valid').waitFor();
    await expectAccessible(operator, 'organisation');
    await screenshot(operator, 'organisation', { fullPage: true });
    await row.getByRole('button', { name: /^Revoke certificate/ }).click();
    await row.getByLabel('Reason').selectOption('superseded');
    await row.getByRole('button', { name: /^Revoke certificate/ }).click();
    await row.getByText('revoked (superseded)').waitFor();
    // Suspended (an account taken over), then lifted.
    const suspension = operator.getByRole('region', { name: 'Suspension' });
    await suspension.getByLabel('Reason').fill('A prosecutor’s account was taken over.');
    await suspension.getByRole('button', { name: 'Suspend organisation' }).click();
    await operator.getByRole('status').filter({ hasText: 'Parquet de Lyon is suspended.' }).waitFor();
    await suspension.getByText(/A prosecutor’s account was taken over\./).waitFor();
    await expectAccessible(operator, 'organisation suspended');
    await suspension.getByRole('button', { name: 'Lift suspension' }).click();
    await operator.getByRole('status').filter({ hasText: 'The suspension of Parquet de Lyon is lifted.' }).waitFor();
    expect(pageFailures(operator)).toEqual([]);
    await operator.close();
  }, FLOW_TIMEOUT);

  it('lets a provider’s administrator subscribe a webhook, seeing its secret once, and delete it', async () => {
    const admin = await signIn(browser, server.url, DEMO.examplegram);
    await admin.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Webhooks' }).click();
    await admin.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
    await expectAccessible(admin, 'webhooks');
    await admin.getByLabel('Receiver URL').fill('https://hooks.examplegram.example/evidence-exchange');
    await admin.getByRole('checkbox', { name: /order\.received/ }).check();
    await admin.getByRole('button', { name: 'Subscribe' }).click();
    const secret = admin.getByLabel('Secret for https://hooks.examplegram.example/evidence-exchange');
    expect(await secret.inputValue()).toMatch(/^whsec_[A-Za-z0-9+/=]{20,}$/);
    await expectAccessible(admin, 'webhooks, secret shown');
    await screenshot(admin, 'webhooks', { fullPage: true });
    await admin.getByRole('button', { name: 'I have kept it' }).click();
    expect(await admin.getByText(/^whsec_/).count()).toBe(0);
    const item = admin.getByRole('listitem').filter({ has: admin.getByRole('heading', { name: 'https://hooks.examplegram.example/evidence-exchange' }) });
    await item.getByRole('button', { name: 'Show deliveries' }).click();
    await item.getByText('Nothing delivered yet.').waitFor();
    await item.getByRole('button', { name: 'Delete subscription' }).click();
    await item.getByRole('button', { name: 'Delete it: nothing more is sent' }).click();
    await admin.getByText('No subscriptions.').waitFor();
    expect(pageFailures(admin)).toEqual([]);
    await admin.close();
  }, FLOW_TIMEOUT);

  it('keeps an inbox of 1,000 orders quick to use: read by cursor, sorted by deadline, 50 rows at a time', async () => {
    const api = ordersClient(server);
    const created = expectStatus(await api.create(DEMO.ofacOfficer, orderBody(providers.Examplegram, { dataCategories: ['SUBSCRIBER'], caseReference: 'OFAC-2026-0800' })), 201).body;
    expectStatus(await api.act(DEMO.ofacOfficer, created.id, 'submit'));
    expectStatus(await api.act(DEMO.parisJudge, created.id, 'validate', { decision: 'APPROVE' }));
    const template = expectStatus(await api.get(DEMO.examplegram, `orders/${created.id}`)).body;
    // 1,000 orders as the API would list them (newest first), served to the page in its place.
    const statuses = ['ISSUED', 'ACKNOWLEDGED', 'CLARIFICATION_REQUESTED'];
    const base = Date.now();
    const orders = Array.from({ length: 1000 }, (_, i) => ({
      ...template,
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      reference: `EVX-2026-T${String(i).padStart(7, '0')}`,
      status: statuses[i % 10 === 9 ? 2 : i % 3 === 0 ? 1 : 0],
      clockSuspended: i % 10 === 9,
      dueAt: new Date(base + ((i * 7919) % 1000) * 15 * 60_000 - 3 * 3_600_000).toISOString(),
      createdAt: new Date(base - i * 60_000).toISOString(),
    }));
    const provider = await signIn(browser, server.url, DEMO.examplegram, `/console/organisations/${providers.Examplegram}`);
    const served: string[] = [];
    await provider.route('**/api/v1/orders?**', async (route) => {
      const url = new URL(route.request().url());
      served.push(url.search);
      const matching = orders.filter((order) => order.status === url.searchParams.get('status'));
      const offset = Number(url.searchParams.get('cursor') ?? 0);
      const limit = Number(url.searchParams.get('limit'));
      const items = matching.slice(offset, offset + limit);
      await route.fulfill({ json: { items, nextCursor: offset + limit < matching.length ? String(offset + limit) : null } });
    });
    await provider.evaluate(IN_PAGE.watchLongTasks);
    const started = Date.now();
    await provider.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Inbox' }).click();
    await provider.getByText('Inbox: 1000 orders, page 1 of 20').waitFor();
    const rendered = Date.now() - started;
    expect(await provider.locator('table.orders tbody tr').count()).toBe(50);
    // Read through the cursor, 200 at a time: 600 + 300 + 100 orders in 3 + 2 + 1 requests (and 1 for PRESERVED).
    expect(served.filter((search) => search.includes('status=ISSUED'))).toHaveLength(3);
    const firstDue = orders.filter((order) => !order.clockSuspended).map((order) => order.dueAt).sort()[0];
    expect(await provider.locator('table.orders tbody tr').first().getByRole('link').textContent()).toBe(orders.find((order) => order.dueAt === firstDue && !order.clockSuspended)!.reference);
    expect(await provider.locator('table.orders tbody tr').first().locator('.deadline__countdown').textContent()).toMatch(/^overdue by/);
    const paging = Date.now();
    await provider.getByRole('button', { name: 'Next page' }).click();
    await provider.getByText('Inbox: 1000 orders, page 2 of 20').waitFor();
    const paged = Date.now() - paging;
    // Ten seconds of live countdowns on the page.
    await provider.waitForTimeout(10_000);
    const longTasks = await provider.evaluate<number[]>(IN_PAGE.longTasks);
    report('console, inbox of 1,000 orders (synthetic answers, Chromium on this machine)', {
      'first page shown after the click (ms)': rendered,
      'next page shown after the click (ms)': paged,
      'requests to read them all': served.length,
      'long tasks (> 50 ms) since the inbox opened': longTasks.length,
      'longest task (ms)': Math.round(Math.max(0, ...longTasks)),
    });
    expect(pageFailures(provider)).toEqual([]);
    await provider.close();
  }, FLOW_TIMEOUT);

  it('can be used with the keyboard alone, with the focus always visible', async () => {
    const api = ordersClient(server);
    const order = expectStatus(await api.create(DEMO.ofacOfficer, orderBody(providers.Examplegram, { dataCategories: ['SUBSCRIBER'], caseReference: 'OFAC-2026-0900' })), 201).body;
    expectStatus(await api.act(DEMO.ofacOfficer, order.id, 'submit'));
    expectStatus(await api.act(DEMO.parisJudge, order.id, 'validate', { decision: 'APPROVE' }));

    const page = await browser.context.newPage();
    await page.goto(`${server.url}/console`);
    await page.locator('#language').selectOption('en');
    await page.getByLabel('Email').focus();
    await page.keyboard.type(DEMO.examplegram);
    await page.keyboard.press('Tab');
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    // Arriving on a page puts the focus on its heading; back up the page, the first stop skips to it.
    expect(await page.evaluate<string>(IN_PAGE.focused)).toBe('H1:Inbox');
    for (let i = 0; i < 10 && (await page.evaluate<string>(IN_PAGE.focused)) !== 'A:Skip to the main content'; i++) await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate<string>(IN_PAGE.focused)).toBe('A:Skip to the main content');
    expect(await page.evaluate<boolean>(IN_PAGE.firstFocusable)).toBe(true);
    expect(await page.evaluate<string>(IN_PAGE.focusOutline)).not.toBe('none');
    await page.keyboard.press('Enter');
    expect(await page.evaluate<string>(IN_PAGE.focused)).toBe('MAIN:');
    // Tab to the order, open it, tab to its first action and take it.
    for (let i = 0; i < 20 && (await page.evaluate<string>(IN_PAGE.focused)) !== `A:${order.reference}`; i++) await page.keyboard.press('Tab');
    expect(await page.evaluate<string>(IN_PAGE.focused)).toBe(`A:${order.reference}`);
    expect(await page.evaluate<string>(IN_PAGE.focusOutline)).not.toBe('none');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: `Order ${order.reference}` }).waitFor();
    for (let i = 0; i < 20 && (await page.evaluate<string>(IN_PAGE.focused)) !== 'BUTTON:Acknowledge'; i++) await page.keyboard.press('Tab');
    expect(await page.evaluate<string>(IN_PAGE.focusOutline)).not.toBe('none');
    await page.keyboard.press('Enter');
    await statusIs(page, 'Acknowledged');
    expect(pageFailures(page)).toEqual([]);
    await page.close();
  }, FLOW_TIMEOUT);

  it('says when the live updates are interrupted, and when they are back', async () => {
    const provider = await signIn(browser, server.url, DEMO.examplegram);
    await provider.getByRole('heading', { level: 1, name: 'Inbox' }).waitFor();
    // The stream cannot be opened (a proxy that cuts it, say): the header says so. (Polling the
    // orders changed meanwhile, every 15 s, is covered by console/src/orders/live.test.ts.)
    await provider.route('**/api/v1/events', (route) => route.abort('connectionreset'));
    const menu = provider.getByRole('navigation', { name: 'Main menu' });
    // A page without live content closes the stream; the inbox opens a new one.
    const leaveAndComeBack = async () => {
      await menu.getByRole('link', { name: 'My organisation' }).click();
      await provider.getByRole('heading', { level: 1, name: 'Examplegram' }).waitFor();
      await menu.getByRole('link', { name: 'Inbox' }).click();
      await provider.getByRole('heading', { level: 1, name: 'Inbox' }).waitFor();
    };
    await leaveAndComeBack();
    const interrupted = provider.getByRole('status').filter({ hasText: 'Live updates interrupted: reconnecting' });
    await interrupted.waitFor();
    await expectAccessible(provider, 'inbox, live updates interrupted');
    // Back: the next page that listens connects at once.
    await provider.unroute('**/api/v1/events');
    await leaveAndComeBack();
    await interrupted.waitFor({ state: 'detached' });
    // The browser logs each connection cut; nothing else went wrong.
    expect(pageFailures(provider).filter((failure) => !/ERR_CONNECTION_RESET/.test(failure))).toEqual([]);
    await provider.close();
  }, FLOW_TIMEOUT);

  it('keeps what was typed when the session ends, under a sign-in dialog, and goes on after signing in again', async () => {
    const officer = await signIn(browser, server.url, DEMO.ofacOfficer);
    await officer.getByRole('link', { name: 'New order' }).first().click();
    await officer.getByRole('heading', { level: 1, name: 'New order' }).waitFor();
    await officer.getByLabel('Case reference').fill('OFAC-2026-0777');
    await officer.getByLabel('Summary of the case').fill('Typed before the session ended.');
    await officer.getByLabel('Maximum sentence (months)').fill('60');
    // What an expired or revoked token gets: the API's 401 on the next request (here the route, asked as facts come in).
    const expired = JSON.stringify({ type: 'about:blank', title: 'Unauthorised', status: 401, detail: 'The token has expired.', code: 'UNAUTHENTICATED' });
    await officer.route('**/api/v1/routing/evaluate', (route) => route.fulfill({ status: 401, contentType: 'application/problem+json', body: expired }));
    await officer.getByLabel('Service provider').selectOption({ label: 'Examplegram (US)' });
    await officer.getByRole('checkbox', { name: 'Content data' }).check();
    const dialog = officer.getByRole('dialog', { name: 'Session expired' });
    await dialog.getByText('Your session has expired. Sign in again to carry on.').waitFor();
    await dialog.getByText(DEMO.ofacOfficer).waitFor();
    await expectAccessible(officer, 'session expired (dialog over the page)');
    expect(await officer.evaluate<string>(IN_PAGE.webStorage)).not.toMatch(/eyJ/);
    await officer.unroute('**/api/v1/routing/evaluate');
    await dialog.getByLabel('Password').fill(DEMO_PASSWORD);
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await dialog.waitFor({ state: 'detached' });
    // Nothing typed was lost, and the page works again.
    expect(await officer.getByLabel('Case reference').inputValue()).toBe('OFAC-2026-0777');
    expect(await officer.getByLabel('Summary of the case').inputValue()).toBe('Typed before the session ended.');
    await officer.getByLabel('Maximum sentence (months)').fill('48');
    await officer.getByRole('complementary', { name: 'Route' }).locator('.routing__summary', { hasText: 'European Production Order (EPOC)' }).waitFor();
    // Signing out from the dialog instead forgets the page.
    await officer.route('**/api/v1/routing/evaluate', (route) => route.fulfill({ status: 401, contentType: 'application/problem+json', body: expired }));
    await officer.getByLabel('Maximum sentence (months)').fill('36');
    await dialog.getByRole('button', { name: 'Sign out instead' }).click();
    await officer.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await officer.getByText('You are signed out.').waitFor();
    expect(pageFailures(officer)).toEqual([]);
    await officer.close();
  }, FLOW_TIMEOUT);

  it('has a person set up a second factor their organisation requires, sign in with a code, and the operator reset it', async () => {
    const bearer = async (email: string) => ({ authorization: `Bearer ${await server.login(email)}` });
    const organisation = (await server.http().post('/api/v1/organisations').set(await bearer(DEMO.operator)).send(authorityInput({ name: 'Politie Antwerpen', country: 'BE' })).expect(201)).body;
    const email = 'rechercheur@politie-antwerpen.be.demo';
    await server.http().post(`/api/v1/organisations/${organisation.id}/users`).set(await bearer(DEMO.operator)).send({ email, name: 'Lotte Peeters', password: DEMO_PASSWORD, roles: ['OFFICER'] }).expect(201);

    // The operator requires a second factor of the organisation's people.
    const operator = await signIn(browser, server.url, DEMO.operator, `/console/organisations/${organisation.id}`);
    await operator.getByRole('heading', { level: 1, name: 'Politie Antwerpen' }).waitFor();
    const panel = operator.getByRole('region', { name: 'Second factor' });
    await panel.getByText('Optional for its people').waitFor();
    await panel.getByRole('button', { name: 'Require a second factor' }).click();
    await operator.getByRole('status').filter({ hasText: 'Politie Antwerpen now requires a second factor of its people.' }).waitFor();
    await panel.getByText('Required of its people').waitFor();
    await expectAccessible(operator, 'organisation (second factor required)');

    // The officer signs in and lands on the enrolment, the only page open to her.
    const officer = await signIn(browser, server.url, email);
    await officer.getByRole('heading', { level: 1, name: 'Account security' }).waitFor();
    await officer.getByText('Politie Antwerpen requires a second factor of its people.', { exact: false }).waitFor();
    expect(await officer.getByRole('navigation', { name: 'Main menu' }).count()).toBe(0);
    await officer.getByRole('button', { name: 'Set up a second factor' }).click();
    await officer.getByRole('img', { name: 'QR code of the key for your authenticator app' }).waitFor();
    const key = (await officer.getByLabel('Key', { exact: true }).textContent())!.replace(/\s/g, '');
    expect(key).toMatch(/^[A-Z2-7]{32}$/);
    expect(await officer.getByLabel('The same key as a link (otpauth), for an app on this device').inputValue()).toContain(`secret=${key}`);
    await expectAccessible(officer, 'account security (enrolment)');
    await screenshot(officer, 'second-factor', { fullPage: true });
    const secret = base32Decode(key);
    const codeAt = (steps: number) => totpCode(secret, Date.now() / 1000 + steps * 30);
    await officer.getByLabel('Code the app shows now').fill(codeAt(0));
    await officer.getByRole('button', { name: 'Turn on the second factor' }).click();
    // The session goes on with a full token, where she was going.
    await officer.getByRole('heading', { level: 1, name: 'Outbox' }).waitFor();
    await officer.getByRole('link', { name: 'Account security' }).click();
    await officer.getByText('On: signing in asks for a code.').waitFor();
    await officer.getByText('Your organisation requires it, so it cannot be turned off.', { exact: false }).waitFor();
    await expectAccessible(officer, 'account security (second factor on)');
    await officer.getByRole('button', { name: 'Sign out' }).click();

    // From now on, sign-in asks for the code after the password.
    await officer.getByLabel('Email').fill(email);
    await officer.getByLabel('Password').fill(DEMO_PASSWORD);
    await officer.getByRole('button', { name: 'Sign in' }).click();
    const code = officer.getByLabel('One-time code');
    await code.waitFor();
    expect(await code.getAttribute('autocomplete')).toBe('one-time-code');
    expect(await code.getAttribute('inputmode')).toBe('numeric');
    await expectAccessible(officer, 'sign-in (one-time code)');
    await code.fill(codeAt(0) === '000000' ? '000001' : '000000');
    await officer.getByRole('button', { name: 'Verify' }).click();
    await officer.getByRole('alert').filter({ hasText: 'The code is not right, or was used already.' }).waitFor();
    await code.fill(codeAt(1));
    await officer.getByRole('button', { name: 'Verify' }).click();
    // Back where she signed out.
    await officer.getByRole('heading', { level: 1, name: 'Account security' }).waitFor();
    await officer.getByText('On: signing in asks for a code.').waitFor();
    expect(await officer.evaluate<string>(IN_PAGE.webStorage)).not.toMatch(/eyJ/);

    // Her phone is lost: the operator resets the factor; her page goes back to the enrolment at its next request.
    await operator.reload();
    await operator.getByLabel('Language').selectOption('en');
    await operator.getByLabel('Password').fill(DEMO_PASSWORD);
    await operator.getByLabel('Email').fill(DEMO.operator);
    await operator.getByRole('button', { name: 'Sign in' }).click();
    const people = operator.getByRole('region', { name: 'People' });
    await people.getByRole('row', { name: /Lotte Peeters/ }).getByText('On', { exact: true }).waitFor();
    await people.getByRole('button', { name: `Reset the second factor of ${email}` }).click();
    await people.getByRole('button', { name: `Reset the second factor of ${email} now` }).click();
    await operator.getByRole('status').filter({ hasText: `The second factor of ${email} is reset.` }).waitFor();
    await people.getByRole('row', { name: /Lotte Peeters/ }).getByText('Off', { exact: true }).waitFor();
    await expectAccessible(operator, 'organisation (people, after a reset)');
    await officer.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Inbox' }).click();
    await officer.getByRole('heading', { level: 1, name: 'Account security' }).waitFor();
    await officer.getByRole('button', { name: 'Set up a second factor' }).waitFor();
    expect(pageFailures(officer).filter((failure) => !/status of 403/.test(failure))).toEqual([]);
    expect(pageFailures(operator)).toEqual([]);
    await officer.close();
    await operator.close();
  }, FLOW_TIMEOUT);
});

import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { onboardOrganisation, OnboardedOrganisation } from '../support/onboarding';
import { MutableClock } from '../support/mutable-clock';
import { startTestApp, TestApp } from '../support/test-app';
import { issueCard, setIssuerSettings } from '../e2e/verification-fixtures';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const AXE_PATH = require.resolve('axe-core/axe.min.js');
const WCAG_21_AA_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts', 'verification');
const UNKNOWN_ESCN = '3e506370-826a-103d-bf76-001000000001';

interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[] }[];
}

describe('verification page in Chromium', () => {
  const clock = new MutableClock('2026-12-04T12:00:00Z');
  let testApp: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let modern: OnboardedOrganisation;
  let legacy: OnboardedOrganisation;
  const foreignRequests: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`No Chromium at ${CHROMIUM}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH to a Chromium binary`);
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    testApp = await startTestApp({ clock, listen: true });
    modern = await onboardOrganisation(testApp, { name: 'Université de Liège' });
    await setIssuerSettings(testApp, modern.organisationId, { newLogoAt: '2026-01-01' });
    legacy = await onboardOrganisation(testApp, { name: 'Uniwersytet Warszawski' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  });

  beforeEach(async () => {
    clock.set('2026-12-04T12:00:00Z');
    // The page's CSP forbids scripts, so axe-core can only be injected with CSP bypassed.
    context = await browser.newContext({ bypassCSP: true, viewport: { width: 390, height: 844 }, locale: 'en-GB' });
  });

  afterEach(async () => {
    await context.close();
  });

  /** Opens a path, failing on any request that leaves the router. */
  async function open(path: string, browserContext = context): Promise<Page> {
    const page = await browserContext.newPage();
    page.on('request', (request) => {
      if (!request.url().startsWith(testApp.baseUrl)) foreignRequests.push(request.url());
    });
    await page.goto(`${testApp.baseUrl}${path}`);

    return page;
  }

  /** Runs axe-core on the page and returns the WCAG 2.1 A and AA violations. */
  async function accessibilityViolations(page: Page): Promise<AxeViolation[]> {
    await page.addScriptTag({ path: AXE_PATH });

    return page.evaluate(async (tags) => {
      const axe = (window as unknown as { axe: { run(options: object): Promise<{ violations: AxeViolation[] }> } }).axe;
      const results = await axe.run({ runOnly: { type: 'tag', values: tags } });

      return results.violations.map(({ id, impact, help, nodes }) => ({ id, impact, help, nodes: nodes.map(({ target }) => ({ target })) }));
    }, WCAG_21_AA_TAGS);
  }

  async function checkPage(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(foreignRequests).toEqual([]);
  }

  it('shows a valid card', async () => {
    const { escn } = await issueCard(testApp, modern, { issuedAt: '2026-09-01', expiresAt: '2030-08-31' });

    const page = await open(`/${escn}`);

    expect(await page.locator('h2').innerText()).toBe('✓ Valid');
    expect(await page.locator('dl').innerText()).toContain('Université de Liège');
    expect(await page.locator('time').innerText()).toBe('31 August 2030');
    expect(await page.locator('.result p').count()).toBe(0);
    await checkPage(page, 'valid-en');
  });

  it('shows an expired card', async () => {
    const { escn } = await issueCard(testApp, modern, { issuedAt: '2025-09-01', expiresAt: '2026-08-31' });

    const page = await open(`/${escn}`);

    expect(await page.locator('h2').innerText()).toBe('✗ Expired');
    expect(await page.locator('dl').innerText()).toContain('Expired on');
    expect(await page.locator('.result p').innerText()).toBe('The expiry date of this card has passed.');
    await checkPage(page, 'expired-en');
  });

  it('shows an inactive card', async () => {
    const { escn } = await issueCard(testApp, modern, { cardStatusType: 'INACTIVE' });

    const page = await open(`/${escn}`);

    expect(await page.locator('h2').innerText()).toBe('✗ Not valid');
    expect(await page.locator('.result p').innerText()).toBe('The issuer has deactivated this card.');
    await checkPage(page, 'inactive-en');
  });

  it('shows an unknown card', async () => {
    const page = await open(`/${UNKNOWN_ESCN}`);

    expect(await page.locator('h2').innerText()).toBe('✗ Card not found');
    await checkPage(page, 'unknown-en');
  });

  it('shows the logo transition before and after 2028', async () => {
    const { escn } = await issueCard(testApp, legacy, { issuedAt: '2026-09-01', expiresAt: '2030-08-31' });

    const before = await open(`/${escn}`);
    expect(await before.locator('h2').innerText()).toBe('✓ Valid');
    expect(await before.locator('time').innerText()).toBe('31 December 2027');
    expect(await before.locator('.result p').innerText()).toContain('previous ESC logo');
    await checkPage(before, 'transition-2027-en');

    clock.set('2028-01-01T08:00:00Z');
    const after = await open(`/${escn}`);
    expect(await after.locator('h2').innerText()).toBe('✗ Not valid');
    expect(await after.locator('.result p').innerText()).toBe(
      'This card was issued with the previous ESC logo. Since 1 January 2028 only cards with the new ESC logo are valid.',
    );
    await checkPage(after, 'transition-2028-en');
  });

  it('speaks the Accept-Language and the chosen language', async () => {
    const { escn } = await issueCard(testApp, legacy, { issuedAt: '2026-09-01', expiresAt: '2030-08-31' });
    clock.set('2028-02-01T08:00:00Z');
    const french = await browser.newContext({ bypassCSP: true, viewport: { width: 390, height: 844 }, locale: 'fr-BE' });
    try {
      const page = await open(`/${escn}`, french);
      expect(await page.getAttribute('html', 'lang')).toBe('fr');
      expect(await page.locator('h1').innerText()).toBe('Vérifier une carte d’étudiant européenne');
      expect(await page.locator('h2').innerText()).toBe('✗ Non valide');
      expect(await page.locator('.result p').innerText()).toContain('ancien logo ESC');
      await checkPage(page, 'transition-2028-fr');

      await page.getByRole('link', { name: 'Deutsch' }).click();
      expect(page.url()).toBe(`${testApp.baseUrl}/${escn}?lang=de`);
      expect(await page.getAttribute('html', 'lang')).toBe('de');
      expect(await page.locator('h2').innerText()).toBe('✗ Nicht gültig');
      expect(await page.locator('.result p').innerText()).toContain('bisherigen ESC-Logo');
      await checkPage(page, 'transition-2028-de');
    } finally {
      await french.close();
    }
  });

  it('finds a card typed into the search form', async () => {
    const { escn } = await issueCard(testApp, modern);

    const page = await open('/verify?lang=pl');
    await checkPage(page, 'search-pl');
    await page.getByLabel('Numer Europejskiej Legitymacji Studenckiej (ESCN)').fill(escn.toUpperCase());
    await page.getByRole('button', { name: 'Sprawdź' }).click();

    expect(page.url()).toBe(`${testApp.baseUrl}/verify?escn=${escn.toUpperCase()}&lang=pl`);
    expect(await page.locator('h2').innerText()).toBe('✓ Ważna');
    expect(await page.locator('.escn').innerText()).toBe(escn);
    await checkPage(page, 'search-result-pl');
  });

  it('stays small enough for a phone', async () => {
    const { escn } = await issueCard(testApp, modern);

    const response = await fetch(`${testApp.baseUrl}/${escn}`);
    const html = await response.text();

    expect(Buffer.byteLength(html)).toBeLessThan(8 * 1024);
    expect(html).not.toMatch(/<script|<link|<img|@import|url\(/);
  });
});

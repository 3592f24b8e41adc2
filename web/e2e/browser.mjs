// What every browser test file shares: one `kinerja serve --demo` (server.mjs) and one headless
// Chromium per file, a fresh context per test, the browser's console errors collected per test,
// signing in through the form, and axe-core for the accessibility checks.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';
import { startServer } from './server.mjs';

const require = createRequire(import.meta.url);
export const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const EXECUTABLE = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Registers the file's before/after hooks; `session.server` is there once `before` has run. */
export function e2eSession() {
  const problems = []; // console errors (CSP violations above all) and page errors, per test
  const session = { server: null, browser: null, problems };
  before(async () => {
    session.server = await startServer();
    session.browser = await chromium.launch({ executablePath: EXECUTABLE, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  });
  after(async () => {
    await session.browser?.close();
    await session.server?.stop();
  });
  session.open = async ({ width = 1280, bypassCSP = false } = {}) => {
    const context = await session.browser.newContext({ viewport: { width, height: 900 }, locale: 'id-ID', bypassCSP });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    page.on('console', (m) => m.type() === 'error' && problems.push(`${m.text()} (${page.url()})`));
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    return page;
  };
  session.signIn = async (page, nip) => {
    await page.goto(`${session.server.base}/`);
    await page.getByLabel('NIP', { exact: true }).fill(nip);
    await page.getByLabel('Kata sandi', { exact: true }).fill('kinerja-demo');
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.getByRole('heading', { level: 1, name: 'Kinerja Saya' }).waitFor();
  };
  session.noProblems = () => {
    const seen = problems.splice(0);
    assert.deepEqual(seen, [], 'the browser reported errors');
  };
  session.login = (role) => session.server.logins[role].nip;
  return session;
}

// Screenshots of the main pages at desktop and phone width into docs/screenshots/, from a real
// `kinerja serve --demo` in Debian's chromium, and the first page's load time on the demo data.
// Run from web/: `npm run build && npm run screenshots`.
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from './server.mjs';

const OUT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'screenshots');
mkdirSync(OUT, { recursive: true });
const server = await startServer();
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-dev-shm-usage'] });
const WIDTHS = { desktop: 1280, phone: 390 };

async function shoot(name, role, go) {
  for (const [kind, width] of Object.entries(WIDTHS)) {
    const context = await browser.newContext({ viewport: { width, height: kind === 'phone' ? 844 : 900 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    await page.goto(`${server.base}/`);
    await page.getByRole('heading', { name: 'Masuk' }).waitFor();
    if (role) {
      await page.getByLabel('NIP', { exact: true }).fill(server.logins[role].nip);
      await page.getByLabel('Kata sandi', { exact: true }).fill('kinerja-demo');
      await page.getByRole('button', { name: 'Masuk' }).click();
      await page.getByRole('heading', { level: 1, name: 'Kinerja Saya' }).waitFor();
      await go(page);
    }
    await page.screenshot({ path: join(OUT, `${name}-${kind}.png`), fullPage: false });
    await context.close();
    console.log(`docs/screenshots/${name}-${kind}.png`);
  }
}

try {
  // first page load: a fresh browser context (empty cache), the sign-in page until usable,
  // then signing in until Kinerja Saya shows the SKP with its cascade
  const timings = [];
  for (let i = 0; i < 5; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const t0 = Date.now();
    await page.goto(`${server.base}/`);
    await page.getByRole('button', { name: 'Masuk' }).waitFor();
    const signInPage = Date.now() - t0;
    await page.getByLabel('NIP', { exact: true }).fill(server.logins['employee, SKP APPROVED'].nip);
    await page.getByLabel('Kata sandi', { exact: true }).fill('kinerja-demo');
    const t1 = Date.now();
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.getByRole('heading', { name: /Cascading/ }).waitFor();
    timings.push([signInPage, Date.now() - t1]);
    await context.close();
  }
  const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`sign-in page usable: median ${median(timings.map((x) => x[0]))} ms; sign in to Kinerja Saya: median ${median(timings.map((x) => x[1]))} ms (5 runs: ${JSON.stringify(timings)})`);

  await shoot('sign-in', null, async () => {});
  await shoot('kinerja-saya', 'employee, SKP APPROVED', async (page) => {
    await page.getByRole('heading', { name: /Cascading/ }).waitFor();
  });
  await shoot('skp-draft', 'employee, SKP DRAFT', async (page) => {
    await page.getByRole('heading', { name: 'Tambah RHK' }).scrollIntoViewIfNeeded();
  });
  await shoot('rater-team', 'supervisor', async (page) => {
    await page.getByRole('link', { name: 'Tim' }).click();
    await page.getByRole('table').waitFor();
  });
  await shoot('rater-approval', 'supervisor', async (page) => {
    await page.getByRole('link', { name: 'Persetujuan SKP' }).click();
    await page.getByRole('table').waitFor();
    await page.getByRole('link', { name: /^Periksa SKP/ }).first().click();
    await page.getByRole('heading', { name: 'Persetujuan SKP' }).last().scrollIntoViewIfNeeded();
  });
  await shoot('dashboard', 'agency head', async (page) => {
    await page.getByRole('link', { name: 'Dasbor Instansi' }).click();
    await page.getByRole('heading', { name: 'Progres per unit' }).waitFor();
  });
  await shoot('dashboard-panel', 'agency head', async (page) => {
    await page.getByRole('link', { name: 'Dasbor Instansi' }).click();
    const panel = page.locator('[data-panel="kesehatan/coverage-by-puskesmas"]');
    await panel.getByRole('img').waitFor();
    await panel.getByRole('heading').first().evaluate((h) => h.scrollIntoView({ block: 'start' }));
  });
  await shoot('organisation', 'agency admin', async (page) => {
    await page.getByRole('link', { name: 'Organisasi' }).click();
    await page.getByRole('heading', { name: /^Unit kerja \(\d+\)$/ }).waitFor();
    await page.getByRole('table').first().waitFor();
  });
  await shoot('periods', 'agency admin', async (page) => {
    await page.getByRole('link', { name: 'Periode', exact: true }).click();
    await page.getByRole('heading', { name: /^Periode \d{4}$/ }).waitFor();
    await page.getByRole('table').waitFor();
  });
  await shoot('kompetensi-saya', 'employee, SKP APPROVED', async (page) => {
    await page.getByRole('link', { name: 'Kompetensi', exact: true }).click();
    await page.getByRole('heading', { name: /^Jam pelajaran \(JP\)/ }).waitFor();
  });
  await shoot('kompetensi-kota', 'central admin (BKPSDM)', async (page) => {
    await page.goto(`${server.base}/#/kompetensi/kota`);
    await page.getByRole('heading', { name: 'Per instansi' }).waitFor();
  });
} finally {
  await browser.close();
  await server.stop();
}

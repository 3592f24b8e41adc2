// End-to-end: a real headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core,
// which never downloads a browser) against a real `kinerja serve --demo` serving web/dist.
// Every wait is on DOM state; there is no sleep. Run: `npm run build && npm run test:e2e`.
// The competency development walk is in kompetensi.test.mjs (its own server and time budget).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AXE, e2eSession } from './browser.mjs';
import { api } from './server.mjs';

const session = e2eSession();
const { open, signIn, noProblems, login, problems } = session;
// the running server (base, logins), once e2eSession's before hook has started it
const server = new Proxy({}, { get: (_, key) => session.server[key] });

const RHK = 'Tersusunnya rekap pemantauan kualitas air minum per kelurahan (e2e)';
const IKI = 'Jumlah rekap kualitas air yang disampaikan tepat waktu (e2e)';

test('a wrong password is refused with a message and the NIP field keeps focusable', async () => {
  const page = await open();
  await page.goto(`${server.base}/`);
  await page.getByLabel('NIP', { exact: true }).fill(login('employee, SKP DRAFT'));
  await page.getByLabel('Kata sandi', { exact: true }).fill('salah-sekali');
  await page.keyboard.press('Enter'); // the form works from the keyboard
  await page.getByRole('alert').filter({ hasText: /./ }).waitFor();
  const indonesian = await page.getByRole('alert').filter({ hasText: /./ }).textContent();
  assert.equal(await page.getByRole('heading', { name: 'Kinerja Saya' }).count(), 0);
  // in English the server's own message comes in English (Accept-Language follows the switch)
  await page.getByLabel('Bahasa').selectOption('en');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').filter({ hasText: /./ }).filter({ hasNotText: indonesian }).waitFor();
  await page.getByLabel('Language').selectOption('id');
  await page.context().close();
  problems.splice(0); // the 200 answer with a UserError is not a browser error; nothing else expected
});

test('the employee signs in and sees Kinerja Saya with the SKP of the year and its cascade', async () => {
  const page = await open({ width: 390 }); // a phone
  await signIn(page, login('employee, SKP DRAFT'));
  await page.getByText(server.logins['employee, SKP DRAFT'].name).first().waitFor();
  await page.getByRole('heading', { name: /Cascading/ }).waitFor();
  await page.getByRole('list', { name: /Cascading/ }).waitFor();
  assert.equal(await page.getByTestId('plan-status').textContent(), 'Draf');
  // the language switch: English labels, and the server's own messages follow
  await page.getByLabel('Bahasa').selectOption('en');
  await page.getByRole('heading', { level: 1, name: 'My performance' }).waitFor();
  await page.getByLabel('Language').selectOption('id');
  await page.getByRole('heading', { level: 1, name: 'Kinerja Saya' }).waitFor();
  await page.context().close();
  noProblems();
});

test('the employee drafts an RHK with an IKI and submits the SKP', async () => {
  const page = await open();
  await signIn(page, login('employee, SKP DRAFT'));
  const addRhk = page.locator('form', { has: page.getByRole('heading', { name: 'Tambah RHK' }) });
  // a bad input first: an empty description is refused by the server, named on the field
  await addRhk.getByRole('button', { name: 'Tambah RHK' }).click();
  await addRhk.locator('.error-text').waitFor();
  await addRhk.getByLabel('Uraian RHK').fill(RHK);
  await addRhk.getByLabel('RHK atasan yang diintervensi').selectOption({ index: 1 });
  await addRhk.getByRole('button', { name: 'Tambah RHK' }).click();
  const card = page.locator('article', { has: page.getByRole('heading', { name: RHK }) });
  await card.waitFor();
  await card.getByLabel('Uraian IKI').fill(IKI);
  await card.getByLabel('Target', { exact: true }).fill('12');
  await card.getByLabel('Satuan', { exact: true }).fill('rekap');
  await card.getByRole('button', { name: 'Tambah IKI' }).click();
  await card.getByRole('listitem').filter({ hasText: IKI }).waitFor();
  // the new RHK is in the cascade tree under the superior's RHK it intervenes
  await page.getByRole('list', { name: /Cascading/ }).getByText(RHK).waitFor();
  // submitting with an RHK that has no IKI is refused with the server's reason...
  const empty = page.locator('article').filter({ has: page.getByRole('button', { name: /^Hapus RHK/ }) }).filter({ hasNot: page.getByRole('button', { name: /^Hapus IKI/ }) });
  const submit = page.getByRole('button', { name: 'Ajukan SKP ke pejabat penilai' });
  if ((await empty.count()) > 0) {
    await submit.click();
    await page.getByRole('alert').filter({ hasText: 'belum memiliki IKI' }).waitFor();
  }
  // ...so every RHK gets one
  while ((await empty.count()) > 0) {
    const id = await empty.first().getAttribute('aria-labelledby');
    const rhk = page.locator(`article[aria-labelledby="${id}"]`);
    await rhk.getByLabel('Uraian IKI').fill('Persentase tugas teknis yang selesai sesuai SOP (e2e)');
    await rhk.getByLabel('Target', { exact: true }).fill('100');
    await rhk.getByLabel('Satuan', { exact: true }).fill('persen');
    await rhk.getByRole('button', { name: 'Tambah IKI' }).click();
    await rhk.getByRole('listitem').filter({ hasText: 'SOP (e2e)' }).waitFor();
  }
  await submit.click();
  await page.getByTestId('plan-status').filter({ hasText: 'Diajukan' }).waitFor();
  await page.context().close();
  noProblems();
});

test('the rater finds the SKP in the inbox and approves it with an ekspektasi khusus', async () => {
  const page = await open();
  await signIn(page, login('supervisor'));
  await page.getByRole('link', { name: 'Persetujuan SKP' }).click();
  const name = server.logins['employee, SKP DRAFT'].name;
  await page.getByRole('link', { name: `Periksa SKP ${name}` }).click();
  await page.getByRole('heading', { name: 'Persetujuan SKP' }).waitFor();
  await page.getByLabel('Berorientasi Pelayanan').fill('Menindaklanjuti keluhan warga dalam 2 hari kerja.');
  await page.getByRole('button', { name: 'Setujui SKP' }).click();
  await page.getByTestId('plan-status').filter({ hasText: 'Disetujui' }).waitFor();
  await page.getByText('Menindaklanjuti keluhan warga dalam 2 hari kerja.').waitFor();
  await page.context().close();
  noProblems();
});

test('the employee plans an action and records realisasi with an uploaded file; a wrong file is refused before upload', async () => {
  const page = await open();
  await signIn(page, login('employee, SKP DRAFT'));
  const plan = page.locator('article', { has: page.getByRole('heading', { level: 4, name: `Rencana aksi: ${RHK}` }) });
  await plan.getByLabel('Rencana aksi baru').fill('Mengumpulkan hasil uji sampel air dari 6 puskesmas');
  await plan.getByRole('button', { name: 'Tambah rencana aksi' }).click();
  await plan.getByRole('listitem').filter({ hasText: 'Mengumpulkan hasil uji sampel air' }).waitFor();
  const card = page.locator('article', { has: page.getByRole('heading', { level: 4, name: new RegExp(IKI.replace(/[()]/g, '\\$&')) }) });
  await card.getByLabel('Realisasi', { exact: true }).fill('3');
  await card.getByRole('button', { name: 'Simpan realisasi' }).click();
  const picker = card.getByLabel('Tarik berkas ke sini atau pilih berkas');
  await picker.waitFor();
  await picker.setInputFiles({ name: 'program.exe', mimeType: 'application/x-msdownload', buffer: Buffer.from('MZ....') });
  await card.getByText('program.exe: jenis berkas ini tidak diterima', { exact: false }).waitFor();
  await picker.setInputFiles({ name: 'rekap-desember.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% e2e\n1 0 obj <<>> endobj\n%%EOF\n') });
  await card.getByText('rekap-desember.pdf terunggah.').waitFor();
  await card.getByRole('listitem').filter({ hasText: 'rekap-desember.pdf' }).waitFor();
  assert.equal(await card.getByText('program.exe', { exact: false }).count(), 0, 'the refused file is not listed');
  await page.context().close();
  noProblems();
});

test("the rater's feedback appears on the employee's open page without a reload", async () => {
  const employee = await open();
  await signIn(employee, login('employee, SKP DRAFT'));
  await employee.locator('section[data-live="on"]').waitFor(); // the subscription's socket is up
  const rater = await open();
  await signIn(rater, login('supervisor'));
  await rater.getByRole('link', { name: 'Tim' }).click();
  await rater.getByRole('link', { name: server.logins['employee, SKP DRAFT'].name }).click();
  const form = rater.locator('form', { has: rater.getByRole('heading', { name: 'Beri umpan balik' }) });
  const text = `Rekap air minum sudah rapi; lampirkan juga peta sebarannya. (${Date.now()})`;
  await form.getByLabel('Umpan balik', { exact: true }).fill(text);
  await form.getByRole('button', { name: 'Kirim' }).click();
  await rater.getByTestId('feedback-list').getByText(text).waitFor();
  await employee.getByTestId('feedback-list').getByText(text).waitFor(); // pushed, never reloaded
  await employee.context().close();
  await rater.context().close();
  noProblems();
});

test('the rater evaluates: the predikat follows the matrix as the ratings change', async () => {
  const page = await open();
  await signIn(page, login('supervisor'));
  await page.getByRole('link', { name: 'Tim' }).click();
  await page.getByRole('link', { name: server.logins['employee, SKP DRAFT'].name }).click();
  const form = page.locator('form', { has: page.getByRole('heading', { name: 'Evaluasi kinerja' }) });
  // the period open now (the demo opens the current month): the last one offered
  const period = (await form.getByLabel('Periode').locator('option').last().textContent()).trim();
  await form.getByLabel('Periode').selectOption({ label: period });
  await form.getByLabel('Rating hasil kerja').selectOption('DI_ATAS_EKSPEKTASI');
  await form.getByLabel('Rating perilaku kerja').selectOption('DI_BAWAH_EKSPEKTASI');
  await form.getByText('Predikat menurut matriks: Kurang').waitFor();
  await form.getByLabel('Rating perilaku kerja').selectOption('DI_ATAS_EKSPEKTASI');
  await form.getByText('Predikat menurut matriks: Sangat Baik').waitFor();
  await form.getByRole('heading', { name: /^Kurva .* sebelum finalisasi$/ }).waitFor(); // the unit's kurva
  await form.getByRole('button', { name: 'Simpan evaluasi' }).click();
  const row = page.getByRole('row').filter({ hasText: period });
  await row.getByText('Sangat Baik').waitFor();
  await row.getByRole('button', { name: 'Finalkan evaluasi' }).click();
  await row.getByText('Final', { exact: true }).waitFor();
  await page.context().close();
  noProblems();
});

test('the agency dashboard shows the units 20 at a time: the head pages to the second page and drills down there', async () => {
  // Dinas Kesehatan gets more than 20 units (its admin adds them at the end, by id, so the
  // first page the other dashboard test reads stays as it was)
  const token = async (who) => (await api(server.base, 'mutation($nip: String!) { login(nip: $nip, password: "kinerja-demo") { ... on LoginSuccess { token } } }', { nip: login(who) })).login.token;
  const admin = await token('agency admin');
  const head = await token('agency head');
  const { me } = await api(server.base, '{ me { headOfAgencyIds } }', {}, head);
  const units = async (offset) => (await api(server.base, 'query($a: ID!, $o: Int) { agencyDashboard(agencyId: $a) { unitCount units(first: 20, offset: $o) { unit { id name parent { id } } } } }', { a: me.headOfAgencyIds[0], o: offset }, head)).agencyDashboard;
  const before = await units(0);
  const root = before.units.find((u) => !u.unit.parent).unit.id;
  for (let i = before.unitCount; i < 23; i++) {
    const { createUnit } = await api(server.base, 'mutation($i: CreateUnitInput!) { createUnit(input: $i) { __typename } }', { i: { parentId: root, code: `E2E-PAGE-${i}`, name: `Seksi Uji Halaman ${i}` } }, admin);
    assert.equal(createUnit.__typename, 'Unit');
  }
  const second = await units(20);
  const n = second.unitCount;
  assert.ok(n > 20 && second.units.length === n - 20);
  const page = await open();
  await signIn(page, login('agency head'));
  await page.getByRole('link', { name: 'Dasbor Instansi' }).click();
  const pager = page.getByRole('navigation', { name: 'Halaman unit' });
  await pager.getByText(`1-20 dari ${n} unit`).waitFor();
  assert.equal(await pager.getByRole('button', { name: 'Sebelumnya' }).isDisabled(), true);
  const table = page.getByRole('region', { name: 'Progres per unit' }).locator('tbody tr');
  assert.equal(await table.count(), 20);
  const answer = page.waitForResponse((r) => r.url().endsWith('/graphql') && (r.request().postData() ?? '').includes('"unitOffset":20'));
  await pager.getByRole('button', { name: 'Berikutnya' }).click();
  assert.equal((await answer).status(), 200);
  await pager.getByText(`21-${n} dari ${n} unit`).waitFor();
  assert.equal(await pager.getByRole('button', { name: 'Berikutnya' }).isDisabled(), true);
  const last = second.units.at(-1).unit.name;
  await page.getByRole('button', { name: last, exact: true }).waitFor();
  assert.equal(await table.count(), n - 20);
  // the drill-down works from the second page
  await page.getByRole('button', { name: last, exact: true }).click();
  await page.getByRole('heading', { name: `Rincian ${last}` }).waitFor();
  // and back to the first page
  await pager.getByRole('button', { name: 'Sebelumnya' }).click();
  await pager.getByText(`1-20 dari ${n} unit`).waitFor();
  await page.context().close();
  noProblems();
});

test('the head of Dinas Kesehatan sees the agency dashboard and drills down to a unit', async () => {
  const page = await open();
  await signIn(page, login('agency head'));
  await page.getByRole('link', { name: 'Dasbor Instansi' }).click();
  await page.getByRole('heading', { level: 2, name: 'Dinas Kesehatan' }).waitFor();
  await page.getByRole('heading', { name: 'Progres per unit' }).waitFor();
  await page.getByRole('img', { name: /per unit/ }).waitFor();
  // The figures the API counts, labelled with what they count: the page shows the API's number.
  const { login: l } = await api(server.base, 'mutation($nip: String!) { login(nip: $nip, password: "kinerja-demo") { ... on LoginSuccess { token } } }', { nip: login('agency head') });
  const { me: head } = await api(server.base, '{ me { headOfAgencyIds } }', {}, l.token);
  const { agencyDashboard: d } = await api(
    server.base,
    'query($a: ID!) { agencyDashboard(agencyId: $a) { year totals { employeesWithoutPlan annualEvaluationsDone } } }',
    { a: head.headOfAgencyIds[0] },
    l.token,
  );
  const withoutPlan = page.locator('.figure', { hasText: `Pegawai tanpa SKP ${d.year}` });
  assert.equal(await withoutPlan.locator('.big').textContent(), String(d.totals.employeesWithoutPlan));
  await page.locator('.figure', { hasText: 'Rata-rata capaian IKI s.d. hari ini' }).waitFor();
  await page.getByRole('columnheader', { name: 'Capaian IKI' }).waitFor();
  await page.getByRole('heading', { name: `Pegawai yang belum punya SKP ${d.year} (${d.totals.employeesWithoutPlan})` }).waitFor();
  await page.getByRole('button', { name: 'Seksi Surveilans dan Imunisasi' }).click();
  await page.getByRole('heading', { name: 'Rincian Seksi Surveilans dan Imunisasi' }).waitFor();
  // (scoped: the same person may also be listed under "to follow up")
  await page.getByRole('region', { name: 'Rincian Seksi Surveilans dan Imunisasi' }).getByRole('link', { name: server.logins['employee, SKP DRAFT'].name }).waitFor();
  await page.context().close();
  noProblems();
});

/** The head of an agency, found by name through the API as the central admin (setup only). */
async function headOf(agencyName) {
  const { login: l } = await api(server.base, 'mutation($nip: String!) { login(nip: $nip, password: "kinerja-demo") { ... on LoginSuccess { token } } }', { nip: login('central admin (BKPSDM)') });
  const { agencies } = await api(server.base, '{ agencies(first: 100) { id name } }', {}, l.token);
  const agency = agencies.find((a) => a.name === agencyName);
  const { employees } = await api(
    server.base,
    'query($a: ID!) { employees(filter: { agencyId: $a }, first: 100) { nodes { nip name currentPosition { isUnitHead unit { parent { id } } } } } }',
    { a: agency.id },
    l.token,
  );
  return employees.nodes.find((e) => e.currentPosition?.isUnitHead && !e.currentPosition.unit.parent);
}

test("the Dinas Kesehatan head sees the kesehatan plugin's panel drawn from its own operation", async () => {
  const page = await open();
  await signIn(page, login('agency head'));
  await page.getByRole('link', { name: 'Dasbor Instansi' }).click();
  const panel = page.locator('[data-panel="kesehatan/coverage-by-puskesmas"]');
  await panel.getByRole('heading', { name: 'Cakupan imunisasi per puskesmas' }).waitFor();
  await panel.getByRole('img', { name: 'Cakupan imunisasi per puskesmas' }).waitFor(); // the bar chart
  await panel.getByText('Tampilkan sebagai tabel').click();
  await panel.getByRole('columnheader', { name: 'Puskesmas' }).waitFor();
  assert.ok((await panel.getByRole('row').count()) > 2, 'a row per puskesmas');
  await page.context().close();
  noProblems();
});

test('a Dinas Pendidikan head does not see the kesehatan panel', async () => {
  const head = await headOf('Dinas Pendidikan');
  assert.ok(head, 'the demo has a head of Dinas Pendidikan');
  const page = await open();
  await signIn(page, head.nip);
  await page.getByRole('link', { name: 'Dasbor Instansi' }).click();
  await page.getByRole('heading', { level: 2, name: 'Dinas Pendidikan' }).waitFor();
  await page.getByTestId('plugin-panels').getByRole('heading', { name: 'Panel plugin' }).waitFor();
  await page.locator('[data-panel^="pendidikan/"]').first().waitFor(); // its own plugin's panels are there
  assert.equal(await page.locator('[data-panel^="kesehatan/"]').count(), 0);
  await page.context().close();
  noProblems();
});

test('no serious or critical accessibility violation (axe-core) on the main pages', async () => {
  const page = await open({ bypassCSP: true }); // only to inject axe-core
  const check = async (what) => {
    await page.evaluate(AXE);
    const result = await page.evaluate(async () => await globalThis.axe.run(document, { resultTypes: ['violations'] }));
    const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.deepEqual(
      bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`),
      [],
      `${what}: accessibility violations`,
    );
  };
  await page.goto(`${server.base}/`);
  await page.getByRole('heading', { name: 'Masuk' }).waitFor();
  await check('sign-in page');
  await signIn(page, login('supervisor'));
  await page.getByRole('heading', { name: /Cascading/ }).waitFor();
  await check('Kinerja Saya');
  await page.getByRole('link', { name: 'Tim' }).click();
  await page.getByRole('heading', { level: 1, name: 'Tim' }).waitFor();
  await page.getByRole('table').waitFor();
  await check('team');
  await page.getByRole('link', { name: server.logins['employee, SKP DRAFT'].name }).click();
  await page.getByRole('heading', { name: 'Evaluasi kinerja' }).waitFor();
  await check('SKP page (rater)');
  await page.context().close();
  const head = await open({ bypassCSP: true });
  await signIn(head, login('agency head'));
  await head.getByRole('link', { name: 'Dasbor Instansi' }).click();
  await head.getByRole('heading', { name: 'Progres per unit' }).waitFor();
  const checkHead = async () => {
    await head.evaluate(AXE);
    const result = await head.evaluate(async () => await globalThis.axe.run(document, { resultTypes: ['violations'] }));
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
  };
  assert.deepEqual(await checkHead(), [], 'agency dashboard: accessibility violations');
  await head.context().close();
  const admin = await open({ bypassCSP: true });
  await signIn(admin, login('central admin (BKPSDM)'));
  const checkAdmin = async () => {
    await admin.evaluate(AXE);
    const result = await admin.evaluate(async () => await globalThis.axe.run(document, { resultTypes: ['violations'] }));
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  };
  await admin.getByRole('link', { name: 'Plugin', exact: true }).click();
  await admin.locator('[data-plugin="kesehatan"] form').waitFor();
  assert.deepEqual(await checkAdmin(), [], 'plugins page: accessibility violations');
  await admin.getByRole('link', { name: 'Log audit' }).click();
  await admin.getByRole('table').waitFor();
  assert.deepEqual(await checkAdmin(), [], 'audit log: accessibility violations');
  await admin.getByRole('link', { name: 'Organisasi', exact: true }).click();
  await admin.getByRole('heading', { name: /^Unit kerja \(\d+\)$/ }).waitFor();
  await admin.getByRole('heading', { name: /^Pegawai \(\d+\)$/ }).waitFor();
  assert.deepEqual(await checkAdmin(), [], 'organisation page: accessibility violations');
  await admin.getByRole('link', { name: 'Periode', exact: true }).click();
  await admin.getByRole('heading', { name: /^Periode \d{4}$/ }).waitFor();
  assert.deepEqual(await checkAdmin(), [], 'periods page: accessibility violations');
  await admin.context().close();
  noProblems();
});

test("BKPSDM reads the audit log filtered by the employee: the SKP's submission is there", async () => {
  const page = await open();
  await signIn(page, login('central admin (BKPSDM)'));
  await page.getByRole('link', { name: 'Log audit' }).click();
  await page.getByLabel('NIP pelaku').fill(login('employee, SKP DRAFT'));
  await page.getByRole('button', { name: 'Saring' }).click();
  // the filtered answer replaces the unfiltered one: wait until every row is that actor's
  await page.waitForFunction((nip) => {
    const rows = [...document.querySelectorAll('main tbody tr')];
    return rows.length > 0 && rows.every((r) => r.children[1]?.textContent === nip) && rows.some((r) => r.children[2]?.textContent === 'plan.submit');
  }, login('employee, SKP DRAFT'));
  await page.context().close();
  noProblems();
});

test("BKPSDM changes a plugin's setting for an agency through the form its config schema gives", async () => {
  const page = await open();
  await signIn(page, login('central admin (BKPSDM)'));
  await page.getByRole('link', { name: 'Plugin', exact: true }).click();
  await page.getByLabel('Instansi').selectOption({ label: 'Dinas Kesehatan' });
  const card = page.locator('[data-plugin="kesehatan"]');
  await card.getByRole('heading', { name: /^kesehatan/ }).waitFor();
  await card.getByText('Aktif', { exact: true }).waitFor();
  const day = card.getByLabel('report_deadline_day');
  await day.fill('sepuluh'); // not a number: the server refuses, naming the setting
  await card.getByRole('button', { name: 'Simpan pengaturan kesehatan' }).click();
  await card.getByRole('alert').filter({ hasText: 'report_deadline_day' }).waitFor();
  await day.fill('12');
  await card.getByRole('button', { name: 'Simpan pengaturan kesehatan' }).click();
  await card.getByText('Pengaturan tersimpan.').waitFor();
  await page.reload();
  await page.getByLabel('Instansi').selectOption({ label: 'Dinas Kesehatan' });
  await page.waitForFunction(() => document.querySelector('[data-plugin="kesehatan"] input[name="report_deadline_day"]')?.value === '12');
  await page.context().close();
  noProblems();
});

test('a temporary password must be changed first; a weak new one is refused on its field', async () => {
  // setup through the API: BKPSDM resets an employee's password (a temporary one)
  const { login: l } = await api(server.base, 'mutation($nip: String!) { login(nip: $nip, password: "kinerja-demo") { ... on LoginSuccess { token } } }', { nip: login('central admin (BKPSDM)') });
  const nip = login('functional, evaluated');
  const { employees } = await api(server.base, 'query($s: String!) { employees(filter: { search: $s }, first: 5) { nodes { id nip } } }', { s: nip }, l.token);
  const employeeId = employees.nodes.find((e) => e.nip === nip).id;
  const temporary = 'Sementara-Kalbar-2026';
  const { resetPassword } = await api(server.base, 'mutation($id: ID!, $p: String!) { resetPassword(employeeId: $id, password: $p) { __typename ... on AccountInfo { mustChangePassword } } }', { id: employeeId, p: temporary }, l.token);
  assert.equal(resetPassword.mustChangePassword, true);

  const page = await open({ width: 390 });
  await page.goto(`${server.base}/`);
  await page.getByLabel('NIP', { exact: true }).fill(nip);
  await page.getByLabel('Kata sandi', { exact: true }).fill(temporary);
  await page.getByRole('button', { name: 'Masuk' }).click();
  await page.getByRole('heading', { name: 'Ganti kata sandi' }).waitFor();
  assert.equal(await page.getByRole('navigation').count(), 0, 'nothing else is reachable before the change');
  await page.getByLabel('Kata sandi saat ini').fill(temporary);
  await page.getByLabel('Kata sandi baru', { exact: true }).fill('pendek');
  await page.getByLabel('Ulangi kata sandi baru').fill('pendek');
  await page.getByRole('button', { name: 'Simpan' }).click();
  await page.locator('.field--error').getByText(/./).first().waitFor(); // the server's policy message on the field
  const fresh = 'Khatulistiwa-Tugu-Equator-7';
  await page.getByLabel('Kata sandi baru', { exact: true }).fill(fresh);
  await page.getByLabel('Ulangi kata sandi baru').fill(fresh);
  await page.getByRole('button', { name: 'Simpan' }).click();
  await page.getByRole('heading', { level: 1, name: 'Kinerja Saya' }).waitFor();
  await page.context().close();
  noProblems();
});

test('the agency admin adds a unit and sees it listed; a bad code is refused on its field; renames it; a stale edit is a Conflict', async () => {
  const page = await open({ width: 390 }); // phone width
  await signIn(page, login('agency admin'));
  await page.getByRole('link', { name: 'Organisasi' }).click();
  await page.getByRole('heading', { level: 1, name: 'Organisasi' }).waitFor();
  const form = page.locator('form', { has: page.getByRole('heading', { name: 'Tambah unit' }) });
  const code = form.getByLabel('Kode', { exact: true });
  await code.fill('BAD CODE!');
  await form.getByLabel('Nama unit', { exact: true }).fill('Subbagian Uji Coba (e2e)');
  await form.getByRole('button', { name: 'Tambah unit' }).click();
  // the server's ValidationError names the field `code`: shown on it and tied to it
  await page.locator('input[name="code"][aria-invalid="true"]').waitFor();
  const describedBy = await code.getAttribute('aria-describedby');
  const errorId = describedBy.split(' ').find((x) => x.endsWith('-error'));
  assert.match(await page.locator(`[id="${errorId}"]`).textContent(), /tidak valid: A-Z, 0-9, - _ \./);
  assert.equal(await page.getByRole('rowheader', { name: 'Subbagian Uji Coba (e2e)' }).count(), 0, 'nothing written');
  await code.fill('UJI-E2E');
  await form.getByRole('button', { name: 'Tambah unit' }).click();
  await page.getByText('Unit Subbagian Uji Coba (e2e) ditambahkan.').waitFor();
  await page.getByRole('rowheader', { name: 'Subbagian Uji Coba (e2e)' }).waitFor();
  assert.equal(await page.locator('input[name="code"][aria-invalid="true"]').count(), 0);
  // still there after a reload: it is the server's list
  await page.reload();
  await page.getByRole('rowheader', { name: 'Subbagian Uji Coba (e2e)' }).waitFor();
  // a functional position in it: a wrong jenjang is refused on the Jenjang field, then added
  const positions = page.locator('section', { has: page.getByRole('heading', { level: 2, name: 'Jabatan' }) });
  await positions.getByLabel('Unit', { exact: true }).selectOption({ label: 'UJI-E2E · Subbagian Uji Coba (e2e)' });
  const addPosition = positions.locator('form', { has: page.getByRole('heading', { name: /^Tambah jabatan di / }) });
  await addPosition.getByLabel('Nama jabatan').fill('Analis Uji Coba (e2e)');
  await addPosition.getByLabel('Jenis jabatan').selectOption('FUNGSIONAL');
  await addPosition.getByLabel('Jenjang').fill('SALAH');
  await addPosition.getByRole('button', { name: 'Tambah jabatan' }).click();
  await addPosition.locator('input[name="level"][aria-invalid="true"]').waitFor();
  await addPosition.getByLabel('Jenjang').fill('AHLI_PERTAMA');
  await addPosition.getByRole('button', { name: 'Tambah jabatan' }).click();
  await positions.getByRole('list', { name: 'Jabatan di Subbagian Uji Coba (e2e)' }).getByText('Analis Uji Coba (e2e)').waitFor();
  // its edit form appears, filled with the new position (the unit had none before)
  const firstEdit = positions.locator('form', { has: page.getByRole('heading', { name: /^Ubah jabatan di / }) });
  assert.equal(await firstEdit.getByLabel('Nama jabatan').inputValue(), 'Analis Uji Coba (e2e)');
  assert.equal(await firstEdit.getByLabel('Jenjang').inputValue(), 'AHLI_PERTAMA');
  // rename the unit: an empty name is refused on its field (nothing written), then saved
  const editUnit = page.locator('form', { has: page.getByRole('heading', { name: 'Ubah unit' }) });
  await editUnit.getByLabel('Unit', { exact: true }).selectOption({ label: 'UJI-E2E · Subbagian Uji Coba (e2e)' });
  await editUnit.getByLabel('Nama unit', { exact: true }).fill(' ');
  await editUnit.getByRole('button', { name: 'Simpan unit' }).click();
  await editUnit.locator('input[name="editUnitName"][aria-invalid="true"]').waitFor();
  await page.getByRole('rowheader', { name: 'Subbagian Uji Coba (e2e)', exact: true }).waitFor();
  await editUnit.getByLabel('Nama unit', { exact: true }).fill('Subbagian Uji Coba Diubah (e2e)');
  await editUnit.getByRole('button', { name: 'Simpan unit' }).click();
  await editUnit.getByText('Unit Subbagian Uji Coba Diubah (e2e) disimpan.').waitFor();
  await page.reload();
  await page.getByRole('rowheader', { name: 'Subbagian Uji Coba Diubah (e2e)', exact: true }).waitFor();
  assert.equal(await page.getByRole('rowheader', { name: 'Subbagian Uji Coba (e2e)', exact: true }).count(), 0, 'the old name is gone');
  // the position edited meanwhile in another session: this page's stale edit is refused (a
  // Conflict, the version passed back) instead of overwriting it
  const unitLabel = { label: 'UJI-E2E · Subbagian Uji Coba Diubah (e2e)' };
  await positions.getByLabel('Unit', { exact: true }).selectOption(unitLabel);
  const editPosition = positions.locator('form', { has: page.getByRole('heading', { name: /^Ubah jabatan di / }) });
  await editPosition.getByLabel('Jenjang').waitFor();
  const other = await open();
  await signIn(other, login('agency admin'));
  await other.getByRole('link', { name: 'Organisasi' }).click();
  const otherPositions = other.locator('section', { has: other.getByRole('heading', { level: 2, name: 'Jabatan' }) });
  await otherPositions.getByLabel('Unit', { exact: true }).selectOption(unitLabel);
  const otherEdit = otherPositions.locator('form', { has: other.getByRole('heading', { name: /^Ubah jabatan di / }) });
  await otherEdit.getByLabel('Jenjang').fill('AHLI_MUDA');
  await otherEdit.getByRole('button', { name: 'Simpan jabatan' }).click();
  await otherEdit.getByText('Jabatan Analis Uji Coba (e2e) disimpan.').waitFor();
  await other.context().close();
  await editPosition.getByLabel('Jenjang').fill('AHLI_MADYA');
  await editPosition.getByRole('button', { name: 'Simpan jabatan' }).click();
  await editPosition.locator('.form-status .error-box').getByText(/sudah diubah orang lain .*muat ulang/).waitFor();
  await page.reload();
  await positions.getByLabel('Unit', { exact: true }).selectOption(unitLabel);
  const listed = positions.getByRole('list', { name: 'Jabatan di Subbagian Uji Coba Diubah (e2e)' });
  await listed.getByText(/AHLI_MUDA/).waitFor();
  assert.equal(await listed.getByText(/AHLI_MADYA/).count(), 0, 'the stale edit is not written');
  await page.context().close();
  noProblems();
});

test('the agency admin adds an employee (a bad NIP refused on its field), edits and ends their assignment and closes an open period', async () => {
  const page = await open();
  await signIn(page, login('agency admin'));
  await page.getByRole('link', { name: 'Organisasi' }).click();
  const form = page.locator('form', { has: page.getByRole('heading', { name: 'Tambah pegawai' }) });
  await form.getByLabel('NIP', { exact: true }).fill('12345');
  await form.getByLabel('Nama lengkap', { exact: true }).fill('Pegawai Uji Coba E2E');
  await form.getByRole('button', { name: 'Tambah pegawai' }).click();
  await form.locator('input[name="nip"][aria-invalid="true"]').waitFor();
  await form.getByLabel('NIP', { exact: true }).fill('198512312010122007');
  await form.getByRole('button', { name: 'Tambah pegawai' }).click();
  await page.getByText('Pegawai Pegawai Uji Coba E2E ditambahkan.').waitFor();
  const search = page.getByRole('search');
  await search.getByLabel('Cari NIP atau nama').fill('198512312010122007');
  await search.getByRole('button', { name: 'Cari' }).click();
  await page.getByRole('rowheader', { name: 'Pegawai Uji Coba E2E' }).waitFor();
  // their position (the one the previous test added) and their account
  await page.getByRole('button', { name: 'Kelola Pegawai Uji Coba E2E' }).click();
  const tools = page.locator('section', { has: page.getByRole('heading', { name: 'Kelola Pegawai Uji Coba E2E' }) });
  await tools.getByLabel('Jabatan', { exact: true }).selectOption({ label: 'Analis Uji Coba (e2e) (Subbagian Uji Coba Diubah (e2e))' });
  await tools.getByRole('button', { name: 'Tetapkan jabatan' }).click();
  await tools.getByText('Jabatan ditetapkan.').waitFor();
  await page.getByRole('row', { name: /Pegawai Uji Coba E2E/ }).getByText('Analis Uji Coba (e2e), Subbagian Uji Coba Diubah (e2e)').waitFor();
  await tools.getByLabel('Kata sandi sementara').pressSequentially('pendek'); // typed: the focus stays in the field
  assert.equal(await tools.getByLabel('Kata sandi sementara').inputValue(), 'pendek');
  await tools.getByRole('button', { name: 'Buat akun' }).click();
  await tools.locator('input[name="password"][aria-invalid="true"]').waitFor();
  await tools.getByLabel('Kata sandi sementara').fill('Sementara-Uji-E2E-2026');
  await tools.getByRole('button', { name: 'Buat akun' }).click();
  await tools.getByText('Akun dibuat.').waitFor();
  // their golongan: a wrong one is refused on its field, then saved
  const editEmployee = tools.locator('form', { has: page.getByRole('heading', { name: 'Ubah data pegawai' }) });
  await editEmployee.getByLabel('Golongan').fill('XYZ');
  await editEmployee.getByRole('button', { name: 'Simpan data pegawai' }).click();
  await editEmployee.locator('input[name="editGolongan"][aria-invalid="true"]').waitFor();
  await editEmployee.getByLabel('Golongan').fill('III/b');
  await editEmployee.getByRole('button', { name: 'Simpan data pegawai' }).click();
  await editEmployee.getByText('Data Pegawai Uji Coba E2E disimpan.').waitFor();
  // end the assignment made above: it is no longer listed as running
  const end = tools.locator('form', { has: page.getByRole('heading', { name: 'Akhiri penugasan' }) });
  assert.match(await end.getByLabel('Penugasan').locator('option:checked').textContent(), /^Analis Uji Coba \(e2e\) · DEFINITIF · /);
  await end.getByRole('button', { name: 'Akhiri penugasan' }).click();
  await end.getByText('Penugasan diakhiri.').waitFor();
  await end.getByText('Tidak ada penugasan yang berjalan.').waitFor();

  await page.getByRole('link', { name: 'Periode', exact: true }).click();
  await page.getByRole('heading', { name: /^Periode \d{4}$/ }).waitFor();
  const openRow = page.getByRole('row').filter({ hasText: 'Terbuka' }).first();
  const label = await openRow.getByRole('rowheader').textContent();
  await openRow.getByRole('button', { name: `Tutup ${label}` }).click();
  await page.getByText(`${label}: Ditutup.`).waitFor();
  const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: label, exact: true }) });
  await row.getByText('Ditutup', { exact: true }).waitFor();
  // reopening is the central admin's: the server refuses it, with its message, and nothing changes
  await row.getByRole('button', { name: `Buka ${label}` }).click();
  await page.locator('.form-status .error-box').waitFor();
  await row.getByText('Ditutup', { exact: true }).waitFor();
  await page.context().close();
  noProblems();
});

test('signing out drops the token: the sign-in form is back and the old session is gone', async () => {
  const page = await open();
  await signIn(page, login('employee, SKP DRAFT'));
  await page.getByRole('button', { name: 'Keluar' }).click();
  await page.getByRole('heading', { name: 'Masuk' }).waitFor();
  assert.equal(await page.evaluate(() => sessionStorage.getItem('kinerja.token')), null);
  await page.reload();
  await page.getByRole('heading', { name: 'Masuk' }).waitFor();
  await page.context().close();
  noProblems();
});

export { api };

// End-to-end, competency development (plugin kompetensi, issue 13): the employee's need, plan and
// certificate, the rater's decisions, the agency admin's verification, BKPSDM's city view and
// report. Its own file, so its own `kinerja serve --demo` and time budget (browser.mjs).
// Every wait is on DOM state; there is no sleep. Each test sets up through the API what an
// earlier one would have made, so any one of them runs alone.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { AXE, e2eSession } from './browser.mjs';
import { api } from './server.mjs';

const session = e2eSession();
const { open, signIn, noProblems, login } = session;
// the running server (base, logins), once e2eSession's before hook has started it
const server = new Proxy({}, { get: (_, key) => session.server[key] });

const NEED = 'Perencanaan program kerja unit (e2e)';
const ACTIVITY = 'Pelatihan perencanaan dan penganggaran (e2e)';
const YEAR = new Date().getFullYear();

async function apiToken(nip) {
  const { login: l } = await api(server.base, 'mutation($nip: String!) { login(nip: $nip, password: "kinerja-demo") { ... on LoginSuccess { token } } }', { nip });
  return l.token;
}

/** The employee's need of the first test, added through the API when that test did not run (setup only). */
async function ensureNeed() {
  await employeeYear();
}

/** Through the API: the employee's token, id and what the walk above made of their year. */
async function employeeYear() {
  const token = await apiToken(login('employee, SKP DRAFT'));
  const { me: who } = await api(server.base, '{ me { employee { id } } }', {}, token);
  const query = `query($id: ID!, $y: Int!) { employee(id: $id) {
    kompetensiDevelopmentNeeds(year: $y, includeDismissed: true) { id title }
    kompetensiPlan(year: $y) { status version activities { id title } }
    kompetensiRecords(year: $y) { id title verification }
    kompetensiTrainingHours(year: $y) { jp } } }`;
  const { employee } = await api(server.base, query, { id: who.employee.id, y: YEAR }, token);
  let need = employee.kompetensiDevelopmentNeeds.find((n) => n.title === NEED);
  if (!need) {
    const add = 'mutation($y: Int!, $t: String!) { kompetensiAddNeed(input: { year: $y, group: MANAJERIAL, title: $t, priority: HIGH }) { __typename ... on KompetensiNeed { id title } } }';
    need = (await api(server.base, add, { y: YEAR, t: NEED }, token)).kompetensiAddNeed;
    assert.equal(need.__typename, 'KompetensiNeed');
  }
  return { token, need, employee };
}

/** The planned activity of the first test, submitted, when that test did not run (setup only). */
async function ensurePlan() {
  const { token, need, employee } = await employeeYear();
  if (employee.kompetensiPlan.activities.some((a) => a.title === ACTIVITY)) return;
  const plan = `mutation($y: Int!, $t: String!, $n: ID!, $s: Date!, $e: Date!) {
    kompetensiPlanActivity(input: { year: $y, kind: TRAINING, title: $t, jp: 32, startDate: $s, endDate: $e, needIds: [$n] }) { __typename } }`;
  assert.equal((await api(server.base, plan, { y: YEAR, t: ACTIVITY, n: need.id, s: `${YEAR}-03-10`, e: `${YEAR}-03-12` }, token)).kompetensiPlanActivity.__typename, 'KompetensiActivity');
  const submit = 'mutation($y: Int!) { kompetensiSubmitPlan(year: $y) { __typename } }';
  assert.equal((await api(server.base, submit, { y: YEAR }, token)).kompetensiSubmitPlan.__typename, 'KompetensiPlan');
}

/** The record of the activity with a certificate waiting, when the upload test did not run (setup only). */
async function ensureCertificate() {
  await ensurePlan();
  const { token, employee } = await employeeYear();
  if (employee.kompetensiRecords.some((r) => r.title === ACTIVITY && r.verification === 'PENDING')) return;
  const activity = employee.kompetensiPlan.activities.find((a) => a.title === ACTIVITY);
  const record = 'mutation($a: ID!, $d: Date!) { kompetensiRecordCompletion(input: { activityId: $a, jp: 32, completedOn: $d }) { __typename ... on KompetensiRecord { id } } }';
  const { kompetensiRecordCompletion: r } = await api(server.base, record, { a: activity.id, d: `${YEAR}-03-12` }, token);
  const form = new FormData();
  form.append('operations', JSON.stringify({ query: 'mutation($r: ID!, $f: Upload!) { kompetensiUploadCertificate(recordId: $r, file: $f) { __typename } }', variables: { r: r.id, f: null } }));
  form.append('map', JSON.stringify({ 0: ['variables.f'] }));
  form.append('0', new Blob(['%PDF-1.4\n% e2e certificate\n%%EOF\n'], { type: 'application/pdf' }), 'sertifikat.pdf');
  const res = await fetch(`${server.base}/graphql`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form });
  assert.equal((await res.json()).data.kompetensiUploadCertificate.__typename, 'KompetensiRecord');
}

test('the employee adds a development need and plans an activity that answers it', async () => {
  const page = await open({ width: 390 }); // a phone
  await signIn(page, login('employee, SKP DRAFT'));
  await page.getByRole('link', { name: 'Kompetensi', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Pengembangan Kompetensi Saya' }).waitFor();
  assert.match(await page.getByTestId('komp-jp-status').textContent(), /20 JP/);
  const addNeed = page.locator('form', { has: page.getByRole('heading', { name: 'Tambah kebutuhan saya' }) });
  // an empty need is refused by the server, named on its field, and nothing is listed
  await addNeed.getByRole('button', { name: 'Tambah kebutuhan saya' }).click();
  await addNeed.locator('input[name="title"][aria-invalid="true"]').waitFor();
  const described = await addNeed.locator('input[name="title"]').getAttribute('aria-describedby');
  assert.match(await page.locator(`[id="${described.split(' ').at(-1)}"]`).textContent(), /./);
  await addNeed.getByLabel('Kelompok kompetensi').selectOption('MANAJERIAL');
  await addNeed.getByLabel('Uraian kebutuhan').fill(NEED);
  await addNeed.getByLabel('Prioritas').selectOption('HIGH');
  await addNeed.getByRole('button', { name: 'Tambah kebutuhan saya' }).click();
  await addNeed.getByText(`Kebutuhan "${NEED}" ditambahkan`).waitFor();
  const needRow = page.getByRole('region', { name: 'Kebutuhan pengembangan' }).getByRole('row').filter({ hasText: NEED });
  await needRow.getByText('Diusulkan', { exact: true }).waitFor();
  await needRow.getByText('Diusulkan pegawai sendiri').waitFor();
  await needRow.getByText('Manajerial').waitFor();

  const plan = page.locator('form', { has: page.getByRole('heading', { name: 'Rencanakan kegiatan' }) });
  await plan.getByLabel('Bentuk kegiatan').selectOption('TRAINING');
  await plan.getByLabel('Nama kegiatan').fill(ACTIVITY);
  await plan.getByLabel('Penyelenggara').fill('BKPSDM Kota Pontianak');
  // JP that is not a whole number is refused in the browser, on the JP field
  await plan.getByLabel('JP', { exact: true }).fill('dua puluh');
  await plan.getByLabel('Tanggal mulai').fill(`${YEAR}-03-10`);
  await plan.getByLabel('Tanggal selesai').fill(`${YEAR}-03-09`);
  await plan.getByRole('button', { name: 'Rencanakan kegiatan' }).click();
  await plan.locator('input[name="jp"][aria-invalid="true"]').waitFor();
  // an end before the start is refused by the server, on the end date
  await plan.getByLabel('JP', { exact: true }).fill('24');
  await plan.getByRole('button', { name: 'Rencanakan kegiatan' }).click();
  await plan.locator('input[name="endDate"][aria-invalid="true"]').waitFor();
  assert.equal(await plan.locator('input[name="jp"][aria-invalid="true"]').count(), 0);
  await plan.getByLabel('Tanggal selesai').fill(`${YEAR}-03-12`);
  await plan.getByRole('checkbox', { name: NEED }).check();
  await plan.getByRole('button', { name: 'Rencanakan kegiatan' }).click();
  await plan.getByText(`Kegiatan "${ACTIVITY}" direncanakan.`).waitFor();
  const activity = page.getByTestId('komp-activity').filter({ hasText: ACTIVITY });
  await activity.getByText(NEED).waitFor();
  await activity.getByText(`24 JP · ${YEAR}-03-10 – ${YEAR}-03-12`).waitFor();
  // changed while the plan is a draft: 32 JP
  await activity.getByRole('button', { name: `Ubah kegiatan "${ACTIVITY}"` }).click();
  const edit = activity.getByRole('form', { name: `Ubah kegiatan "${ACTIVITY}"` });
  await edit.getByLabel('JP', { exact: true }).fill('32');
  await edit.getByRole('button', { name: 'Simpan perubahan' }).click();
  await page.getByTestId('komp-activity').filter({ hasText: ACTIVITY }).getByText(`32 JP · ${YEAR}-03-10`).waitFor();
  // submitted to the rater; still so after a reload (saved, not only drawn)
  await page.getByRole('button', { name: 'Ajukan rencana ke pejabat penilai' }).click();
  await page.getByTestId('komp-plan-status').filter({ hasText: 'Diajukan' }).waitFor();
  await page.reload();
  await page.getByTestId('komp-plan-status').filter({ hasText: 'Diajukan' }).waitFor();
  await page.getByTestId('komp-activity').filter({ hasText: ACTIVITY }).getByText(`32 JP`).waitFor();
  await page.context().close();
  noProblems();
});

test('the employee records the completed activity and uploads its certificate; an .exe is refused before upload', async () => {
  await ensurePlan();
  const page = await open();
  await signIn(page, login('employee, SKP DRAFT'));
  await page.goto(`${server.base}/#/kompetensi`);
  const form = page.locator('form', { has: page.getByRole('heading', { name: 'Catat kegiatan selesai' }) });
  await form.getByLabel('Kegiatan yang direncanakan').selectOption({ label: `${ACTIVITY} (32 JP)` });
  assert.equal(await form.getByLabel('JP', { exact: true }).inputValue(), '32');
  await form.getByRole('button', { name: 'Catat kegiatan selesai' }).click();
  await form.getByText(`Kegiatan "${ACTIVITY}" dicatat, 32 JP.`).waitFor();
  const record = page.getByTestId('komp-record').filter({ hasText: ACTIVITY });
  await record.getByText('Belum ada sertifikat').waitFor();
  const picker = record.getByLabel(`Unggah sertifikat "${ACTIVITY}"`);
  await picker.setInputFiles({ name: 'sertifikat.exe', mimeType: 'application/x-msdownload', buffer: Buffer.from('MZ....') });
  await record.getByText(/sertifikat\.exe: jenis berkas ini tidak diterima/).waitFor();
  await picker.setInputFiles({ name: 'sertifikat-pelatihan.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% e2e certificate\n1 0 obj <<>> endobj\n%%EOF\n') });
  await page.getByTestId('komp-record').filter({ hasText: ACTIVITY }).getByText('Menunggu verifikasi').waitFor();
  await page.getByTestId('komp-record').filter({ hasText: ACTIVITY }).getByRole('button', { name: 'Unduh sertifikat sertifikat-pelatihan.pdf' }).waitFor();
  await page.context().close();
  noProblems();
});

test('the rater returns the plan without a note (refused on the note field), then approves it', async () => {
  await ensurePlan();
  const page = await open();
  await signIn(page, login('supervisor'));
  await page.goto(`${server.base}/#/kompetensi/tim`);
  const name = server.logins['employee, SKP DRAFT'].name;
  const plan = page.getByTestId('komp-plan-to-approve').filter({ has: page.getByRole('heading', { name }) });
  await plan.getByText(ACTIVITY).waitFor();
  await plan.getByRole('button', { name: `Kembalikan rencana ${name}` }).click();
  await plan.locator('textarea[name="note"][aria-invalid="true"]').waitFor();
  await plan.getByRole('button', { name: `Setujui rencana ${name}` }).click();
  await page.getByText(`Rencana ${name} disetujui.`).waitFor();
  await page.getByTestId('komp-plan-to-approve').filter({ has: page.getByRole('heading', { name }) }).waitFor({ state: 'detached' });
  await page.context().close();
  noProblems();
});

test("the agency admin verifies the certificate: the employee's JP count toward the 20 JP right", async () => {
  await ensureCertificate();
  const before = (await employeeYear()).employee.kompetensiTrainingHours.jp;
  const page = await open();
  await signIn(page, login('agency admin'));
  await page.goto(`${server.base}/#/kompetensi/instansi`);
  const name = server.logins['employee, SKP DRAFT'].name;
  const item = page.getByTestId('komp-to-verify').filter({ hasText: ACTIVITY }).filter({ hasText: name });
  await item.waitFor();
  await item.getByRole('button', { name: `Verifikasi sertifikat "${ACTIVITY}" milik ${name}` }).click();
  await page.getByText(`Sertifikat "${ACTIVITY}" diverifikasi; 32 JP dihitung.`).waitFor();
  await page.context().close();
  const employee = await open();
  await signIn(employee, login('employee, SKP DRAFT'));
  await employee.goto(`${server.base}/#/kompetensi`);
  await employee.getByTestId('komp-record').filter({ hasText: ACTIVITY }).getByText('Terverifikasi').waitFor();
  // the 32 JP now count (verified), which meets the right of 20
  await employee.getByText(`${before + 32} dari 20 JP`, { exact: true }).waitFor();
  await employee.getByTestId('komp-jp-status').filter({ hasText: 'Hak 20 JP setahun sudah terpenuhi.' }).waitFor();
  await employee.context().close();
  noProblems();
});

test("the rater confirms the employee's development need; an emptied title is refused on its field", async () => {
  await ensureNeed();
  const page = await open();
  await signIn(page, login('supervisor'));
  await page.getByRole('link', { name: 'Kompetensi', exact: true }).click();
  await page.getByRole('link', { name: 'Kebutuhan tim' }).click();
  await page.getByRole('heading', { level: 1, name: 'Kebutuhan pengembangan tim' }).waitFor();
  const person = page.locator('article', { has: page.getByRole('heading', { name: server.logins['employee, SKP DRAFT'].name }) });
  const need = person.getByTestId('komp-need').filter({ hasText: NEED });
  await need.waitFor();
  await need.getByRole('button', { name: `Ubah kebutuhan "${NEED}"` }).click();
  const edit = need.getByRole('form', { name: `Ubah kebutuhan "${NEED}"` });
  await edit.getByLabel('Uraian kebutuhan').fill('');
  await edit.getByRole('button', { name: 'Simpan perubahan' }).click();
  await edit.locator('input[name="title"][aria-invalid="true"]').waitFor();
  await edit.getByRole('button', { name: 'Batal' }).click();
  await need.getByRole('button', { name: `Konfirmasi kebutuhan "${NEED}"` }).click();
  await page.getByText(`Kebutuhan "${NEED}" dikonfirmasi.`).waitFor();
  // decided: gone from the list of those waiting, shown confirmed with everything else
  await person.getByTestId('komp-need').filter({ hasText: NEED }).waitFor({ state: 'detached' });
  await page.getByLabel('Hanya yang menunggu keputusan').uncheck();
  await page.getByTestId('komp-need').filter({ hasText: NEED }).getByText('Dikonfirmasi', { exact: true }).waitFor();
  await page.context().close();
  noProblems();
});

test('BKPSDM sees the needs by competency across the city and per agency', async () => {
  await ensureNeed(); // an open managerial need (proposed or confirmed) in the employee's agency
  const token = await apiToken(login('central admin (BKPSDM)'));
  const { kompetensiCitySummary: lines } = await api(server.base, 'query($y: Int!) { kompetensiCitySummary(year: $y) { name manajerial teknis sosialKultural belowRight } }', { y: YEAR }, token);
  const sum = (f) => String(lines.reduce((s, x) => s + x[f], 0));
  const page = await open();
  await signIn(page, login('central admin (BKPSDM)'));
  await page.getByRole('link', { name: 'Kompetensi', exact: true }).click();
  await page.getByRole('link', { name: 'Kompetensi kota' }).click();
  await page.getByRole('heading', { level: 1, name: 'Pengembangan kompetensi se-kota' }).waitFor();
  await page.getByRole('img', { name: /Pegawai dengan kebutuhan terbuka se-kota/ }).waitFor();
  assert.equal(await page.getByTestId('komp-city-MANAJERIAL').textContent(), sum('manajerial'));
  assert.equal(await page.getByTestId('komp-city-TEKNIS').textContent(), sum('teknis'));
  assert.equal(await page.getByTestId('komp-city-SOSIAL_KULTURAL').textContent(), sum('sosialKultural'));
  assert.equal(await page.getByTestId('komp-city-below').textContent(), sum('belowRight'));
  assert.ok(Number(sum('manajerial')) >= 1, "the employee's managerial need is counted");
  // the employee's agency: its line, then its own page with the needs per group
  const agency = server.logins['employee, SKP DRAFT'].agency;
  const line = lines.find((x) => x.name === agency);
  const row = page.getByRole('region', { name: 'Per instansi' }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: agency }) });
  assert.equal(await row.locator('td').nth(1).textContent(), String(line.manajerial));
  await row.getByRole('link', { name: `Rincian ${agency}` }).click();
  await page.getByRole('heading', { level: 1, name: 'Pengembangan kompetensi instansi' }).waitFor();
  const groups = page.getByRole('region', { name: 'Kebutuhan terbuka per kelompok kompetensi' });
  const manajerial = groups.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Manajerial' }) });
  assert.equal(await manajerial.locator('td').first().textContent(), String(line.manajerial));
  await page.getByRole('heading', { name: `Pegawai di bawah 20 JP (${YEAR})` }).waitFor();
  // the training-needs report of the city: the employee's managerial need is a row of it...
  await page.goto(`${server.base}/#/kompetensi/kota`);
  const report = page.locator('section', { has: page.getByRole('heading', { name: `Laporan kebutuhan pelatihan ${YEAR}` }) });
  await report.getByLabel('Kelompok kompetensi').selectOption('MANAJERIAL');
  await report.getByRole('region').getByRole('row').filter({ hasText: NEED }).filter({ hasText: server.logins['employee, SKP DRAFT'].name }).waitFor();
  // ...and of the file downloaded with the bearer token (CSV: the same rows)
  const saved = page.waitForEvent('download');
  await report.getByRole('button', { name: 'Unduh laporan (CSV)' }).click();
  const csv = await saved;
  assert.match(csv.suggestedFilename(), /\.csv$/);
  assert.ok(readFileSync(await csv.path(), 'utf8').includes(NEED), 'the downloaded report lists the need');
  await report.getByText('Laporan diunduh.').waitFor();
  // the effect view is there, with its outcomes per programme when the demo has any
  await page.getByRole('heading', { name: `Efek pengembangan ${YEAR}` }).waitFor();
  await page.context().close();
  noProblems();
});

test('no serious or critical accessibility violation (axe-core) on the competency pages', async () => {
  const violations = async (page) => {
    await page.evaluate(AXE);
    const result = await page.evaluate(async () => await globalThis.axe.run(document, { resultTypes: ['violations'] }));
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  };
  await ensureNeed(); // the team page has a need to show
  const page = await open({ bypassCSP: true }); // only to inject axe-core
  await signIn(page, login('supervisor'));
  await page.goto(`${server.base}/#/kompetensi`);
  await page.getByRole('heading', { name: 'Tambah kebutuhan saya' }).waitFor();
  assert.deepEqual(await violations(page), [], 'my development: accessibility violations');
  await page.getByRole('link', { name: 'Kebutuhan tim' }).click();
  await page.getByLabel('Hanya yang menunggu keputusan').uncheck();
  await page.getByTestId('komp-need').first().waitFor();
  await page.getByTestId('komp-need').first().getByRole('button', { name: /^Ubah kebutuhan/ }).click();
  assert.deepEqual(await violations(page), [], "the team's needs: accessibility violations");
  await page.context().close();
  const admin = await open({ bypassCSP: true });
  await signIn(admin, login('central admin (BKPSDM)'));
  await admin.goto(`${server.base}/#/kompetensi/kota`);
  await admin.getByRole('region', { name: 'Per instansi' }).getByRole('table').waitFor();
  assert.deepEqual(await violations(admin), [], 'city development: accessibility violations');
  await admin.getByRole('link', { name: 'Kompetensi instansi' }).click();
  await admin.getByRole('region', { name: 'Kebutuhan terbuka per kelompok kompetensi' }).getByRole('table').waitFor();
  await admin.getByRole('heading', { name: /^Pegawai di bawah 20 JP/ }).waitFor();
  assert.deepEqual(await violations(admin), [], 'agency development: accessibility violations');
  await admin.context().close();
  noProblems();
});


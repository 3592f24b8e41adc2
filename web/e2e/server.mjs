// A real `kinerja serve --demo` on a free port, serving the built app (web/dist), for the
// end-to-end tests. Its SQLite database and uploads live in a fresh temporary folder.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const WEB = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ROOT = resolve(WEB, '..');

function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

function kinerjaCommand() {
  if (process.env.KINERJA_BIN) return process.env.KINERJA_BIN;
  const venv = join(ROOT, '.venv', 'bin', 'kinerja');
  return existsSync(venv) ? venv : 'kinerja';
}

/** Parse the demo's printed logins: role -> { nip, name, agency }. */
function parseLogins(text) {
  const logins = {};
  for (const line of text.split('\n')) {
    const m = /^ {2}(\S.*?)\s{2,}(\d{18})\s{2,}(.+?)\s{2,}(.+?)\s{2,}kinerja-demo/.exec(line);
    if (m) logins[m[1]] = { nip: m[2], name: m[3], agency: m[4] };
  }
  return logins;
}

export async function startServer() {
  if (!existsSync(join(WEB, 'dist', 'index.html'))) throw new Error('web/dist is missing: run `npm run build` in web/ first');
  const port = await freePort();
  const data = mkdtempSync(join(tmpdir(), 'kinerja-e2e-'));
  const env = {
    ...process.env,
    KINERJA_DATA_DIR: data,
    KINERJA_DATABASE_URL: `sqlite://${join(data, 'kinerja.sqlite3')}`,
    KINERJA_WEB_DIR: join(WEB, 'dist'),
    KINERJA_PLUGINS: process.env.KINERJA_PLUGINS ?? 'kesehatan,pendidikan,kompetensi',
  };
  const child = spawn(kinerjaCommand(), ['serve', '--demo', '--employees', '80', '--host', '127.0.0.1', '--port', String(port)], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (b) => (output += b));
  child.stderr.on('data', (b) => (output += b));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`kinerja serve exited (${child.exitCode}):\n${output}`);
    if (output.includes('Uvicorn running')) {
      try {
        if ((await fetch(`${base}/health`)).ok) break;
      } catch {
        /* not listening yet */
      }
    }
    if (Date.now() > deadline) throw new Error(`kinerja serve did not start in 120 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const logins = parseLogins(output);
  for (const role of ['employee, SKP DRAFT', 'supervisor', 'agency head', 'agency admin', 'central admin (BKPSDM)'])
    if (!logins[role]) throw new Error(`the demo did not print the ${role} login:\n${output}`);
  return {
    base,
    logins,
    output: () => output,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
      rmSync(data, { recursive: true, force: true });
    },
  };
}

/** A GraphQL call for test setup only (finding a second agency's head); the tests use the UI. */
export async function api(base, query, variables = {}, token = null) {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

// Runs the GraphQL-over-HTTP compliance audits of `graphql-http` against a running server.
//
//   node tests/http/audit.mjs http://127.0.0.1:8000/graphql
//
// Prints one JSON object: {"url", "total", "ok", "notice", "warn", "error", "failures": [...]}
// where each failure has the audit id, name, status, reason and the start of the response body.
// Exits 1 when any audit is an error (a MUST) or a warning (a SHOULD); 2 on bad usage or a
// fatal problem (e.g. the server is not reachable).
import { serverAudits } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs <graphql endpoint url>');
  process.exit(2);
}

async function bodyOf(response) {
  if (!response) return '';
  try {
    const text = await response.text();
    return text.length > 500 ? `${text.slice(0, 500)}...` : text;
  } catch {
    return '(body already read)';
  }
}

async function main() {
  const report = { url, total: 0, ok: 0, notice: 0, warn: 0, error: 0, failures: [] };
  // One audit at a time: small, predictable load on the server, readable server logs.
  for (const audit of serverAudits({ url })) {
    const result = await audit.fn();
    report.total += 1;
    report[result.status] += 1;
    if (result.status !== 'ok') {
      report.failures.push({
        id: result.id,
        name: result.name,
        status: result.status,
        reason: result.reason,
        responseStatus: result.response ? result.response.status : null,
        responseType: result.response ? result.response.headers.get('content-type') : null,
        responseBody: await bodyOf(result.response),
      });
    }
  }
  console.log(JSON.stringify(report, null, 2));
  process.exit(report.error || report.warn ? 1 : 0);
}

main().catch((err) => {
  console.error(`audit could not run: ${err && err.stack ? err.stack : err}`);
  process.exit(2);
});

#!/usr/bin/env bash
# The PostgreSQL figures of issue 14 (docs/performance-log.md, "Session 9, branch pgcompare"),
# again on this checkout: instructions per request, CPU per request (the servers' and their
# PostgreSQL backends') and throughput with 2 workers, GraphQL against hand-written SQL.
#
#     bench/pg_figures.sh [POSTGRES_URL] > /tmp/pg-figures.md
#
# POSTGRES_URL defaults to postgres://postgres@127.0.0.1:5432/postgres (trust authentication;
# the bench creates its own database next to it, named after KINERJA_BENCH_DIR: see
# bench_database_name in bench/harness/server.py). The demo city is loaded afresh (so that the
# tree's migrations apply) and its database dropped at the end. Takes about 30 minutes
# (instructions ~8, CPU ~15, throughput ~3, the demo load ~1 on a busy machine). The commands'
# logs go to $KINERJA_BENCH_DIR/pg_figures.log. Environment: EMPLOYEES (1000), PYTHON
# (.venv/bin/python), KINERJA_BENCH_DIR (/tmp/kinerja-bench-pgfigures).
set -euo pipefail
cd "$(dirname "$0")/.."

URL=${1:-postgres://postgres@127.0.0.1:5432/postgres}
EMPLOYEES=${EMPLOYEES:-1000}
PYTHON=${PYTHON:-.venv/bin/python}
export KINERJA_BENCH_DIR=${KINERJA_BENCH_DIR:-/tmp/kinerja-bench-pgfigures}
THROUGHPUT_ONLY="agency dashboard,team view,me (name,my dashboard,skp detail"
DATABASE=$("$PYTHON" -c 'from bench.harness.server import bench_database_name as n; print(n())')
ADMIN=${URL%/*}/postgres
mkdir -p "$KINERJA_BENCH_DIR"
LOG=$KINERJA_BENCH_DIR/pg_figures.log
: >"$LOG"

rm -rf "$KINERJA_BENCH_DIR/postgres-$EMPLOYEES"  # the demo is loaded again, on this tree
trap 'status=$?; [ $status = 0 ] || echo "failed ($status): see $LOG" >&2
      psql "$ADMIN" -qc "DROP DATABASE IF EXISTS ${DATABASE}_$EMPLOYEES" >/dev/null 2>&1 || true
      rm -rf "$KINERJA_BENCH_DIR/postgres-$EMPLOYEES"' EXIT

run() {  # the command line, the load average, then the command's tables (its logs to $LOG)
    local line="" word
    for word in "$@"; do [[ $word == *" "* ]] && line+=" \"$word\"" || line+=" $word"; done
    echo
    echo "\`${line# }\` ($(date -u '+%Y-%m-%d %H:%M') UTC, load average $(cut -d' ' -f1-3 /proc/loadavg))"
    "$PYTHON" "$@" 2>>"$LOG" | grep -v '^\[demo\]'
}

echo "PostgreSQL figures of $(git rev-parse --short HEAD), $EMPLOYEES employees, $(nproc) cores"
run bench/instructions.py --employees "$EMPLOYEES" --requests 5 --warmup 3 --postgres "$URL"
run bench/cpu_compare.py --employees "$EMPLOYEES" --duration 5 --rounds 3 --postgres "$URL"
run bench/compare.py --employees "$EMPLOYEES" --postgres "$URL" --workers 2 --connections 20 \
    --only "$THROUGHPUT_ONLY"
echo
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"

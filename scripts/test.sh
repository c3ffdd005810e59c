#!/usr/bin/env bash
# Sets everything up and runs the whole test suite.
#   - always: the Japa suites (unit + functional) on SQLite with the database
#     token store;
#   - when PostgreSQL / Redis answer on 127.0.0.1: the same suites on
#     PostgreSQL and with the Redis token store;
#   - with CI=true: ESLint and tsc first, and every combination is required:
#     SQLite and PostgreSQL, each with the database and the Redis store. A
#     database or Redis that cannot be reached is a failure, not a skip.
# Ends with one line "N passed, N failed" summing every run.
# Extra arguments go to `node ace test` (e.g. --files=tests/functional/health.spec.ts).
source "$(dirname "$0")/lib.sh"
setup_project

CI="${CI:-false}"
export PG_DB_NAME="${TEST_PG_DB_NAME:-hankki_test}"
TEST_REDIS_HOST="${TEST_REDIS_HOST:-127.0.0.1}"
total_passed=0
total_failed=0
status=0

if [ "$CI" = "true" ]; then
  log "Lint (eslint .)"
  npx eslint . || status=1
  log "Type-check (tsc --noEmit)"
  npx tsc --noEmit || status=1
fi

redis_reachable() {
  node -e "const s=require('net').connect(${REDIS_PORT:-6379},'$TEST_REDIS_HOST');s.setTimeout(2000);s.on('connect',()=>process.exit(0));s.on('error',()=>process.exit(1));s.on('timeout',()=>process.exit(1))"
}

# run_suite LABEL DB_CONNECTION REDIS_HOST TOKEN_STORE [args…]
run_suite() {
  local label="$1" connection="$2" redis_host="$3" store="$4"
  shift 4
  local logfile="tmp/test-$label.log"
  log "Japa suites on $label"
  set +e
  DB_CONNECTION="$connection" REDIS_HOST="$redis_host" TOKEN_STORE="$store" \
    timeout 900 node ace test "$@" 2>&1 | tee "$logfile"
  local code="${PIPESTATUS[0]}"
  set -e
  local summary passed failed
  summary="$(sed 's/\x1b\[[0-9;]*m//g' "$logfile" | grep -E '^ *Tests +' | tail -n 1 || true)"
  passed="$(echo "$summary" | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+' || echo 0)"
  failed="$(echo "$summary" | grep -oE '[0-9]+ failed' | grep -oE '[0-9]+' || echo 0)"
  if [ -z "$summary" ]; then
    echo "no test summary for $label (exit $code)" >&2
    failed=$((failed + 1))
    status=1
  fi
  if [ "$code" -ne 0 ] || [ "$failed" -ne 0 ]; then
    status=1
  fi
  total_passed=$((total_passed + passed))
  total_failed=$((total_failed + failed))
  RUNS+=("$label: $passed passed, $failed failed")
}

RUNS=()
have_pg=true
have_redis=true
ensure_pg_database "$PG_DB_NAME" || have_pg=false
redis_reachable || have_redis=false

if [ "$CI" = "true" ]; then
  $have_pg || { echo "CI: PostgreSQL is required and not reachable" >&2; status=1; }
  $have_redis || { echo "CI: Redis is required and not reachable" >&2; status=1; }
fi

run_suite sqlite-database sqlite "" database "$@"
if $have_redis; then
  run_suite sqlite-redis sqlite "$TEST_REDIS_HOST" redis "$@"
else
  echo "Redis not reachable on $TEST_REDIS_HOST: skipping the Redis store runs" >&2
fi
if $have_pg; then
  run_suite pg-database pg "" database "$@"
  if $have_redis; then
    run_suite pg-redis pg "$TEST_REDIS_HOST" redis "$@"
  fi
else
  echo "PostgreSQL not reachable: skipping the PostgreSQL runs" >&2
fi

echo
for run in "${RUNS[@]}"; do echo "  $run"; done
echo "$total_passed passed, $total_failed failed"
exit "$status"

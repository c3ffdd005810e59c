#!/usr/bin/env bash
# Sets everything up and runs the API: Node 24, packages, .env, the database
# (DB_CONNECTION=pg: created when missing), migrations, missing ingredient
# catalogue items and, in development, a small demo data set (skipped once
# loaded). Then serves http://localhost:$PORT (3333 by default).
#   scripts/start.sh          the server in the foreground; Ctrl+C or SIGTERM
#                             (`kill <pid>`) stops it gracefully
#   scripts/start.sh --hmr    the dev server (`ace serve --hmr`): controllers and
#                             middleware reload on save; Ctrl+C or SIGTERM stops it
source "$(dirname "$0")/lib.sh"

hmr=false
for arg in "$@"; do
  case "$arg" in
    --hmr) hmr=true ;;
    *) echo "usage: scripts/start.sh [--hmr]" >&2; exit 64 ;;
  esac
done

setup_project

connection="$(env_value DB_CONNECTION)"
if [ "$connection" = "pg" ]; then
  ensure_configured_pg_database
fi
log "Migrating the database (${connection:-sqlite})"
node ace migration:run --force
log "Seeding missing catalogue items and the demo data"
node ace db:seed --files database/seeders/ingredient_seeder.ts --files database/seeders/demo_seeder.ts

port="$(env_value PORT)"
if ! $hmr; then
  log "Starting the server on port ${port:-3333} (Ctrl+C or SIGTERM to stop)"
  # bin/server.ts itself (as `node ace serve` runs it): it drains and exits on SIGTERM.
  exec node --import=@poppinss/ts-exec bin/server.ts
fi

log "Starting the dev server with hot reload on port ${port:-3333} (Ctrl+C or SIGTERM to stop)"
# `ace serve` stops on SIGINT only, and its server child runs in its process
# group: run both in a group of their own and turn TERM/HUP/INT into a SIGINT
# to the whole group, so `kill <pid>` of this script stops everything.
setsid node ace serve --hmr &
serve_pid=$!
stopping=false
stop_serve() {
  stopping=true
  kill -INT -- "-$serve_pid" 2>/dev/null || true
}
trap stop_serve TERM INT HUP
set +e
wait "$serve_pid"
code=$?
# `wait` returns early when a trapped signal arrives: wait for the exit itself.
while kill -0 "$serve_pid" 2>/dev/null; do
  wait "$serve_pid"
  code=$?
done
# A stop that was asked for is a clean exit (ace answers SIGINT with 130).
if $stopping && [ "$code" -eq 130 ]; then
  code=0
fi
exit "$code"

#!/usr/bin/env bash
# Sets everything up and runs the API on the embedded SQLite database:
# Node 24, packages, .env, migrations, the ingredient catalogue and a small
# demo data set (skipped once loaded). Then serves http://localhost:3333.
source "$(dirname "$0")/lib.sh"
setup_project

log "Migrating the database ($(grep -E '^DB_CONNECTION=' .env | cut -d= -f2))"
node ace migration:run --force
log "Seeding the ingredient catalogue and the demo data"
node ace db:seed --files database/seeders/ingredient_seeder.ts --files database/seeders/demo_seeder.ts

log "Starting the server (Ctrl+C to stop)"
exec node ace serve --hmr

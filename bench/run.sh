#!/usr/bin/env bash
# The benchmark in one command (see bench/run.ts for the knobs):
#   bash bench/run.sh                      # full size, SQLite and PostgreSQL + Redis
#   BENCH_SCALE=0.1 BENCH_DURATION=3 bash bench/run.sh   # quick run
source "$(dirname "$0")/../scripts/lib.sh"
setup_project
exec node --import=@poppinss/ts-exec bench/run.ts

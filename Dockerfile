# syntax=docker/dockerfile:1
#
# 한끼얼마 API image: `docker build -t hankki-eolma .`
# Stage 1 compiles the TypeScript app (`node ace build` → build/) and installs
# production dependencies there; stage 2 is the slim runtime with only build/.
# Install scripts are skipped: better-sqlite3 ships prebuilt binaries and the
# other scripts (swc) are not needed, so no compiler or python is required.

FROM node:24-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN node ace build \
  && cd build \
  && npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
  && npm cache clean --force

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3333 \
    LOG_LEVEL=info \
    DB_CONNECTION=sqlite \
    SQLITE_FILE=tmp/db.sqlite3 \
    NODE_OPTIONS="--max-semi-space-size=8 --max-old-space-size=160" \
    UV_THREADPOOL_SIZE=3 \
    MALLOC_ARENA_MAX=2 \
    MALLOC_MMAP_THRESHOLD_=131072
# NODE_OPTIONS bounds the V8 heap, so the process stays inside the pod's
# memory limit under load at the same speed (bench/README.md, "Memory").
# `node ace` commands in the container get it too: the small young generation
# also makes a daily prices:import's pricing pass faster than Node's defaults.
# UV_THREADPOOL_SIZE: password hashes run on libuv's pool, 16 MiB each (scrypt,
# cost 2^14, block size 8). The app hashes on all threads but one
# (config/hash.ts): two at a time fill the pod's one-core CPU limit as well as
# four and need 32 MiB less, and the third thread signs and verifies tokens.
# MALLOC_ARENA_MAX: glibc gives each thread that allocates (V8's compiler and
# GC threads, libuv's pool) its own arena and keeps their freed memory, which
# under writes outgrew the V8 heap itself. Two arenas cap it.
# MALLOC_MMAP_THRESHOLD_: blocks of 128 KiB and more get their own mapping,
# given back when freed. By default glibc raises that threshold after the
# first large free, so each 16 MiB scrypt buffer was then carved from an
# arena and kept. (Measured figures: bench/README.md.)
WORKDIR /app
COPY --from=build --chown=node:node /src/build ./
# tmp/ holds the SQLite file when no PostgreSQL is configured.
RUN mkdir -p tmp && chown node:node tmp
# The image's unprivileged `node` user (uid 1000).
USER node
EXPOSE 3333
# Liveness only: readiness (database, Redis) is the orchestrator's business.
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3333) + '/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Same entrypoint as `node ace build` produces; SIGTERM drains and exits 0.
CMD ["node", "bin/server.js"]

# Shared set-up for scripts/start.sh and scripts/test.sh (sourced, not run).
# Installs what the project needs on a machine with only git, bash and
# Node >= 20 with npm: Node 24 (into .tools/ when the system Node is older),
# the npm packages, a .env with a fresh APP_KEY, and the tmp/ folder.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

NODE_OS="$(uname -s | tr '[:upper:]' '[:lower:]')"
NODE_ARCH="$(uname -m | sed 's/x86_64/x64/;s/aarch64/arm64/')"
TOOLS_NODE_BIN="$ROOT/.tools/node_modules/node-$NODE_OS-$NODE_ARCH/bin"

ensure_node() {
  if [ -x "$TOOLS_NODE_BIN/node" ]; then
    export PATH="$TOOLS_NODE_BIN:$PATH"
  fi
  if [ "$(node_major)" -ge 24 ]; then
    return
  fi
  command -v npm >/dev/null || { echo "npm is required (Node >= 20 with npm)" >&2; exit 1; }
  log "Node $(node -v 2>/dev/null || echo none) is older than 24: installing node-$NODE_OS-$NODE_ARCH@24 into .tools/"
  npm install --silent --no-audit --no-fund --prefix "$ROOT/.tools" "node-$NODE_OS-$NODE_ARCH@24" >/dev/null
  export PATH="$TOOLS_NODE_BIN:$PATH"
  [ "$(node_major)" -ge 24 ] || { echo "could not install Node 24" >&2; exit 1; }
}

ensure_packages() {
  # Reinstall only when package-lock.json changed since the last install.
  local stamp="node_modules/.package-lock.json"
  # A node_modules linked from another checkout is that checkout's to install:
  # npm ci here would empty it through the link.
  if [ -L node_modules ]; then
    return
  fi
  if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
    log "Installing npm packages (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
  fi
}

ensure_env_file() {
  mkdir -p tmp
  # An environment that already carries APP_KEY (a container, a test) needs no .env.
  if [ ! -f .env ] && [ -z "${APP_KEY:-}" ]; then
    log "Creating .env from .env.example with a new APP_KEY"
    local key
    key="$(node -e 'console.log(require("crypto").randomBytes(32).toString("base64url"))')"
    sed "s|^APP_KEY=.*|APP_KEY=$key|" .env.example > .env
  fi
}

# Creates a PostgreSQL database when it is missing (never drops anything).
ensure_pg_database() {
  node scripts/ensure_pg_database.mjs "$@"
}

# The value the app will see for NAME: the process environment wins over .env
# (as in start/env.ts); prints nothing when neither sets it.
env_value() {
  local name="$1"
  if [ -n "${!name+set}" ]; then
    printf '%s' "${!name}"
  elif [ -f .env ]; then
    sed -n "s/^$name=//p" .env | tail -n 1 | sed -e 's/^"\(.*\)"$/\1/' -e "s/^'\(.*\)'$/\1/"
  fi
}

# With DB_CONNECTION=pg: creates the configured database (PG_* from the
# environment or .env) when it is missing, so a first start needs no createdb.
ensure_configured_pg_database() {
  if [ -n "$(env_value DATABASE_URL)" ]; then
    log "DATABASE_URL is set: using that database as it is"
    return
  fi
  PG_HOST="$(env_value PG_HOST)" PG_PORT="$(env_value PG_PORT)" PG_USER="$(env_value PG_USER)" \
    PG_PASSWORD="$(env_value PG_PASSWORD)" ensure_pg_database "$(env_value PG_DB_NAME | sed 's/^$/hankki/')"
}

setup_project() {
  ensure_node
  log "Node $(node -v), npm $(npm -v)"
  ensure_packages
  ensure_env_file
}

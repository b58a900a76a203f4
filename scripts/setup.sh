#!/usr/bin/env bash
# Install everything the studio needs; safe to run again (each step is skipped when already up to date).
#   scripts/setup.sh          runtime: Python venv (.venv) + web app build
#   scripts/setup.sh --dev    also test tools: pytest & co, Debian's Chromium for browser tests
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
DEV=0; [[ "${1:-}" == "--dev" ]] && DEV=1
say() { printf '\033[1;36m[setup]\033[0m %s\n' "$*"; }

# --- Python ---------------------------------------------------------------------------------------------------
PY="${MILIMO_PYTHON:-$(command -v python3.11 || command -v python3)}"
if [[ ! -x .venv/bin/python ]]; then
  say "creating .venv with $PY"
  "$PY" -m venv .venv
fi
stamp=".venv/.milimo-deps"
want="$(cat requirements.lock requirements-dev.txt pyproject.toml | sha256sum | cut -c1-16)-$DEV"
if [[ "$(cat "$stamp" 2>/dev/null)" != "$want" ]]; then
  say "installing Python dependencies (torch from the local wheel cache; first time takes a few minutes)"
  .venv/bin/pip install --quiet --disable-pip-version-check -r requirements.lock
  [[ $DEV == 1 ]] && .venv/bin/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
  .venv/bin/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
  echo "$want" > "$stamp"
fi

# --- Web app --------------------------------------------------------------------------------------------------
if [[ -f web-app/package.json ]]; then
  export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
  lockhash="$(sha256sum web-app/package-lock.json | cut -c1-16)"
  if [[ "$(cat web-app/node_modules/.milimo-lock 2>/dev/null)" != "$lockhash" ]]; then
    say "installing web app packages (npm ci)"
    (cd web-app && npm ci --no-audit --no-fund --loglevel=error)
    echo "$lockhash" > web-app/node_modules/.milimo-lock
  fi
  say "building the web app"
  (cd web-app && npm run --silent build)
fi

# --- Browser for end-to-end tests ----------------------------------------------------------------------------
if [[ $DEV == 1 && ! -x /usr/bin/chromium ]]; then
  say "installing Debian's Chromium for browser tests"
  SUDO=""; [[ $(id -u) != 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

# --- PostgreSQL server for the database tests (throwaway clusters: backend/testing/postgres.py) ---------------
# Debian keeps the server binaries out of PATH, in /usr/lib/postgresql/<major>/bin.
if [[ $DEV == 1 ]] && ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null && [[ -z "${MILIMO_PG_BINDIR:-}" ]]; then
  say "installing Debian's PostgreSQL server for the database tests"
  SUDO=""; [[ $(id -u) != 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
fi
say "ready"

#!/usr/bin/env bash
# Install whatever is missing, then run every test: Python (unit, API, fuzzing, end-to-end) and web (types, unit,
# browser). This is what CI runs (.ci/run).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$ROOT/scripts/setup.sh" --dev
cd "$ROOT"
export HF_HUB_OFFLINE=1
echo "[test] Python: ruff (lint + format), import contracts (docs/architecture.md), folder map"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/lint-imports
.venv/bin/python scripts/folder_map.py --check
echo "[test] Python"
.venv/bin/python -m pytest
if [[ -f web-app/package.json ]]; then
  cd web-app
  echo "[test] web: eslint"
  npm run --silent lint
  echo "[test] web: API types match the backend's OpenAPI schema"
  npm run --silent check:api
  echo "[test] web: unit tests"
  npm run --silent test
  echo "[test] web: browser end-to-end"
  npm run --silent e2e
fi
echo "[test] all passed"

#!/usr/bin/env bash
# Run the SAM 3 segmentation service (port SAM_SERVICE_PORT, 8001 by default). Arguments go to `milimo_sam serve`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
if [[ ! -x .venv/bin/python ]]; then
  scripts/setup.sh
fi
exec .venv/bin/python -m milimo_sam serve "$@"

#!/usr/bin/env bash
# Set up (first time) and start the whole studio: API + web app on http://127.0.0.1:8000, plus the SAM 3 service.
# Real weights: export MILIMO_LTX2_SOURCE=/path/to/ltx2-diffusers-folder (or a hub id) before running.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$ROOT/scripts/setup.sh"
cd "$ROOT"
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT INT TERM
if [[ -x sam3/run_sam.sh ]]; then
  sam3/run_sam.sh & pids+=($!)
else
  echo "[studio] SAM 3 service: not part of this build yet (segmentation features are off)"
fi
echo "[studio] open http://${MILIMO_HOST:-127.0.0.1}:${MILIMO_PORT:-8000}"
.venv/bin/python -m backend serve & pids+=($!)
wait -n "${pids[@]}"

#!/usr/bin/env bash
# Start the SAM 3 segmentation service on its own (./studio.sh already starts it with the API): sam3/run_sam.sh.
exec "$(dirname "${BASH_SOURCE[0]}")/sam3/run_sam.sh" "$@"

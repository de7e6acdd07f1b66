#!/usr/bin/env bash
# Install ytrix into .venv (if needed) and run `ytrix demo`: the whole job on the
# embedded offline emulator. Extra arguments go to the demo (e.g. --keep --home DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/venv.sh
ensure_venv
exec .venv/bin/ytrix demo "$@"

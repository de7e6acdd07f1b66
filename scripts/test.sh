#!/usr/bin/env bash
# The whole check, from a fresh clone on a machine with only Python 3.11+ and pip:
# creates .venv, installs ytrix with its dev tools, then lint, format, types, tests.
# Extra arguments go to pytest (e.g. `bash scripts/test.sh -k rotation -x`); without
# any, the wheel check (scripts/wheel_check.sh) runs too.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/venv.sh
ensure_venv dev
echo "== ruff check"; .venv/bin/ruff check src tests benchmarks
echo "== ruff format --check"; .venv/bin/ruff format --check src tests benchmarks
echo "== mypy --strict src/"; .venv/bin/mypy --strict src/
if [ "$#" -eq 0 ]; then echo "== wheel"; bash scripts/wheel_check.sh; fi
echo "== pytest"
set +e
.venv/bin/pytest "$@"
rc=$?
set -e
if [ "$rc" -eq 5 ]; then
  echo "pytest collected no tests: that is a failure" >&2
  exit 1
fi
exit "$rc"

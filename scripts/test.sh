#!/usr/bin/env bash
# The whole check, from a fresh clone on a machine with only Python 3.11+ and pip:
# creates .venv, installs ytrix with its dev tools, then lint, format, types, the
# import contracts of pyproject.toml ([tool.importlinter]), tests.
# Extra arguments go to pytest (e.g. `bash scripts/test.sh -k rotation -x`) and skip
# the wheel check (scripts/wheel_check.sh) and the clock reruns at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/venv.sh
ensure_venv dev
# The PostgreSQL tests start a private server from the Debian binaries (initdb,
# pg_ctl): install them when missing. Without them (and not root) those tests skip
# locally; in CI they fail.
if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null && ! command -v initdb >/dev/null; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "== apt-get install postgresql (server binaries for the tests)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  fi
fi
echo "== ruff check"; .venv/bin/ruff check src tests benchmarks
echo "== ruff format --check"; .venv/bin/ruff format --check src tests benchmarks
echo "== mypy --strict src/"; .venv/bin/mypy --strict src/
echo "== lint-imports"; .venv/bin/lint-imports --no-cache
if [ "$#" -eq 0 ]; then echo "== wheel"; bash scripts/wheel_check.sh; fi
# pytest's exit 5 (no test ran) is a failure too.
run_pytest() {
  local rc=0
  .venv/bin/pytest "$@" || rc=$?
  if [ "$rc" -eq 5 ]; then
    echo "pytest collected no tests: that is a failure" >&2
    return 1
  fi
  return "$rc"
}
echo "== pytest${YTRIX_TEST_NOW:+ (clocks pinned at $YTRIX_TEST_NOW)}"
run_pytest "$@"
# The whole suite ran at one instant (YTRIX_TEST_NOW, else the suite's default, mid-day
# Pacific). The tests marked `clock` run again at the instants that break code about
# time: 23:59:30 Pacific, and 01:59:30 on the nights DST ends and starts.
if [ "$#" -eq 0 ] && [ -z "${YTRIX_TEST_NOW:-}" ]; then
  for instant in 2026-12-03T07:59:30Z 2026-11-01T08:59:30Z 2027-03-14T09:59:30Z; do
    echo "== pytest -m clock (clocks pinned at $instant)"
    YTRIX_TEST_NOW="$instant" run_pytest -m clock -q
  done
fi

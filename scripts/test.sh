#!/usr/bin/env bash
# The whole check, from a fresh clone on a machine with only Python 3.11+ and pip:
# creates .venv, installs ytrix with its dev tools, then lint, format, types, tests.
# Extra arguments go to pytest (e.g. `bash scripts/test.sh -k rotation -x`).
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

#!/usr/bin/env bash
# Package ytrix as a user gets it: build the wheel, install it into a fresh venv (no
# editable install, no dev tools, no source tree on the path), and check that the
# installed `ytrix` answers --version, runs the demo, and prints shell completion.
# Run by scripts/test.sh; on its own: `bash scripts/wheel_check.sh`.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
started=$SECONDS

fail() { echo "wheel check: $*" >&2; exit 1; }
# pip's chatter goes to a log, shown only when pip fails.
pip_quiet() { "$@" >"$work/pip.log" 2>&1 || { cat "$work/pip.log" >&2; fail "pip failed"; }; }

pip_quiet "$PY" -m pip wheel -q --no-deps -w "$work/dist" .
wheel="$(ls "$work"/dist/ytrix-*.whl)"
version="$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' src/ytrix/__init__.py)"
[[ "$(basename "$wheel")" == "ytrix-$version-"*.whl ]] || fail "wheel $wheel is not version $version"

# What the wheel holds: PEP 639 license metadata and file, py.typed, no pytest plugin.
"$PY" - "$wheel" <<'EOF'
import sys, zipfile
names = zipfile.ZipFile(sys.argv[1]).namelist()
meta = next(n for n in names if n.endswith(".dist-info/METADATA"))
text = zipfile.ZipFile(sys.argv[1]).read(meta).decode()
problems = []
if "License-Expression: MIT" not in text:
    problems.append("no License-Expression: MIT")
if not any(n.endswith(".dist-info/licenses/LICENSE") for n in names):
    problems.append("no LICENSE in .dist-info/licenses")
for typed in ("ytrix/py.typed", "ytemu/py.typed"):
    if typed not in names:
        problems.append(f"no {typed}")
if any("pytest" in n for n in names):
    problems.append("a pytest module is packaged")
if "Project-URL: Source, https://" not in text:
    problems.append("no Project-URL")
if problems:
    sys.exit("wheel check: " + "; ".join(problems))
EOF

"$PY" -m venv "$work/venv"
pip_quiet "$work/venv/bin/python" -m pip install -q "$wheel"
bin="$work/venv/bin"
cd "$work"  # away from the source tree: only the installed package can be imported

"$bin/python" -c "import importlib.util, sys; sys.exit(importlib.util.find_spec('pytest') is not None)" \
  || fail "pytest came with the installed package"
[ "$("$bin/ytrix" --version)" = "ytrix $version" ] || fail "ytrix --version"
"$bin/ytrix" version | grep -q "^yt-dlp [0-9]" || fail "ytrix version names no yt-dlp"

export YTRIX_HOME="$work/home" HOME="$work/user-home" NO_COLOR=1
mkdir -p "$HOME"
"$bin/ytrix" --json demo >"$work/demo.json" 2>"$work/demo.err" || fail "ytrix demo exited $? ($(tail -c 600 "$work/demo.json"))"
"$bin/python" -c "import json, sys; d = json.load(open(sys.argv[1])); sys.exit(d['exact'] is not True)" \
  "$work/demo.json" || fail "ytrix demo did not copy every playlist exactly"

script="$(PATH="$bin:$PATH" bash -c 'ytrix --show-completion')"
[[ "$script" == *"complete -o default -F _ytrix_completion ytrix"* ]] || fail "--show-completion"
words="$(_YTRIX_COMPLETE=complete_bash COMP_WORDS="ytrix plists2" COMP_CWORD=1 "$bin/ytrix")"
[ "$(echo $words)" = "plists2info plists2mlist plists2mlists" ] || fail "completion: $words"

echo "wheel check: $(basename "$wheel") installed in a fresh venv: --version, demo and" \
  "completion work ($((SECONDS - started)) s)"

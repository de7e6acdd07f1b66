# Sourced by the scripts here: make .venv and install ytrix into it (with the extra
# named in $1, e.g. "dev"), again only when pyproject.toml has changed since.
ensure_venv() {
  local extra="${1:-}" target="." stamp
  if [ -n "$extra" ]; then target=".[$extra]"; fi
  stamp=".venv/.ytrix-installed${extra:+-$extra}"
  if [ ! -x .venv/bin/python ]; then
    "${PYTHON:-python3}" -m venv .venv
  fi
  local want
  want="$(sha256sum pyproject.toml | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -e "$target"
    echo "$want" > "$stamp"
  fi
}

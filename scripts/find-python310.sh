#!/usr/bin/env bash
# Prints the path of a Python 3.10 interpreter for Rasa 3.6 (the newest it supports).
# Looks on PATH, asks uv, looks in pyenv's versions folder, then lets uv install one
# where downloads work. Exits 1 with what to install when none can be found.
set -euo pipefail

is_310() { [ -x "$1" ] && "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null; }

for candidate in "$(command -v python3.10 2>/dev/null || true)" \
                 "$(uv python find 3.10 2>/dev/null || true)" \
                 "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.10*/bin/python3.10; do
  if [ -n "$candidate" ] && is_310 "$candidate"; then
    # pyenv shims resolve to the real interpreter, so the venv survives `pyenv global` changes
    "$candidate" -c 'import sys; print(sys.executable)'
    exit 0
  fi
done

if uv python install 3.10 >/dev/null 2>&1; then
  uv python find 3.10
  exit 0
fi

cat >&2 <<'MSG'
No Python 3.10 interpreter was found, and uv could not download one here.
Rasa 3.6 needs Python 3.10. Install it, for example:
  - with pyenv:  pyenv install 3.10
  - on Debian/Ubuntu: apt-get install python3.10 python3.10-venv (where your release has it)
  - where downloads work: uv python install 3.10
then run the command again.
MSG
exit 1

#!/usr/bin/env bash
# Installs openpyxl (pinned in tools/xlsx-reader/requirements.txt) from PyPI into a virtual environment in the
# per-user cache, for the tests that read PAL's workbooks with an independent xlsx library. Prints the Python to
# run tools/xlsx-reader/read_workbook.py with; does nothing when already there.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
key=$(sha256sum "$root/tools/xlsx-reader/requirements.txt" | cut -c1-12)
venv="${PAL_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pal}/xlsx-reader-$key"
if [ -x "$venv/bin/python" ] && [ -f "$venv/.ready" ]; then echo "$venv/bin/python"; exit 0; fi
command -v python3 >/dev/null || { echo "build-xlsx-reader: Python 3 is required" >&2; exit 1; }
echo "build-xlsx-reader: installing openpyxl from PyPI into $venv" >&2
rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check --no-input -r "$root/tools/xlsx-reader/requirements.txt" >&2
touch "$venv/.ready"
echo "$venv/bin/python"

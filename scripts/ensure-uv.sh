#!/usr/bin/env bash
# Prints the path of a usable `uv`, installing it from PyPI into .tools/ when none is on PATH.
# A fresh machine needs only Python 3.11+ with pip: nothing else is assumed.
set -euo pipefail
if command -v uv >/dev/null 2>&1; then command -v uv; exit 0; fi
here=$(cd "$(dirname "$0")/.." && pwd)
if [ ! -x "$here/.tools/bin/uv" ]; then
  python3 -m venv "$here/.tools" >&2
  "$here/.tools/bin/pip" install --quiet --disable-pip-version-check uv >&2
fi
echo "$here/.tools/bin/uv"

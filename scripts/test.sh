#!/usr/bin/env bash
# Install everything the test suite needs and run it: the README's test command.
#   - Debian's chromium (browser tests of the HTML outputs), libxml2-utils (xmllint, a second
#     opinion on the XML schemas) and the Pango libraries with a font (WeasyPrint, which makes
#     the PDFs), when missing and we may install them;
#   - a virtual environment .venv with skillweave and its test extra;
#   - pytest over the whole suite.
# The shared reference folder is found through SKILLWEAVE_SHARED (default: ../shared).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v xmllint >/dev/null 2>&1 || missing="$missing libxml2-utils"
ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so.0' || missing="$missing libpango-1.0-0 libpangoft2-1.0-0"
[ -n "$(find /usr/share/fonts -name '*.ttf' -print -quit 2>/dev/null)" ] || missing="$missing fonts-dejavu-core"
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
  else
    echo "test: not installed:$missing; the tests that need them will be skipped (CI installs them)" >&2
  fi
fi

python3 -m venv .venv
.venv/bin/pip install -q --upgrade pip
.venv/bin/pip install -q -e '.[test]'
exec .venv/bin/python -m pytest -q "$@"

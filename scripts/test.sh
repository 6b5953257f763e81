#!/usr/bin/env bash
# Install everything the test suite needs and run it: the README's test command.
#   - Debian's chromium (browser tests of the HTML outputs), when missing and we may install it;
#   - a virtual environment .venv with skillweave and its test extra;
#   - pytest over the whole suite.
# The shared reference folder is found through SKILLWEAVE_SHARED (default: ../shared).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "test: chromium is not installed; browser tests will be skipped (install Debian's chromium)" >&2
  fi
fi

python3 -m venv .venv
.venv/bin/pip install -q --upgrade pip
.venv/bin/pip install -q -e '.[test]'
exec .venv/bin/python -m pytest -q "$@"

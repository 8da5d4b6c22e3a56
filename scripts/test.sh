#!/usr/bin/env bash
# Install everything the tests need on a fresh machine, then run lint, types and the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
need=()
command -v rapper >/dev/null 2>&1 || need+=(raptor2-utils)
[ -x /usr/bin/chromium ] || need+=(chromium)  # the browser tests of the HTML view (Playwright drives it)
if [ ${#need[@]} -gt 0 ]; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
# Virtuoso for tests/test_virtuoso.py: the binary only (no service is installed or started; the tests start
# their own on 127.0.0.1). Where the package cannot be had, those tests are skipped and say why.
if ! command -v virtuoso-t >/dev/null 2>&1; then
  { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
      virtuoso-opensource-7-bin >/dev/null; } || echo "virtuoso-opensource-7-bin not installed: its tests will be skipped"
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
.venv/bin/ruff check src tests bench
.venv/bin/mypy
# one worker per core (pytest-xdist); the tests are independent, each in its own folder (tests/conftest.py)
.venv/bin/python -m pytest -n "${KGBUILD_TEST_WORKERS:-auto}" --dist worksteal "$@"

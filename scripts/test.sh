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

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
.venv/bin/ruff check src tests bench
.venv/bin/mypy
.venv/bin/python -m pytest "$@"

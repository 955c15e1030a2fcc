#!/usr/bin/env bash
# Sets up everything the test suite needs on a fresh Debian machine and runs all of it:
# system packages (PostgreSQL, Chromium, CJK fonts), a virtualenv with laborwatch[dev], a throwaway
# PostgreSQL server, ruff, mypy, then pytest on SQLite and again on PostgreSQL. Fails loudly at the first error.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=()
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || apt_packages+=(postgresql)
command -v chromium >/dev/null 2>&1 || apt_packages+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || apt_packages+=(fonts-noto-cjk)
command -v java >/dev/null 2>&1 || apt_packages+=(default-jre-headless)
if [ ${#apt_packages[@]} -gt 0 ]; then
  echo "== installing Debian packages: ${apt_packages[*]}"
  sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq --no-install-recommends "${apt_packages[@]}"
fi

echo "== python environment"
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[dev,spark]'

echo "== postgresql"
pg_url=$(.ci/start-postgres.sh | tail -n 1)

echo "== ruff and mypy"
.venv/bin/ruff check
.venv/bin/mypy

echo "== tests on SQLite"
.venv/bin/python -m pytest -q -p no:cacheprovider "$@"

echo "== tests on PostgreSQL (browser and Spark tests ran above; they do not touch the store's engine choice)"
LABORWATCH_TEST_DATABASE=postgresql LABORWATCH_TEST_PG_URL="$pg_url" \
  .venv/bin/python -m pytest -q -p no:cacheprovider -m "not browser and not spark" "$@"

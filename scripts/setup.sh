#!/usr/bin/env bash
# Create .venv, install mobicrawl with its test tools, and make sure a Chromium, PostgreSQL's programs and a
# Redis server are there.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
apt_install() {
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
stamp=.venv/.installed-$(sha1sum pyproject.toml | cut -c1-12)
if [ ! -f "$stamp" ]; then
  .venv/bin/pip install -q --disable-pip-version-check -e '.[test]'
  touch "$stamp"
fi
if ! .venv/bin/python -m crawler.browser --quiet; then
  echo "No Chromium found: installing Debian's chromium package" >&2
  apt_install chromium fonts-noto-core
  .venv/bin/python -m crawler.browser
fi
# The history tests run a throwaway PostgreSQL cluster (initdb); Debian keeps its programs in /usr/lib/postgresql.
if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null && ! command -v initdb >/dev/null; then
  echo "No PostgreSQL server found: installing Debian's postgresql package" >&2
  apt_install postgresql
fi
# tests/test_shared_crawl.py shares a crawl between workers through a real redis-server.
if ! command -v redis-server >/dev/null; then
  echo "No Redis server found: installing Debian's redis-server package" >&2
  apt_install redis-server
fi
# tests/test_non_root.py runs the Docker image's entry point with Debian's own Python, as in the image.
if [ ! -x /usr/bin/python3 ]; then
  echo "No Debian python3 found: installing it" >&2
  apt_install python3
fi

#!/usr/bin/env bash
# Installs what Xiao'an needs that is missing: Debian packages with apt-get (non-interactive;
# CI has no terminal), then the web UI's npm packages from package-lock.json.
#   tools/install-deps.sh          build and run: compilers, -dev libraries, node and npm
#   tools/install-deps.sh --check  also what the tests need: chromium and CJK fonts
# Does nothing when everything is present.
set -euo pipefail
cd "$(dirname "$0")/.."

pkgs=(build-essential cmake pkg-config libmicrohttpd-dev libjansson-dev libsqlite3-dev
      libsodium-dev libcmocka-dev libmagic-dev sqlite3 ca-certificates)
[ "${1:-}" = "--check" ] && pkgs+=(chromium fonts-noto-cjk)
# node and npm may come from elsewhere than Debian; only their absence matters.
command -v node >/dev/null 2>&1 || pkgs+=(nodejs)
command -v npm >/dev/null 2>&1 || pkgs+=(npm)

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: missing packages: ${missing[*]} (run as root, or install them)" >&2
    exit 1
  fi
  echo "install-deps: installing ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm packages, pinned by package-lock.json; reinstalled only when the lock file changed.
if [ -f package-lock.json ]; then
  stamp=node_modules/.xa-installed
  if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
    echo "install-deps: npm ci" >&2
    npm ci --no-audit --no-fund --loglevel=error
    touch "$stamp"
  fi
fi

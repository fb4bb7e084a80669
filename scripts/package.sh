#!/usr/bin/env bash
# Packs the binaries from scripts/build.sh into release archives, with
# SHA-256 sums. Run by the release workflow; runs anywhere with bash, GNU
# tar, gzip and python3 (the tests feed it fake binaries).
#
#   scripts/package.sh [--version V] [--dist DIR] [--out DIR] [TARGET...]
#
#   --version V  release version, default deno.json's "version"
#   --dist DIR   build output, DIR/<target>/s3flood[.exe] (default dist)
#   --out DIR    where archives go (default DIST/release); emptied first
#   TARGET...    default: the five release targets; each must be built
#
# Writes, for each target, s3flood-V-TARGET.tar.gz (one directory
# s3flood-V-TARGET/ holding s3flood, README.md, config.sample.yaml) or, for
# Windows, s3flood-V-TARGET.zip (s3flood.exe, README.md, config.sample.yaml
# at the top), and SHA256SUMS in `sha256sum -c` form. Archives are
# reproducible: fixed owner, order and time ($SOURCE_DATE_EPOCH, else the
# commit's time).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

fail() {
  printf 'package: %s\n' "$1" >&2
  [ $# -gt 1 ] && printf '  what to do: %s\n' "$2" >&2
  exit "${3:-1}"
}

ALL_TARGETS=(x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu
  x86_64-apple-darwin aarch64-apple-darwin x86_64-pc-windows-msvc)
version="" dist="$here/dist" out="" targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --version | --dist | --out)
      [ $# -ge 2 ] || fail "$1 needs a value" "see the header of $0" 2
      case "$1" in
        --version) version=$2 ;; --dist) dist=$2 ;; --out) out=$2 ;;
      esac
      shift 2
      ;;
    -h | --help)
      sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    -*) fail "unknown option '$1' (allowed: --version, --dist, --out)" "" 2 ;;
    *)
      targets+=("$1")
      shift
      ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=("${ALL_TARGETS[@]}")
for t in "${targets[@]}"; do
  case " ${ALL_TARGETS[*]} " in *" $t "*) ;; *)
    fail "unknown target '$t' (allowed: ${ALL_TARGETS[*]})" "" 2
    ;;
  esac
done

if [ -z "$version" ]; then
  version=$(sed -n 's/^  "version": "\([^"]*\)",\{0,1\}$/\1/p' \
    "$here/deno.json")
fi
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.-]+)?$ ]] ||
  fail "version '$version' is not MAJOR.MINOR.PATCH" "pass --version 1.2.3" 2
out="${out:-$dist/release}"
epoch="${SOURCE_DATE_EPOCH:-$(git -C "$here" log -1 --format=%ct 2>/dev/null ||
  date +%s)}"
for tool in tar gzip python3; do
  command -v "$tool" >/dev/null || fail "$tool not found" "install $tool"
done

# Every binary first, so a missing one stops before anything is written.
for t in "${targets[@]}"; do
  exe=s3flood
  case "$t" in *windows*) exe=s3flood.exe ;; esac
  [ -f "$dist/$t/$exe" ] ||
    fail "no $dist/$t/$exe (target $t)" "run: bash scripts/build.sh $t"
done

rm -rf "$out"
mkdir -p "$out"
work=$(mktemp -d "${TMPDIR:-/tmp}/s3flood-package.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Stages one target's files under $work/NAME with release permissions.
stage() {
  local t=$1 name=$2 exe=$3
  mkdir -p "$work/$name"
  install -m 0755 "$dist/$t/$exe" "$work/$name/$exe"
  install -m 0644 "$here/README.md" "$here/config.sample.yaml" "$work/$name/"
}

tar_gz() {
  local name=$1
  (cd "$work" && tar --sort=name --owner=0 --group=0 --numeric-owner \
    --mtime="@$epoch" --format=ustar -cf - "$name") | gzip -n -9 \
    >"$out/$name.tar.gz"
}

# A zip with the files at its top, fixed times and Unix modes.
zip_flat() {
  python3 - "$work/$1" "$out/$1.zip" "$epoch" <<'EOF'
import os, sys, time, zipfile
src, dst, epoch = sys.argv[1], sys.argv[2], int(sys.argv[3])
stamp = time.gmtime(max(epoch, 315532800))[:6]
with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    for name in sorted(os.listdir(src)):
        info = zipfile.ZipInfo(name, stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = (os.stat(os.path.join(src, name)).st_mode
                              & 0o777 | 0o100000) << 16
        with open(os.path.join(src, name), "rb") as f:
            z.writestr(info, f.read())
EOF
}

for t in "${targets[@]}"; do
  name="s3flood-$version-$t"
  case "$t" in
    *windows*)
      stage "$t" "$name" s3flood.exe
      zip_flat "$name"
      echo "package: $out/$name.zip"
      ;;
    *)
      stage "$t" "$name" s3flood
      tar_gz "$name"
      echo "package: $out/$name.tar.gz"
      ;;
  esac
done

sum() { if command -v sha256sum >/dev/null; then sha256sum "$@"; else
  shasum -a 256 "$@"
fi; }
(
  cd "$out"
  shopt -s nullglob
  files=(*.tar.gz *.zip)
  mapfile -t files < <(printf '%s\n' "${files[@]}" | LC_ALL=C sort)
  sum "${files[@]}" >SHA256SUMS
)
echo "package: $out/SHA256SUMS"

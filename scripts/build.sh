#!/usr/bin/env bash
# Builds the standalone s3flood binaries with `deno compile --target`
# (deno downloads each target's runtime, so this runs in the release
# workflow, not on machines without that access).
#
#   scripts/build.sh [TARGET...]   default: all five release targets
#
# Output: dist/<target>/s3flood (s3flood.exe for Windows), or under
# $S3FLOOD_DIST. Every asset is a TypeScript module (the sample config,
# Chart.js, the report schema), so the binary needs no file beside it.
#
# The git commit (or $S3FLOOD_COMMIT) is stamped into a staged copy of
# src/cli/_build_info.ts; the working tree is never modified, so builds
# and edits may run side by side. `s3flood --version` prints it.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
export PATH="${S3FLOOD_TOOLS:-$HOME/.cache/s3flood/tools}/bin:$PATH"
dist="${S3FLOOD_DIST:-$here/dist}"

ALL_TARGETS=(x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu
  x86_64-apple-darwin aarch64-apple-darwin x86_64-pc-windows-msvc)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${ALL_TARGETS[@]}")
for target in "${targets[@]}"; do
  case " ${ALL_TARGETS[*]} " in *" $target "*) ;; *)
    echo "build: unknown target '$target' (allowed: ${ALL_TARGETS[*]})" >&2
    exit 2
    ;;
  esac
done
command -v deno >/dev/null || {
  echo "build: deno not found; run: bash scripts/setup.sh" >&2
  exit 1
}

commit="${S3FLOOD_COMMIT:-$(git rev-parse --short=12 HEAD 2>/dev/null || true)}"
[[ "$commit" =~ ^[0-9a-f]{7,40}$ ]] || {
  echo "build: no git commit to stamp (got '$commit'); set S3FLOOD_COMMIT" >&2
  exit 1
}

# The staged copy: what the binary is built from, with the commit stamped.
stage=$(mktemp -d "${TMPDIR:-/tmp}/s3flood-build.XXXXXX")
trap 'rm -rf "$stage"' EXIT
cp -R src deno.json deno.lock "$stage/"
info="$stage/src/cli/_build_info.ts"
sed "s/BUILD_COMMIT: string = \"\"/BUILD_COMMIT: string = \"$commit\"/" \
  src/cli/_build_info.ts >"$info"
grep -q "BUILD_COMMIT: string = \"$commit\"" "$info" || {
  echo "build: could not stamp the commit into $info" >&2
  exit 1
}

for target in "${targets[@]}"; do
  name=s3flood
  case "$target" in *windows*) name=s3flood.exe ;; esac
  mkdir -p "$dist/$target"
  echo "build: $target -> $dist/$target/$name (commit $commit)"
  (cd "$stage" && deno compile --frozen --target "$target" \
    --allow-read --allow-write --allow-net --allow-env --allow-run \
    --allow-sys --output "$dist/$target/$name" src/main.ts)
done

#!/usr/bin/env bash
# Builds the standalone s3flood binaries with `deno compile` (this needs to
# download Deno runtimes, so it runs in the release workflow, not on
# machines without that access).
#
#   scripts/build.sh [TARGET...]   default: all five release targets
#
# Output: dist/<target>/s3flood[.exe]. The git commit is stamped into
# src/cli/_build_info.ts for the build and restored afterwards.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
export PATH="${S3FLOOD_TOOLS:-$HOME/.cache/s3flood/tools}/bin:$PATH"

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu
    x86_64-apple-darwin aarch64-apple-darwin x86_64-pc-windows-msvc)
fi

info=src/cli/_build_info.ts
commit=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
cp "$info" "$info.bak"
trap 'mv "$info.bak" "$info"' EXIT
sed -i.tmp "s/BUILD_COMMIT: string = \"\"/BUILD_COMMIT: string = \"$commit\"/" "$info"
rm -f "$info.tmp"

for target in "${targets[@]}"; do
  name=s3flood
  case "$target" in *windows*) name=s3flood.exe ;; esac
  mkdir -p "dist/$target"
  echo "build: $target -> dist/$target/$name (commit $commit)"
  deno compile --target "$target" \
    --allow-read --allow-write --allow-net --allow-env --allow-run --allow-sys \
    --output "dist/$target/$name" src/main.ts
done

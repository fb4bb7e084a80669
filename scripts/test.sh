#!/usr/bin/env bash
# Runs the test suite with the tools from scripts/setup.sh on PATH. The
# integration tests start their own MinIO on a free loopback port (or use
# S3FLOOD_TEST_ENDPOINT with S3FLOOD_TEST_ACCESS_KEY/_SECRET_KEY).
# Arguments go to `deno task test` (e.g. a file to run only that file).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="${S3FLOOD_TOOLS:-$HOME/.cache/s3flood/tools}/bin:$PATH"
command -v deno >/dev/null || {
  echo "test: deno not found; run: bash scripts/setup.sh --extras" >&2
  exit 1
}
cd "$here"
exec deno task test "$@"

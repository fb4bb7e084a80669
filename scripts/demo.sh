#!/usr/bin/env bash
# The quickstart, end to end: starts a local MinIO (scripts/minio.sh, data
# under the tools dir, port 9000 or $S3FLOOD_DEMO_PORT; it keeps running
# afterwards: stop it with `bash scripts/minio.sh stop`), then runs
# examples/configs/quickstart.yaml against it and prints the summary.
# Run scripts/setup.sh once before. Extra arguments go to `s3flood run`.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="${S3FLOOD_TOOLS:-$HOME/.cache/s3flood/tools}"
export PATH="$TOOLS/bin:$PATH"
command -v deno >/dev/null || {
  echo "demo: deno not found in $TOOLS/bin; run: bash scripts/setup.sh" >&2
  exit 1
}
port="${S3FLOOD_DEMO_PORT:-9000}"
# Never run the demo against an endpoint inherited from the environment.
unset AWS_ENDPOINT_URL AWS_ENDPOINT_URL_S3 S3FLOOD_ENDPOINT
if ! exports="$(bash "$here/scripts/minio.sh" start --port "$port")"; then
  echo "demo: could not start MinIO on 127.0.0.1:$port" >&2
  echo "  what to do: pick a free port, e.g. S3FLOOD_DEMO_PORT=9100 bash scripts/demo.sh" >&2
  exit 1
fi
eval "$exports"
: "${AWS_ENDPOINT_URL:?minio.sh printed no endpoint}"
cd "$here"
echo "demo: running the quickstart against $AWS_ENDPOINT_URL" >&2
exec deno task s3flood run examples/configs/quickstart.yaml \
  --endpoint "$AWS_ENDPOINT_URL" "$@"

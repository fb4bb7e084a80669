#!/usr/bin/env bash
# Smoke test of a built s3flood: what a user does first, in a temp dir,
# with nothing beside the binary. The release workflow runs it on each
# target's own runner; a test runs it with `deno run` standing in.
#
#   scripts/smoke.sh BINARY [COMMIT]
#
# Checks `--version` (naming COMMIT when given), `init`, `config
# validate` and `dataset show` (the embedded sample config). With
# AWS_ENDPOINT_URL set (and AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY), it
# also runs examples/configs/quickstart.yaml against that endpoint and
# checks report.json and report.html (with the embedded Chart.js).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ $# -ge 1 ] || {
  echo "usage: scripts/smoke.sh BINARY [COMMIT]" >&2
  exit 2
}
bin=$1
commit=${2:-}
work=$(mktemp -d "${TMPDIR:-/tmp}/s3flood-smoke.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
export NO_COLOR=1

fail() {
  echo "smoke: FAILED: $*" >&2
  exit 1
}
step() { echo "smoke: $*" >&2; }

step "$bin --version"
version=$("$bin" --version) || fail "--version exited $?"
echo "$version"
[[ "$version" =~ ^s3flood\ [0-9]+\.[0-9]+\.[0-9]+.*\(commit\ [0-9a-f]{7,}.*deno\ [0-9] ]] ||
  fail "--version printed '$version'"
if [ -n "$commit" ] && [[ "$version" != *"commit ${commit:0:12}"* ]]; then
  fail "--version does not name commit ${commit:0:12}: '$version'"
fi

step "init, config validate, dataset show"
"$bin" init config.yaml || fail "init exited $?"
cmp -s config.yaml "$here/config.sample.yaml" ||
  fail "init wrote something else than config.sample.yaml"
"$bin" config validate config.yaml >validate.txt ||
  fail "config validate exited $?"
"$bin" dataset show config.yaml >show.txt || fail "dataset show exited $?"
grep -Eq "objects +122," show.txt ||
  fail "dataset show: not the sample's 122 objects: $(head -n 3 show.txt)"

if [ -z "${AWS_ENDPOINT_URL:-}" ]; then
  step "ok (no AWS_ENDPOINT_URL: no run)"
  exit 0
fi
step "run examples/configs/quickstart.yaml against $AWS_ENDPOINT_URL"
"$bin" run "$here/examples/configs/quickstart.yaml" --no-dashboard \
  --endpoint "$AWS_ENDPOINT_URL" --out results >run.txt 2>&1 || {
  cat run.txt >&2
  fail "run exited $?"
}
run_dir=$(find results -mindepth 1 -maxdepth 1 -type d | head -n 1)
[ -n "$run_dir" ] || fail "the run left no directory under results/"
grep -q '"status": *"completed"' "$run_dir/report.json" ||
  fail "report.json is not completed"
grep -q "Chart.js v" "$run_dir/report.html" ||
  fail "report.html has no embedded Chart.js"
step "ok ($run_dir)"

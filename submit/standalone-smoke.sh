#!/usr/bin/env bash
# Smoke test of the cluster path (run by .ci/run after the Maven tests): starts the local standalone cluster
# (submit/standalone-cluster.sh), runs prepare and inspect of the shipped USPS, a data-parallel `train` (480 images,
# 1 epoch, 2 workers: Spark ML's jars must be on the submit classpath) and `sweep conf/sweeps/smoke.conf`
# through submit/standalone.sh (spark-submit, shaded jar, client mode), checks the count (9298) and that every
# trial finished with a summary and a report, and stops the cluster (also on failure).
#
# Usage: submit/standalone-smoke.sh        (after mvn -B verify / package: needs the shaded jar)
# Environment: UCO_SMOKE_DIR (default: a fresh temporary folder, removed at the end), plus those of
#   submit/standalone-cluster.sh and submit/standalone.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/usage.sh"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here/.."
started=$SECONDS
out="${UCO_SMOKE_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/uco-smoke.XXXXXX")}"
cleanup() {
  "$here/standalone-cluster.sh" stop || true
  [[ -n "${UCO_SMOKE_DIR:-}" ]] || rm -rf "$out"
}
trap cleanup EXIT
unset SPARK_MASTER
"$here/standalone-cluster.sh" start
export SPARK_MASTER="$(cat target/standalone-cluster/master-url)"

echo "== prepare (spark-submit to $SPARK_MASTER)"
"$here/standalone.sh" prepare --dataset usps --raw data/raw --out "$out/prepared" 2> "$out/prepare.log" \
  || { tail -n 40 "$out/prepare.log" >&2; exit 1; }
echo "== inspect"
"$here/standalone.sh" inspect "$out/prepared/usps" > "$out/inspect.json" 2> "$out/inspect.log" \
  || { tail -n 40 "$out/inspect.log" >&2; exit 1; }
count="$(grep -m1 -o '^  "count" *: *[0-9]*' "$out/inspect.json" | grep -o '[0-9]*$' || true)"
if [[ "$count" != 9298 ]]; then
  echo "standalone-smoke: inspect count is '${count}', expected 9298" >&2
  head -c 2000 "$out/inspect.json" >&2
  exit 1
fi
# Both workers must have run executors of the applications.
for w in target/standalone-cluster/work/worker-*; do
  compgen -G "$w/app-*" > /dev/null || { echo "standalone-smoke: no executor ran on $(basename "$w")" >&2; exit 1; }
done

echo "== train ddc with parameter averaging over both executors"
"$here/standalone.sh" train --experiment ddc_usps --run-dir "$out/train" --set data.path="$out/prepared/usps" \
  --set data.limit=480 --set epochs=1 --set train.workers=2 > "$out/train.out" 2> "$out/train.log" \
  || { tail -n 40 "$out/train.log" >&2; exit 1; }
[[ -e "$out/train/summary.json" ]] || { echo "standalone-smoke: train wrote no summary.json" >&2; exit 1; }

echo "== sweep conf/sweeps/smoke.conf (trial-parallel on the cluster's executors)"
"$here/standalone.sh" sweep conf/sweeps/smoke.conf --set sweep.data_root="$out/prepared" --out "$out/sweep" \
  2> "$out/sweep.log" | tee "$out/sweep.out" || { tail -n 40 "$out/sweep.log" >&2; exit 1; }
for f in summary.csv summary.md summary.parquet report/index.html; do
  [[ -e "$out/sweep/$f" ]] || { echo "standalone-smoke: sweep output $f is missing" >&2; exit 1; }
done
# Every trial finished: the runs table of summary.md reads "2 / 0 / 0" (counted / failed / diverged) for each of the 5 models.
finished="$(grep -c '| 2 / 0 / 0 |' "$out/sweep/summary.md" || true)"
if [[ "$finished" != 5 ]]; then
  echo "standalone-smoke: expected 5 models with 2 finished and 0 failed trials, summary says:" >&2
  cat "$out/sweep/summary.md" >&2
  exit 1
fi

echo "standalone-smoke: OK (count $count) in $(( SECONDS - started )) s"

#!/usr/bin/env bash
# Data-parallel scaling benchmark (issue 19): a standalone cluster of 1-core workers (OMP_NUM_THREADS=1 in
# every executor), ddc and ddc_uco on USPS trained with parameter averaging on 1 and on 2 executors at each
# averaging frequency, and one 1-thread JVM (`train --local`, OMP_NUM_THREADS=1) as the baseline. Every run is
# a fresh spark-submit of the shaded jar (submit/standalone.sh) or a fresh launcher JVM, into its own run
# directory; the table gives the images/s of the last epoch's training phase (metrics.jsonl `images_per_s`:
# the epoch's minibatches over the wall time of fitting them, shuffle and averaging included, evaluation not).
# On a shared machine the load drifts: the local baseline of each model runs before and after that model's
# executor runs, and the table uses their mean (both are printed, with the load average at each run).
#
# usage: submit/bench-scaling.sh [IMAGES] [FREQUENCIES]
#   IMAGES       default 3840: the first IMAGES USPS images (data.limit; 32 batches of 120)
#   FREQUENCIES  default "1 4 16": train.averaging_frequency values, space-separated
# env: UCO_BENCH_MODELS (default "ddc ddc_uco"), UCO_BENCH_EPOCHS (default 2; the last one is reported, the
#      first warms the JVMs), UCO_DATA_ROOT (default data/prepared; USPS is prepared there if missing),
#      UCO_BENCH_DIR (keep the runs and logs there; default a temporary folder removed at the end).
# The script starts its own 2-worker cluster (submit/standalone-cluster.sh) and stops it at the end; it
# refuses to run while that cluster is already up.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/usage.sh"
cd "$(dirname "$0")/.."
images=${1:-3840}
freqs=${2:-1 4 16}
models=${UCO_BENCH_MODELS:-ddc ddc_uco}
epochs=${UCO_BENCH_EPOCHS:-2}
data_root=${UCO_DATA_ROOT:-data/prepared}
die() { echo "bench-scaling: $*" >&2; exit 2; }
[[ "$images" =~ ^[1-9][0-9]*$ ]] || die "IMAGES must be a positive integer, got '$images'"
(( images >= 240 )) || die "IMAGES must be at least 240 (two batches of 120), got $images"
for f in $freqs; do
  [[ "$f" =~ ^[1-9][0-9]*$ ]] || die "FREQUENCIES must be positive integers, got '$f'"
done
[[ -n "${freqs// /}" ]] || die "FREQUENCIES must name at least one averaging frequency"
[[ "$epochs" =~ ^[1-9][0-9]*$ ]] || die "UCO_BENCH_EPOCHS must be a positive integer, got '$epochs'"
for m in $models; do
  [[ -f "conf/experiments/${m}_usps.conf" ]] || die "UCO_BENCH_MODELS: no experiment conf/experiments/${m}_usps.conf"
done
[[ -f target/classpath.txt ]] || die "build first: mvn -q -B -DskipTests package"
ls target/uco-spark-*-spark.jar > /dev/null 2>&1 || die "build first: mvn -q -B -DskipTests package (no shaded jar)"
if submit/standalone-cluster.sh status > /dev/null 2>&1; then
  die "a standalone cluster already runs (submit/standalone-cluster.sh stop first)"
fi
if [[ ! -f "$data_root/usps/_manifest.json" ]]; then
  submit/uco-spark prepare --dataset usps --raw data/raw --out "$data_root" > /dev/null
fi
usps=$(cd "$data_root/usps" && pwd)
if [[ -n "${UCO_BENCH_DIR:-}" ]]; then
  mkdir -p "$UCO_BENCH_DIR"
  scratch=$(cd "$UCO_BENCH_DIR" && pwd)
  trap 'submit/standalone-cluster.sh stop > /dev/null 2>&1 || true' EXIT
else
  scratch=$(mktemp -d)
  trap 'submit/standalone-cluster.sh stop > /dev/null 2>&1 || true; rm -rf "$scratch"' EXIT
fi

UCO_WORKERS=2 UCO_WORKER_CORES=1 UCO_CLUSTER_TIMEOUT=${UCO_CLUSTER_TIMEOUT:-300} submit/standalone-cluster.sh start > "$scratch/cluster.log" 2>&1 \
  || { tail -5 "$scratch/cluster.log" >&2; die "the standalone cluster did not start; log $scratch/cluster.log"; }

# run LABEL COMMAND...: one training run into $scratch/LABEL; prints the last epoch's images/s
run() {
  local label=$1
  shift
  rm -rf "${scratch:?}/$label"
  if ! "$@" --run-dir "$scratch/$label" > "$scratch/$label.log" 2>&1; then
    tail -5 "$scratch/$label.log" >&2
    die "run '$label' failed; log $scratch/$label.log"
  fi
  tail -1 "$scratch/$label/metrics.jsonl" | grep -o '"images_per_s":[0-9.eE+-]*' | cut -d: -f2
}

# ratio A B: A / B with two decimals
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2fx", a / b}'; }

echo "bench-scaling: ${models} on USPS (first $images images, $epochs epochs, last one reported), 1-core executors," \
  "averaging frequencies $freqs; $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
rows=()
for m in $models; do
  common=(train --experiment "${m}_usps" --set data.path="$usps" --set data.limit="$images" --set epochs="$epochs"
    --set eval_interval=1000000)
  local_a=$(run "$m-local-a" env OMP_NUM_THREADS=1 submit/uco-spark "${common[@]}" --local --set train.threads=1)
  echo "  $m: local 1 thread $(printf '%.1f' "$local_a") img/s (load $(cut -d' ' -f1 /proc/loadavg))"
  model_rows=()
  for f in $freqs; do
    declare -A ips=()
    for k in 1 2; do
      ips[$k]=$(run "$m-e$k-f$f" env UCO_EXECUTORS="$k" UCO_EXECUTOR_CORES=1 submit/standalone.sh "${common[@]}" \
        --set train.workers="$k" --set train.averaging_frequency="$f")
      echo "  $m: $k executor(s), averaging every $f: $(printf '%.1f' "${ips[$k]}") img/s (load $(cut -d' ' -f1 /proc/loadavg))"
    done
    model_rows+=("$f ${ips[1]} ${ips[2]}")
  done
  local_b=$(run "$m-local-b" env OMP_NUM_THREADS=1 submit/uco-spark "${common[@]}" --local --set train.threads=1)
  echo "  $m: local 1 thread, again $(printf '%.1f' "$local_b") img/s (load $(cut -d' ' -f1 /proc/loadavg))"
  local_ips=$(awk -v a="$local_a" -v b="$local_b" 'BEGIN {print (a + b) / 2}')
  rows+=("| $m | local, 1 thread (mean of $(printf '%.0f' "$local_a") and $(printf '%.0f' "$local_b")) | - | $(printf '%.0f' "$local_ips") | | 1.00x |")
  for r in "${model_rows[@]}"; do
    read -r f e1 e2 <<< "$r"
    rows+=("| $m | 1 executor | $f | $(printf '%.0f' "$e1") | 1.00x | $(ratio "$e1" "$local_ips") |")
    rows+=("| $m | 2 executors | $f | $(printf '%.0f' "$e2") | $(ratio "$e2" "$e1") | $(ratio "$e2" "$local_ips") |")
  done
done
echo
echo "load at the end $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| model | training on | averaging frequency | images/s | vs 1 executor | vs local 1 thread |"
echo "|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"

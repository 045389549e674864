#!/usr/bin/env bash
# How each stage's cost grows with the data (issue 26, docs/PERFORMANCE.md "How cost grows"): for each size N
# a synthetic labelled data set of N images 1×28×28 (random pixels, 10 classes) is written as a CSV table and
# prepared by the product (`prepare --format csv`, Parquet + manifest), then timed, each stage a fresh JVM of
# submit/uco-spark: prepare; training of ddc for one epoch (`--local` and Spark local[2]; the epoch ends with
# the run's evaluation and its assignments); `predict` of the local run's model on the whole set; `report` of
# that run. Then `summarize` and `report` of synthetic sweeps of 10 … 10,000 finished trials (the test-scope
# generator of the sweep tests, so this part runs through Maven: TrialsGrowthBenchTest). Every stage prints its wall time and the peak resident memory of its JVM (/usr/bin/time: VmHWM;
# under local[2] driver and executor are that one JVM).
#
# usage: submit/bench-growth.sh [--help] [SIZES]
#   SIZES  default "10000 100000": numbers of images, space-separated
# env: UCO_GROWTH_DIR   keep data, runs and logs there (default a temporary folder removed at the end)
#      UCO_GROWTH_TRIALS  trials table sizes (default "10 100 1000 10000"; empty: skip that part)
#      UCO_GROWTH_TRAIN_MAX  train (and predict/report, which need the run) only for N up to this (default
#                            100000): an epoch of 1M images takes hours on a small machine
# Output: one tab-separated line per stage: size, stage, seconds, peak MiB (RSS of the JVM; for the trials part
# the heap pools' peak during the command, all in one JVM); the table is also written to
# DIR/growth.tsv. Disk: about 2.8 KB of CSV per image (removed once prepared) and 0.8 KB of Parquet (random
# pixels of 256 levels compress to one byte each): 1M images need 2.8 GB while preparing, 0.8 GB after.
set -euo pipefail
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }
if [[ "${1:-}" == "--help" || "${1:-}" == "-h" ]]; then usage; exit 0; fi
cd "$(dirname "$0")/.."
sizes=${1:-10000 100000}
train_max=${UCO_GROWTH_TRAIN_MAX:-100000}
die() { echo "bench-growth: $*" >&2; exit 2; }
for n in $sizes; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] && (( n >= 240 )) || die "SIZES must be integers of at least 240 (two batches), got '$n'"
done
[[ "$train_max" =~ ^[0-9]+$ ]] || die "UCO_GROWTH_TRAIN_MAX must be a non-negative integer, got '$train_max'"
[[ -x /usr/bin/time ]] || die "/usr/bin/time (GNU time) is needed for the peak memory"
[[ -f target/classpath.txt ]] || die "build first: mvn -q -B -DskipTests package"
if [[ -n "${UCO_GROWTH_DIR:-}" ]]; then
  mkdir -p "$UCO_GROWTH_DIR"; dir=$(cd "$UCO_GROWTH_DIR" && pwd)
else
  dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
fi
out="$dir/growth.tsv"
printf 'images\tstage\tseconds\tpeak_rss_mib\n' > "$out"
cat "$out"

# stage N NAME COMMAND...: runs COMMAND under /usr/bin/time, appends "N NAME seconds MiB" to the table
stage() {
  local n=$1 name=$2; shift 2
  local log="$dir/$n-$name.log"
  /usr/bin/time -f '%e %M' -o "$dir/$n-$name.time" "$@" > "$log" 2>&1 \
    || { tail -5 "$log" >&2; die "stage $name at $n images failed; log $log"; }
  read -r secs kib < "$dir/$n-$name.time"
  printf '%s\t%s\t%s\t%d\n' "$n" "$name" "$secs" $(( kib / 1024 )) | tee -a "$out"
}

# csv N FILE: a header and N rows "label,p0..p783", pixels uniform 0..255, labels 0..9 (seeded)
csv() {
  awk -v n="$1" 'BEGIN { srand(26); printf "label"; for (j = 0; j < 784; j++) printf ",p%d", j; printf "\n";
    for (i = 0; i < n; i++) { printf "%d", i % 10; for (j = 0; j < 784; j++) printf ",%d", int(rand() * 256); printf "\n" } }' > "$2"
}

for n in $sizes; do
  csv "$n" "$dir/synth$n.csv"
  stage "$n" prepare submit/uco-spark prepare --dataset "synth$n" --format csv --raw "$dir/synth$n.csv" \
    --shape 1x28x28 --out "$dir/prepared"
  rm -f "$dir/synth$n.csv"
  data="$dir/prepared/synth$n"
  (( n <= train_max )) || continue
  common=(--set epochs=1 --set eval_interval=1 --set "data.path=$data")
  stage "$n" train-local submit/uco-spark train --model ddc --data "$data" --local --run-dir "$dir/runs/local$n" "${common[@]}"
  stage "$n" train-spark-local2 submit/uco-spark train --model ddc --data "$data" --run-dir "$dir/runs/spark$n" \
    --set 'spark.master=local[2]' "${common[@]}"
  stage "$n" predict submit/uco-spark predict --run-dir "$dir/runs/local$n" --data "$data" --out "$dir/preds$n"
  stage "$n" report submit/uco-spark report "$dir/runs/local$n"
done
trials=${UCO_GROWTH_TRIALS-10 100 1000 10000}
if [[ -n "${trials// /}" ]]; then
  # summarize/report of N trials, in one JVM: seconds and the heap pools' peak during each command
  mvn -B -q -o test -Dspotless.check.skip=true -Dtest=TrialsGrowthBenchTest -Dbench=true \
    -Dbench.trials="$trials" -Dsurefire.failIfNoSpecifiedTests=false > "$dir/trials.log" 2>&1 \
    || { tail -20 "$dir/trials.log" >&2; die "the trials part failed; log $dir/trials.log"; }
  grep -E $'^[0-9]+\t(summarize|report)\t' "$dir/trials.log" | tee -a "$out"
fi
echo "table: $out"

#!/usr/bin/env bash
# Fault injection on the local standalone cluster (submit/standalone-cluster.sh): a small sweep run undisturbed,
# then again with an executor JVM killed mid-sweep, then again with the driver killed mid-sweep and the sweep
# re-run (resumed) on the same folder; each summary.csv must equal the undisturbed one. Bad inputs (an empty
# grid, a missing sweep file, an unknown key, a second live sweep on the same folder) must each be refused with
# exit 2 and one line. Prints the figures: cases tried, faults survived, bad inputs rejected, results lost.
#
# Usage: submit/chaos-sweep.sh [--epochs N] [--keep DIR] [--halving]   (after mvn -B -DskipTests package: the shaded jar)
#   --epochs N   epochs per trial (default 3; the kills happen after the first checkpoint of a trial)
#   --keep DIR   keep sweeps and logs in DIR (default: a temporary folder removed at the end)
#   --halving    the sweep as successive halving (docs/SWEEPS.md): two learning rates per model, rungs at
#                1, 2, 4, ... epochs (eta 2), so each model's worse configuration stops at the first rung; the
#                killed and resumed sweeps must make the same decisions and end with the same summary
# Environment: those of submit/standalone-cluster.sh and submit/standalone.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/usage.sh"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here/.."
die() { echo "chaos-sweep: $*" >&2; exit 2; }
epochs=3
keep=""
halving=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --epochs) [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || die "--epochs needs a positive integer"; epochs=$2; shift 2 ;;
    --keep) [[ $# -ge 2 && -n "$2" ]] || die "--keep needs a folder"; keep=$2; shift 2 ;;
    --halving) halving='schedule = halving, halving { min_epochs = 1, eta = 2 }
  axes { "optimizer.learning_rate" = [1e-3, 1e-2] }'; shift ;;
    *) die "unknown argument '$1' (usage: submit/chaos-sweep.sh [--epochs N] [--keep DIR] [--halving])" ;;
  esac
done
compgen -G "target/uco-spark-*-spark.jar" > /dev/null || die "build first: mvn -q -B -DskipTests package"
out="${keep:-$(mktemp -d "${TMPDIR:-/tmp}/uco-chaos.XXXXXX")}"
mkdir -p "$out"
cleanup() {
  "$here/standalone-cluster.sh" stop > /dev/null 2>&1 || true
  [[ -n "$keep" ]] || rm -rf "$out"
}
trap cleanup EXIT
unset SPARK_MASTER
"$here/standalone-cluster.sh" start
export SPARK_MASTER="$(cat target/standalone-cluster/master-url)"
cases=0 survived=0 rejected=0 lost=0

"$here/standalone.sh" prepare --dataset usps --raw data/raw --out "$out/prepared" > "$out/prepare.log" 2>&1 \
  || { tail -n 20 "$out/prepare.log" >&2; exit 1; }
cat > "$out/chaos.conf" <<EOF
sweep {
  name = chaos
  models = [ddc, ddc_uco]
  seeds = 2
  set { epochs = $epochs, eval_interval = 1, checkpoint_interval = 1, batch_size = 60, data.limit = 480,
        ofm.max_batches = 1 }
  data_root = "$out/prepared"
  max_attempts = 3
  parallelism = 2
  $halving
}
EOF

sweep() { # sweep OUT [ARGS...]: one sweep through spark-submit; log in OUT.log
  local dir=$1
  shift
  "$here/standalone.sh" sweep "$out/chaos.conf" --out "$dir" "$@" > "$dir.log" 2>&1
}
descendants() { # every process below $1
  local child
  for child in $(pgrep -P "$1" || true); do
    echo "$child"
    descendants "$child"
  done
}
wait_for_checkpoint() { # until some trial of sweep folder $1 has written a checkpoint (600 s at most)
  for _ in $(seq 1 1200); do
    compgen -G "$1/runs/*/checkpoints/state.json" > /dev/null && return 0
    sleep 0.5
  done
  echo "chaos-sweep: no checkpoint appeared under $1" >&2
  exit 1
}
same_summary() { # same_summary A B: summary.csv equal up to 1e-9 in every number
  awk -F, 'NR == FNR { a[FNR] = $0; n = FNR; next }
    { if (!(FNR in a)) exit 1; split(a[FNR], x, ","); if (length(x) != NF) exit 1
      for (i = 1; i <= NF; i++) {
        if (x[i] == $i) continue
        if ((x[i] + 0 == x[i]) && ($i + 0 == $i) && (x[i] - $i < 1e-9) && ($i - x[i] < 1e-9)) continue
        exit 1 } m = FNR }
    END { exit (m == n ? 0 : 1) }' "$1/summary.csv" "$2/summary.csv"
}
check() { # check NAME DIR: the sweep in DIR ended with the undisturbed summary
  cases=$((cases + 1))
  if [[ -f "$2/summary.csv" ]] && same_summary "$out/reference" "$2"; then
    survived=$((survived + 1))
    echo "  $1: summary equals the undisturbed run's"
  else
    lost=$((lost + 1))
    echo "  $1: RESULT LOST OR DIFFERENT (see $2.log)" >&2
  fi
}

echo "== undisturbed sweep"
sweep "$out/reference" || { tail -n 20 "$out/reference.log" >&2; exit 1; }

echo "== an executor JVM killed mid-sweep"
sweep "$out/executor" &
job=$!
wait_for_checkpoint "$out/executor"
victim=""
for f in target/standalone-cluster/worker-*.pid; do
  victim=$(pgrep -P "$(cat "$f")" | head -n 1 || true)
  [[ -n "$victim" ]] && break
done
[[ -n "$victim" ]] && kill -9 "$victim" && echo "  killed executor JVM $victim"
wait "$job" || true
check "executor killed" "$out/executor"

echo "== the driver killed mid-sweep, then the sweep re-run on the same folder"
sweep "$out/driver" &
job=$!
wait_for_checkpoint "$out/driver"
for p in $(descendants "$job"); do
  [[ "$(ps -o comm= -p "$p" 2>/dev/null)" == java ]] && kill -9 "$p" && echo "  killed driver JVM $p"
done
wait "$job" || true
sweep "$out/driver" || true
check "driver killed and resumed" "$out/driver"

echo "== bad inputs"
refused() { # refused NAME EXPECTED_TEXT COMMAND...: exit 2 and one line on stderr containing EXPECTED_TEXT
  local name=$1 text=$2 err
  shift 2
  cases=$((cases + 1))
  set +e
  "$@" > "$out/bad.out" 2> "$out/bad.err"
  local code=$?
  set -e
  err=$(grep -v -e '^WARNING' -e 'WARN' -e '^\s*$' -e 'log4j' "$out/bad.err" | grep 'uco-spark:' || true)
  if [[ $code == 2 && $(wc -l <<< "$err") == 1 && "$err" == *"$text"* ]]; then
    rejected=$((rejected + 1))
    echo "  $name: refused ($err)"
  else
    echo "  $name: NOT refused cleanly (exit $code): $(tail -n 3 "$out/bad.err")" >&2
  fi
}
sed 's/models = \[ddc, ddc_uco\]/models = []/' "$out/chaos.conf" > "$out/empty.conf"
refused "empty grid" "grid is empty" "$here/standalone.sh" sweep "$out/empty.conf" --out "$out/empty"
refused "missing sweep file" "file not found" "$here/standalone.sh" sweep "$out/none.conf" --out "$out/none"
refused "unknown key" "unknown key 'epochz'" "$here/standalone.sh" sweep "$out/chaos.conf" --set epochz=3 --out "$out/x"
sweep "$out/live" --set sweep.set.epochs=$((epochs + 20)) &
job=$!
for _ in $(seq 1 600); do [[ -f "$out/live/sweep.lock" ]] && break; sleep 0.5; done
refused "second live sweep" "another sweep is running" "$here/standalone.sh" sweep "$out/chaos.conf" --out "$out/live"
for p in $(descendants "$job"); do kill -9 "$p" 2> /dev/null || true; done
wait "$job" 2> /dev/null || true

echo "chaos-sweep: cases tried $cases, faults survived $survived of 2, bad inputs rejected with a clear line" \
  "$rejected of 4, results lost $lost"
[[ $lost == 0 && $survived == 2 && $rejected == 4 ]]

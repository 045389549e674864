#!/usr/bin/env bash
# Trial-parallel benchmark: runs one sweep four ways on the same Spark master, each in a fresh JVM and a fresh
# output folder, and reports the trials phase ("trials X s" in the sweep's last line) and the ratios.
#
#   parallel        trial-parallel defaults: parallelism = the master's cores, each trial its share of threads
#   data-parallel   the sweep's other mode: trials one after another, each trained with parameter averaging
#                   across the executors (sweep.mode = data-parallel, everything else as configured)
#   serial-shared   trial-parallel with one trial at a time, each with the thread count it had in `parallel`
#                   (what running side by side gains, nothing else changed)
#   serial-all      trial-parallel with one trial at a time, each with all the cores
#
# usage: submit/bench-trial-parallel.sh [SWEEP_CONF] [ROUNDS]
#   SWEEP_CONF  default conf/sweeps/bench-trial-parallel.conf (8 short ddc trials on USPS)
#   ROUNDS      default 2; the three modes alternate within a round; the table shows every run and the medians
# env: UCO_MASTER (default local[2]); UCO_DATA_ROOT (default data/prepared; USPS is prepared there if missing);
#      UCO_BENCH_DIR (keep the sweeps and logs there; default a temporary folder removed at the end)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/usage.sh"
cd "$(dirname "$0")/.."
conf=${1:-conf/sweeps/bench-trial-parallel.conf}
rounds=${2:-2}
master=${UCO_MASTER:-local[2]}
data_root=${UCO_DATA_ROOT:-data/prepared}
die() { echo "bench-trial-parallel: $*" >&2; exit 2; }
[[ -f "$conf" ]] || die "$conf: no such sweep file"
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || die "ROUNDS must be a positive integer, got '$rounds'"
[[ -f target/classpath.txt ]] || die "build first: mvn -q -B -DskipTests package"
if [[ ! -f "$data_root/usps/_manifest.json" ]]; then
  submit/uco-spark prepare --dataset usps --raw data/raw --out "$data_root"
fi
if [[ -n "${UCO_BENCH_DIR:-}" ]]; then
  scratch=$UCO_BENCH_DIR
  mkdir -p "$scratch"
else
  scratch=$(mktemp -d)
  trap 'rm -rf "$scratch"' EXIT
fi

# run LABEL [--set ...]: one sweep into a fresh folder; prints the seconds of its trials phase
run() {
  local label=$1
  shift
  rm -rf "${scratch:?}/$label"
  if ! submit/uco-spark sweep "$conf" --set spark.master="$master" --set sweep.data_root="$data_root" "$@" \
      --out "$scratch/$label" > "$scratch/$label.log" 2>&1; then
    tail -5 "$scratch/$label.log" >&2
    die "sweep '$label' failed; log $scratch/$label.log"
  fi
  grep -h " finished, .* failed in " "$scratch/$label.log" | grep -o "trials [0-9.]* s" | grep -o "[0-9.]*"
}

echo "bench-trial-parallel: $conf on $master, $rounds round(s), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
declare -a par dp shared all
threads=""
for ((r = 1; r <= rounds; r++)); do
  par+=("$(run "parallel-$r")")
  if [[ -z "$threads" ]]; then
    line=$(grep -h "^trial-parallel: up to" "$scratch/parallel-$r.log")
    threads=$(sed -E 's/.*, ([0-9]+) threads? each.*/\1/' <<< "$line")
    echo "  parallel mode: ${line#trial-parallel: }"
  fi
  dp+=("$(run "data-parallel-$r" --set sweep.mode=data-parallel)")
  shared+=("$(run "serial-shared-$r" --set sweep.parallelism=1 --set sweep.threads_per_trial="$threads")")
  all+=("$(run "serial-all-$r" --set sweep.parallelism=1)")
  echo "  round $r: parallel ${par[-1]} s, data-parallel ${dp[-1]} s, serial-shared ${shared[-1]} s, serial-all ${all[-1]} s (trials phase)"
done

median() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
mp=$(median "${par[@]}")
md=$(median "${dp[@]}")
ms=$(median "${shared[@]}")
ma=$(median "${all[@]}")
echo
echo "| mode | trials phase, s (median of $rounds) | runs | speed-up of parallel |"
echo "|---|---|---|---|"
echo "| parallel ($threads thread(s) per trial) | $mp | ${par[*]} | 1.00x |"
echo "| data-parallel (one at a time, parameter averaging) | $md | ${dp[*]} | $(awk -v a="$md" -v b="$mp" 'BEGIN {printf "%.2fx", a / b}') |"
echo "| serial-shared ($threads thread(s) per trial, one at a time) | $ms | ${shared[*]} | $(awk -v a="$ms" -v b="$mp" 'BEGIN {printf "%.2fx", a / b}') |"
echo "| serial-all (all cores per trial, one at a time) | $ma | ${all[*]} | $(awk -v a="$ma" -v b="$mp" 'BEGIN {printf "%.2fx", a / b}') |"
